-- The total score of every unit of some kinds in every period of a type (NULL where missing).
WITH periods AS (
    SELECT DISTINCT period_key, period_end FROM v_observations
    WHERE index_code = $index_code AND period_type = $period_type
), totals AS (
    SELECT unit_id, period_key, points FROM v_observations
    WHERE index_code = $index_code AND criterion_code = $index_code AND period_type = $period_type
)
SELECT u.unit_id, u.name, u.kind, p.period_key, p.period_end, t.points AS total
FROM units u
CROSS JOIN periods p
LEFT JOIN totals t ON t.unit_id = u.unit_id AND t.period_key = p.period_key
WHERE list_contains($kinds, u.kind)
ORDER BY u.kind, u.unit_id, p.period_end;
