-- What a pending task-progress load changes, per task: reports added, the current status replaced.
SELECT s.task_id AS unit,
       count(*) AS new_rows,
       count(v.batch_id) FILTER (WHERE s.reported_on >= v.reported_on) AS replaced,
       count(*) FILTER (WHERE s.reported_on >= v.reported_on AND v.status IS DISTINCT FROM s.status) AS changed,
       string_agg(DISTINCT CAST(v.batch_id AS VARCHAR), ', ') AS batches
FROM staged s
LEFT JOIN v_task_status v ON v.task_id = s.task_id
GROUP BY 1
ORDER BY replaced DESC, unit;
