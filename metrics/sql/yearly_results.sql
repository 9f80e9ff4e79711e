-- Every area and criterion of a yearly index (PAR, SIPAS, PAPI) with one unit's result in a year.
SELECT c.code, c.parent_code, c.level, c.name_vi, c.unit AS criterion_unit, c.direction, c.xhh_survey,
       coalesce(o.max_points, c.max_points) AS max_points, o.value, o.points, o.rank_official,
       o.source_label, o.observed
FROM criteria c
LEFT JOIN (SELECT criterion_code, max_points, value, points, rank_official, source_label, true AS observed
           FROM v_observations
           WHERE index_code = $index_code AND unit_id = $unit_id
             AND period_type = 'year' AND period_key = $year) o ON o.criterion_code = c.code
WHERE c.index_code = $index_code
ORDER BY c.sort_order;
