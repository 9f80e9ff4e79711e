-- Every load, newest first, with its effective status (active, superseded, undone).
SELECT batch_id, format, file_name, period_type, period_key, source_label, loaded_by, loaded_at,
       effective_status, row_count, undone_by, undone_at, note
FROM v_batches
ORDER BY loaded_at DESC, batch_id DESC;
