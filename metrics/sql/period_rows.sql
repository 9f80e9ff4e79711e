-- The current observations of one period: exactly what v_observations shows for it (the row of
-- the newest active batch per index, criterion and unit), computed the fast way. The view
-- deduplicates with a window over every row; here only the criteria that more than one active
-- batch holds in this period need it, and usually none does (one load per period and format).
-- tests/test_metrics_period_rows.py checks both give the same rows.
CREATE OR REPLACE TEMP MACRO period_rows(ptype, pkey) AS TABLE
WITH candidates AS (
    SELECT o.*, b.loaded_at, b.source_label
    FROM observations o
    JOIN batches b ON b.batch_id = o.batch_id
    WHERE b.status = 'active' AND o.period_type = ptype AND o.period_key = pkey
), contested AS (
    SELECT index_code, criterion_code FROM candidates
    GROUP BY index_code, criterion_code HAVING count(DISTINCT batch_id) > 1
)
SELECT c.* FROM candidates c
ANTI JOIN contested x ON x.index_code = c.index_code AND x.criterion_code = c.criterion_code
UNION ALL
SELECT c.* FROM candidates c
SEMI JOIN contested x ON x.index_code = c.index_code AND x.criterion_code = c.criterion_code
QUALIFY row_number() OVER (PARTITION BY c.index_code, c.criterion_code, c.unit_id
                           ORDER BY c.loaded_at DESC, c.batch_id DESC) = 1;
