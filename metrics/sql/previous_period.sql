-- The latest end date before $period_end (and from $since on) of a period of this type holding
-- observations of the index. A plain max(): row-group statistics skip everything before $since.
-- The caller then checks with period_at.sql that an active batch holds that period.
SELECT max(period_end) AS period_end
FROM observations
WHERE index_code = $index_code AND period_type = $period_type
  AND period_end < $period_end AND period_end >= $since;
