-- Every unit of some kinds and how many of the TTHC report's figures it has in one period.
WITH held AS (
    SELECT unit_id, count(DISTINCT criterion_code) AS n_items
    FROM period_rows($period_type, $period_key)
    WHERE index_code = 'TTHC' AND value IS NOT NULL
    GROUP BY unit_id
)
SELECT u.unit_id, u.name, u.kind, coalesce(h.n_items, 0) AS n_items
FROM units u
LEFT JOIN held h ON h.unit_id = u.unit_id
WHERE list_contains($kinds, u.kind)
ORDER BY u.kind, u.unit_id;
