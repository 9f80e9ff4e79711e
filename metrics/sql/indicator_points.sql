-- The formula's points for given numerators and denominators (relation input_values: code,
-- numerator, denominator, pos), in input order; NULL for unknown codes and unscored rules.
SELECT rule_points(r.rule, r.max_points, r.full_at, r.zero_full, v.numerator, v.denominator,
                   r.digits, r.mode) AS points
FROM input_values v
LEFT JOIN formula_rules r ON r.indicator = v.code
ORDER BY v.pos;
