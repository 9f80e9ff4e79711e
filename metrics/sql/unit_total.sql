-- One unit's total score in one period (the official total row).
SELECT points FROM period_rows($period_type, $period_key)
WHERE index_code = $index_code AND criterion_code = $index_code AND unit_id = $unit_id;
