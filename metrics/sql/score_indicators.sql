-- Indicators of one period, recomputed beside the official points; optional unit and kind filters.
SELECT s.unit_id, u.name, u.kind, s.group_code AS "group", r.group_name, s.indicator,
       r.indicator_name, s.rule, s.numerator, s.denominator, s.ratio, s.max_points,
       s.points_recomputed, s.points_official
FROM scored_indicators($period_type, $period_key) s
JOIN formula_rules r ON r.indicator = s.indicator
JOIN units u ON u.unit_id = s.unit_id
WHERE (CAST($unit_id AS VARCHAR) IS NULL OR s.unit_id = $unit_id)
  AND (CAST($kind AS VARCHAR) IS NULL OR u.kind = $kind)
ORDER BY u.kind, s.unit_id, s.sort_order;
