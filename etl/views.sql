-- Current state of the warehouse, rebuilt on every `etl init`.

CREATE OR REPLACE VIEW v_observations AS
SELECT o.*, b.loaded_at, b.source_label
FROM observations o
JOIN batches b USING (batch_id)
WHERE b.status = 'active'
QUALIFY row_number() OVER (
    PARTITION BY o.index_code, o.criterion_code, o.unit_id, o.period_type, o.period_key
    ORDER BY b.loaded_at DESC, b.batch_id DESC) = 1;

CREATE OR REPLACE VIEW v_targets AS
SELECT t.*
FROM targets t
JOIN batches b USING (batch_id)
WHERE b.status = 'active'
QUALIFY row_number() OVER (
    PARTITION BY t.criterion_code, t.year, t.scope, coalesce(t.unit_id, '')
    ORDER BY b.loaded_at DESC, b.batch_id DESC) = 1;

CREATE OR REPLACE VIEW v_task_status AS
SELECT r.*
FROM task_reports r
JOIN batches b USING (batch_id)
WHERE b.status = 'active'
QUALIFY row_number() OVER (
    PARTITION BY r.task_id ORDER BY r.reported_on DESC, b.loaded_at DESC, b.batch_id DESC) = 1;

-- A batch is "superseded" when every row it holds has been replaced by a later one.
CREATE OR REPLACE VIEW v_batches AS
SELECT b.*,
       CASE WHEN b.status = 'undone' THEN 'undone'
            WHEN b.row_count > 0 AND NOT EXISTS (
                SELECT 1 FROM v_observations v WHERE v.batch_id = b.batch_id)
                 AND NOT EXISTS (SELECT 1 FROM v_targets t WHERE t.batch_id = b.batch_id)
                 AND NOT EXISTS (SELECT 1 FROM v_task_status s WHERE s.batch_id = b.batch_id)
                 THEN 'superseded'
            ELSE 'active' END AS effective_status
FROM batches b;
