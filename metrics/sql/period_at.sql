-- The period of this type ending on a date, and whether an active batch holds rows of it.
SELECT c.period_key, bool_or(b.status = 'active') AS active
FROM (SELECT DISTINCT batch_id, period_key FROM observations
      WHERE index_code = $index_code AND period_type = $period_type AND period_end = $period_end) c
JOIN batches b ON b.batch_id = c.batch_id
GROUP BY c.period_key;
