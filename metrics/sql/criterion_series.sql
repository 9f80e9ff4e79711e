-- One criterion of one unit over every period of a type, oldest first, with the criterion's
-- unit and maximum.
SELECT o.period_key, o.period_end, coalesce(o.value, o.points) AS value, o.points,
       c.unit AS criterion_unit, coalesce(o.max_points, c.max_points) AS max_points
FROM v_observations o
LEFT JOIN criteria c ON c.code = o.criterion_code
WHERE o.criterion_code = $criterion_code AND o.unit_id = $unit_id AND o.period_type = $period_type
ORDER BY o.period_end, o.period_key;
