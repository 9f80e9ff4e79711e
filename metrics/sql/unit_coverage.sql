-- Every unit of some kinds and what the warehouse holds for it in one period of an index:
-- the total, how many of the formula's groups and of its scored indicators.
WITH held AS (
    SELECT unit_id,
           bool_or(criterion_code = $index_code) AS has_total,
           count(DISTINCT criterion_code) FILTER (WHERE list_contains($group_codes, criterion_code)) AS n_groups,
           count(DISTINCT criterion_code) FILTER (WHERE list_contains($indicator_codes, criterion_code)) AS n_indicators
    FROM period_rows($period_type, $period_key)
    WHERE index_code = $index_code
    GROUP BY unit_id
)
SELECT u.unit_id, u.name, u.kind, coalesce(h.has_total, false) AS has_total,
       coalesce(h.n_groups, 0) AS n_groups, coalesce(h.n_indicators, 0) AS n_indicators
FROM units u
LEFT JOIN held h ON h.unit_id = u.unit_id
WHERE list_contains($kinds, u.kind)
ORDER BY u.kind, u.unit_id;
