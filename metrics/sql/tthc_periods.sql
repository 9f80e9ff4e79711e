-- Periods holding TTHC report figures, newest first, with how many units report in each.
SELECT period_type, period_key, max(period_end) AS period_end, count(DISTINCT unit_id) AS n_units,
       max(loaded_at) AS loaded_at
FROM v_observations
WHERE index_code = 'TTHC'
GROUP BY period_type, period_key
ORDER BY period_end DESC, period_type;
