-- Points lost per unit and group (maximum − official group score, else the recomputed sum),
-- biggest loss first within each unit; optional unit and kind filters.
SELECT s.unit_id, u.name, u.kind, 'group' AS level, s.group_code AS "group", s.group_code AS code,
       s.group_name AS name_vi, s.max_points, coalesce(s.points_official, s.points_recomputed) AS points,
       round(s.max_points - coalesce(s.points_official, s.points_recomputed), 6) AS lost
FROM scored_groups($period_type, $period_key) s
JOIN units u ON u.unit_id = s.unit_id
WHERE (CAST($unit_id AS VARCHAR) IS NULL OR s.unit_id = $unit_id)
  AND (CAST($kind AS VARCHAR) IS NULL OR u.kind = $kind)
ORDER BY u.kind, s.unit_id, lost DESC NULLS LAST, s.sort_order;
