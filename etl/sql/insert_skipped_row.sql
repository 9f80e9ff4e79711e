-- A row a load left out because its unit is not in the registry (python -m etl load --skip-unknown).
INSERT INTO batch_skipped_rows (batch_id, sheet, row_number, unit_name, unit_code, reason)
VALUES (?, ?, ?, ?, ?, ?)
