-- After batch $batch_id is undone: for each row it held, the active batch whose row is in force now
-- for the same key (NULL: nothing is), counted per batch. Observations and targets by their key;
-- task reports by task (the view keeps each task's latest report).
SELECT v.batch_id AS now_batch, count(*) AS n
FROM observations o
LEFT JOIN v_observations v
  ON v.index_code = o.index_code AND v.criterion_code = o.criterion_code AND v.unit_id = o.unit_id
 AND v.period_type = o.period_type AND v.period_key = o.period_key
WHERE o.batch_id = $batch_id
GROUP BY 1
UNION ALL
SELECT v.batch_id, count(*)
FROM targets t
LEFT JOIN v_targets v
  ON v.criterion_code = t.criterion_code AND v.year = t.year AND v.scope = t.scope
 AND coalesce(v.unit_id, '') = coalesce(t.unit_id, '')
WHERE t.batch_id = $batch_id
GROUP BY 1
UNION ALL
SELECT v.batch_id, count(DISTINCT r.task_id)
FROM task_reports r
LEFT JOIN v_task_status v ON v.task_id = r.task_id
WHERE r.batch_id = $batch_id
GROUP BY 1
