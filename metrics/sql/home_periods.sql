-- Periods holding the home province's own 766 score (its total, or a group score), newest first:
-- the overview opens on the first (docs/051).
SELECT o.period_type, o.period_key, max(o.period_end) AS period_end
FROM observations o
JOIN batches b ON b.batch_id = o.batch_id
WHERE b.status = 'active' AND o.index_code = $index_code AND o.unit_id = $home AND o.points IS NOT NULL
  AND (o.criterion_code = $index_code OR list_contains($group_codes, o.criterion_code))
GROUP BY o.period_type, o.period_key
ORDER BY period_end DESC, list_position(['day', 'month', 'quarter', 'year'], o.period_type);
