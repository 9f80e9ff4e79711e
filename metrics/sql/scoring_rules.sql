-- Scalar macros of the 766 rules. Created on each connection by metrics.scoring.prepare.
-- Rounding works on the exact value: 1e-9 of a last-digit unit absorbs float noise
-- (2.5 * 0.15 = 0.37499999999999994) without moving any ratio of integers whose
-- denominator is below ~4e8 across a rounding boundary (docs/021).
CREATE OR REPLACE TEMP MACRO round_points(x, digits, mode) AS
    CASE
        WHEN x IS NULL THEN NULL
        WHEN mode = 'half_even'
             AND abs(x * pow(10, digits) - floor(x * pow(10, digits)) - 0.5) < 1e-9
            THEN (floor(x * pow(10, digits)) + (floor(x * pow(10, digits))::BIGINT % 2)) / pow(10, digits)
        ELSE floor(x * pow(10, digits) + 0.5 + 1e-9) / pow(10, digits)
    END;

-- Points of one indicator: linear = max * min(1, ratio); threshold = min(max, max * ratio / full_at);
-- a zero (or absent) denominator scores the maximum when zero_full, else 0; other rules score nothing.
CREATE OR REPLACE TEMP MACRO rule_points(rule, max_points, full_at, zero_full, numerator, denominator, digits, mode) AS
    CASE
        WHEN rule NOT IN ('linear', 'threshold') THEN NULL
        WHEN coalesce(denominator, 0) = 0 THEN CASE WHEN zero_full THEN max_points ELSE 0.0 END
        WHEN numerator IS NULL THEN NULL
        WHEN rule = 'linear'
            THEN round_points(max_points * least(1.0, numerator / denominator), digits, mode)
        ELSE round_points(least(max_points, max_points * (numerator / denominator) / full_at), digits, mode)
    END;
