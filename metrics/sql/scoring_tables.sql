-- Table macros over one period of the warehouse (period_rows). They read the relations
-- formula_rules and formula_groups that metrics.scoring.prepare registers from the formula TOML.

-- Every indicator observation of the period with the points the formula gives it.
CREATE OR REPLACE TEMP MACRO scored_indicators(ptype, pkey) AS TABLE
SELECT o.unit_id, r.group_code, r.indicator, r.rule, r.max_points, r.sort_order,
       o.numerator, o.denominator, o.value AS ratio, o.points AS points_official,
       rule_points(r.rule, r.max_points, r.full_at, r.zero_full, o.numerator, o.denominator,
                   r.digits, r.mode) AS points_recomputed
FROM formula_rules r
JOIN period_rows(ptype, pkey) o ON o.index_code = r.index_code AND o.criterion_code = r.criterion_code;

-- Every unit x group of the period: the sum of its recomputed indicator points (only when
-- every scored indicator is there and the group's formula is known) beside the official score.
CREATE OR REPLACE TEMP MACRO scored_groups(ptype, pkey) AS TABLE
WITH recomputed AS (
    SELECT unit_id, group_code, sum(points_recomputed) AS points_recomputed,
           count(points_recomputed) AS n_scored
    FROM scored_indicators(ptype, pkey)
    WHERE rule IN ('linear', 'threshold')
    GROUP BY unit_id, group_code
), official AS (
    SELECT o.unit_id, g.group_code, o.points AS points_official
    FROM formula_groups g
    JOIN period_rows(ptype, pkey) o ON o.index_code = g.index_code AND o.criterion_code = g.criterion_code
), pairs AS (
    SELECT coalesce(r.unit_id, f.unit_id) AS unit_id, coalesce(r.group_code, f.group_code) AS group_code,
           r.points_recomputed, r.n_scored, f.points_official
    FROM recomputed r
    FULL JOIN official f ON f.unit_id = r.unit_id AND f.group_code = r.group_code
)
SELECT p.unit_id, g.group_code, g.group_name, g.max_points, g.sort_order, g.official_only,
       CASE WHEN NOT g.official_only AND p.n_scored = g.n_scored
            THEN round(p.points_recomputed, g.digits::INTEGER) END AS points_recomputed,
       p.points_official
FROM pairs p
JOIN formula_groups g ON g.group_code = p.group_code;
