-- The latest end date before $before (and from $since on) of any period holding observations of
-- the index: a plain max() that row-group statistics make cheap. The caller then asks
-- previous_by_unit.sql which units that date really covers (active batches, scores).
SELECT max(period_end) AS period_end
FROM observations
WHERE index_code = $index_code AND period_end < $before AND period_end >= $since;
