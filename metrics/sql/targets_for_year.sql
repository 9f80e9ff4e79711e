-- The targets in force for a year (newest active batch per criterion, scope and unit), with
-- the criterion's name, unit and index.
SELECT t.criterion_code, t.year, t.scope, t.unit_id AS target_unit_id, t.comparator, t.value,
       t.relative_base_year, t.relative_mode, t.text_vi,
       c.name_vi AS criterion_name, c.unit AS criterion_unit, c.index_code, c.sort_order
FROM v_targets t
LEFT JOIN criteria c ON c.code = t.criterion_code
WHERE t.year = $year
ORDER BY c.sort_order NULLS LAST, t.criterion_code;
