-- Groups of one period: recomputed sums beside the official group scores.
SELECT s.unit_id, u.name, u.kind, s.group_code AS "group", s.group_name, s.max_points,
       s.official_only, s.points_recomputed, s.points_official
FROM scored_groups($period_type, $period_key) s
JOIN units u ON u.unit_id = s.unit_id
WHERE (CAST($unit_id AS VARCHAR) IS NULL OR s.unit_id = $unit_id)
  AND (CAST($kind AS VARCHAR) IS NULL OR u.kind = $kind)
ORDER BY u.kind, s.unit_id, s.sort_order;
