-- Periods holding a national ranking (more than one province scored) ending on or before
-- $until, newest first, with how many provinces each ranks. The home province's score alone (a
-- unit-scores file carries it) is not a ranking (docs/051).
SELECT o.period_type, o.period_key, max(o.period_end) AS period_end, count(DISTINCT o.unit_id) AS n_provinces
FROM observations o
JOIN batches b ON b.batch_id = o.batch_id
JOIN units u ON u.unit_id = o.unit_id
WHERE b.status = 'active' AND o.index_code = $index_code AND o.criterion_code = $index_code
  AND u.kind = 'province' AND o.points IS NOT NULL AND o.period_end <= $until
GROUP BY o.period_type, o.period_key
HAVING count(DISTINCT o.unit_id) >= $min_size
ORDER BY period_end DESC, list_position(['day', 'month', 'quarter', 'year'], o.period_type)
LIMIT $limit;
