-- A unit's official rank on an index's root criterion per year, what it is out of as loaded,
-- and how many provinces the warehouse holds a result for that year.
SELECT o.period_key AS year, o.rank_official AS rank, o.rank_of, o.value,
       (SELECT count(DISTINCT p.unit_id) FROM v_observations p JOIN units u ON u.unit_id = p.unit_id
        WHERE p.index_code = $index_code AND p.criterion_code = $index_code AND p.period_type = 'year'
          AND p.period_key = o.period_key AND u.kind = 'province') AS provinces_held
FROM v_observations o
WHERE o.index_code = $index_code AND o.criterion_code = $index_code AND o.unit_id = $unit_id
  AND o.period_type = 'year'
ORDER BY o.period_key;
