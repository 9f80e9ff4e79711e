-- Per index: the newest period holding data and when its data were last loaded.
SELECT o.index_code, i.name_vi AS index_name,
       arg_max(o.period_type, o.period_end) AS period_type,
       arg_max(o.period_key, o.period_end) AS period_key,
       max(o.period_end) AS period_end,
       max(o.loaded_at) AS last_loaded_at,
       count(DISTINCT o.period_type || ':' || o.period_key) AS n_periods,
       count(DISTINCT o.unit_id) AS n_units
FROM v_observations o
LEFT JOIN indices i USING (index_code)
GROUP BY o.index_code, i.name_vi
ORDER BY o.index_code;
