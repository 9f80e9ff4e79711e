-- Points lost per unit and scored indicator (maximum − points; official points where published,
-- else recomputed), biggest loss first within each unit; optional unit and kind filters.
SELECT s.unit_id, u.name, u.kind, 'indicator' AS level, s.group_code AS "group", s.indicator AS code,
       r.indicator_name AS name_vi, s.max_points, coalesce(s.points_official, s.points_recomputed) AS points,
       round(s.max_points - coalesce(s.points_official, s.points_recomputed), 6) AS lost
FROM scored_indicators($period_type, $period_key) s
JOIN formula_rules r ON r.indicator = s.indicator
JOIN units u ON u.unit_id = s.unit_id
WHERE s.max_points > 0
  AND (CAST($unit_id AS VARCHAR) IS NULL OR s.unit_id = $unit_id)
  AND (CAST($kind AS VARCHAR) IS NULL OR u.kind = $kind)
ORDER BY u.kind, s.unit_id, lost DESC NULLS LAST, s.sort_order;
