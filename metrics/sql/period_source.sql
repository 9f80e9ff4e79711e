-- Where the data of a period comes from: source labels and the newest load time.
SELECT coalesce(o.source_label, b.format) AS source, max(o.loaded_at) AS loaded_at, count(*) AS n_rows
FROM v_observations o JOIN batches b ON b.batch_id = o.batch_id
WHERE o.index_code = $index_code AND o.period_type = $period_type AND o.period_key = $period_key
GROUP BY 1 ORDER BY n_rows DESC;
