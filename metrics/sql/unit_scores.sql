-- Totals and group scores of every unit of one kind in one period, with the official rank and band.
SELECT u.unit_id, u.kind, u.subkind, u.name, u.short_name,
       o.criterion_code, o.value, o.points, o.max_points, o.rank_official, o.band_official,
       o.source_label, o.loaded_at
FROM v_observations o
JOIN units u USING (unit_id)
WHERE o.index_code = $index_code
  AND o.period_type = $period_type AND o.period_key = $period_key
  AND u.kind = $kind
  AND o.criterion_code IN (SELECT code FROM criteria WHERE index_code = $index_code AND level <= 1);
