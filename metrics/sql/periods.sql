-- Periods holding observations of an index for the home province or its units, newest first.
SELECT period_type, period_key, max(period_end) AS period_end, count(DISTINCT unit_id) AS units
FROM v_observations
WHERE index_code = $index_code
GROUP BY period_type, period_key
ORDER BY period_end DESC, period_type;
