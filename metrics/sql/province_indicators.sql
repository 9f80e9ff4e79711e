-- For "what it takes": each scored indicator of one unit beside the home province's own
-- numerator and denominator, and the sum of the denominators of the province's units (to tell
-- whether the province's figures add up from its units').
WITH unit_rows AS (
    SELECT indicator, numerator, denominator, ratio, coalesce(points_official, points_recomputed) AS points
    FROM scored_indicators($period_type, $period_key) WHERE unit_id = $unit_id
), home_rows AS (
    SELECT indicator, numerator, denominator, ratio, points_recomputed
    FROM scored_indicators($period_type, $period_key) WHERE unit_id = $home
), sums AS (
    SELECT s.indicator, sum(s.denominator) AS units_denominator, count(*) AS n_units
    FROM scored_indicators($period_type, $period_key) s
    JOIN units u ON u.unit_id = s.unit_id
    WHERE u.kind IN ('department', 'commune')
    GROUP BY s.indicator
)
SELECT r.indicator, r.indicator_name, r.group_code AS "group", r.rule, r.max_points, r.full_at,
       ur.numerator, ur.denominator, ur.ratio, ur.points,
       h.numerator AS province_numerator, h.denominator AS province_denominator,
       h.points_recomputed AS province_points, s.units_denominator
FROM formula_rules r
JOIN unit_rows ur ON ur.indicator = r.indicator
LEFT JOIN home_rows h ON h.indicator = r.indicator
LEFT JOIN sums s ON s.indicator = r.indicator
WHERE r.rule IN ('linear', 'threshold')
ORDER BY r.sort_order;
