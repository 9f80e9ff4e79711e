-- The rows one batch left out, in file order.
SELECT sheet, row_number, unit_name, unit_code, reason
FROM batch_skipped_rows
WHERE batch_id = ?
ORDER BY sheet, row_number
