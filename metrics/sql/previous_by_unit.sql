-- For every unit of some kinds: the latest period of ANY type ending before $before (the start
-- of the period being compared) whose data cover the unit (a total, or every group score), held
-- by an active batch, in which its league is a real ranking (at least $min_size units of its
-- kind scored: the province's own row on a day without the national file is no league). Ties on
-- the end date prefer the compared period's own type, then the shorter period. Existence only:
-- an active batch holding a row means v_observations holds one for that key, so the cheap table
-- scan is enough (docs/050). $since bounds the scan (metrics/ranking.py walks back date by date
-- first); $units, when not NULL, keeps only those units (after the league sizes are counted).
WITH held AS (
    SELECT o.unit_id, u.kind, o.period_type, o.period_key, max(o.period_end) AS period_end
    FROM observations o
    JOIN batches b ON b.batch_id = o.batch_id
    JOIN units u ON u.unit_id = o.unit_id
    WHERE b.status = 'active' AND o.index_code = $index_code AND o.period_end < $before AND o.period_end >= $since
      AND list_contains($kinds, u.kind) AND o.points IS NOT NULL
      AND (o.criterion_code = $index_code OR list_contains($group_codes, o.criterion_code))
    GROUP BY o.unit_id, u.kind, o.period_type, o.period_key
    HAVING bool_or(o.criterion_code = $index_code)
        OR count(DISTINCT o.criterion_code) FILTER (WHERE o.criterion_code <> $index_code) = len($group_codes)
), sized AS (
    SELECT *, count(*) OVER (PARTITION BY period_type, period_key, kind) AS league_size FROM held
)
SELECT unit_id, period_type, period_key, period_end
FROM sized
WHERE league_size >= $min_size AND ($units IS NULL OR list_contains($units, unit_id))
QUALIFY row_number() OVER (
    PARTITION BY unit_id
    ORDER BY period_end DESC, (period_type = $period_type) DESC,
             list_position(['day', 'month', 'quarter', 'year'], period_type), period_key DESC) = 1;
