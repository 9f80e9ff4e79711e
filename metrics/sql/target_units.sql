-- The units targets apply to: the home province, its departments and its communes.
SELECT unit_id, name, kind FROM units
WHERE unit_id = $home OR kind IN ('department', 'commune')
ORDER BY CASE kind WHEN 'province' THEN 0 WHEN 'department' THEN 1 ELSE 2 END, unit_id;
