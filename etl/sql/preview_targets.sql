-- What a pending targets load changes, per criterion: targets added, current ones replaced.
SELECT s.criterion_code AS unit,
       count(*) AS new_rows,
       count(v.batch_id) AS replaced,
       count(*) FILTER (WHERE v.batch_id IS NOT NULL AND v.value IS DISTINCT FROM s.value) AS changed,
       string_agg(DISTINCT CAST(v.batch_id AS VARCHAR), ', ') AS batches
FROM staged s
LEFT JOIN v_targets v
  ON v.criterion_code = s.criterion_code AND v.year = s.year AND v.scope = s.scope
 AND coalesce(v.unit_id, '') = coalesce(s.unit_id, '')
GROUP BY 1
ORDER BY replaced DESC, unit;
