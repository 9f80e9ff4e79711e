-- What a pending load changes, per unit: its rows, the current rows it replaces
-- (from which batches) and how many of those change value. `staged` is the pending rows.
SELECT coalesce(u.name, s.unit_id) AS unit,
       count(*) AS new_rows,
       count(v.batch_id) AS replaced,
       count(*) FILTER (WHERE v.batch_id IS NOT NULL AND v.value IS DISTINCT FROM s.value) AS changed,
       string_agg(DISTINCT CAST(v.batch_id AS VARCHAR), ', ') AS batches
FROM staged s
LEFT JOIN v_observations v
  ON v.index_code = s.index_code AND v.criterion_code = s.criterion_code AND v.unit_id = s.unit_id
 AND v.period_type = s.period_type AND v.period_key = s.period_key
LEFT JOIN units u ON u.unit_id = s.unit_id
GROUP BY 1
ORDER BY replaced DESC, unit;
