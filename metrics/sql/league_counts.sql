-- How many units of each league kind hold a 766 total in one period.
SELECT u.kind, count(DISTINCT o.unit_id) AS n_units
FROM period_rows($period_type, $period_key) o
JOIN units u ON u.unit_id = o.unit_id
WHERE o.index_code = $index_code AND o.criterion_code = $index_code AND o.points IS NOT NULL
GROUP BY u.kind;
