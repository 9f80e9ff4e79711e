-- Leagues (units of some kinds) in a period: totals (the official total, else the sum of all
-- group scores) and group scores, each ranked "1224" (equal scores share a rank) within its
-- kind, with the rank held in the previous period of the same type. Long: one row per unit x
-- code (the index code for the total, else the group's criterion code). Each row also carries
-- the averages a total is compared with: the kind's mean, the mean of all departments and
-- communes, and the home province's own total.
WITH obs AS (
    SELECT o.period_key, o.unit_id, u.kind, o.criterion_code, o.points, o.rank_official, o.band_official
    FROM (SELECT * FROM period_rows($period_type, $period_key)
          UNION ALL
          SELECT * FROM period_rows($period_type, coalesce($previous_key, ''))) o
    JOIN units u ON u.unit_id = o.unit_id
    WHERE o.index_code = $index_code AND u.kind IN ('province', 'department', 'commune')
      AND (o.criterion_code = $index_code OR list_contains($group_codes, o.criterion_code))
), totals AS (
    SELECT period_key, unit_id, kind, $index_code AS code,
           coalesce(max(points) FILTER (WHERE criterion_code = $index_code),
                    CASE WHEN count(points) FILTER (WHERE criterion_code <> $index_code) = len($group_codes)
                         THEN round(sum(points) FILTER (WHERE criterion_code <> $index_code), 2) END) AS points,
           max(rank_official) FILTER (WHERE criterion_code = $index_code) AS rank_official,
           max(band_official) FILTER (WHERE criterion_code = $index_code) AS band_official
    FROM obs GROUP BY period_key, unit_id, kind
), ranked AS (
    SELECT s.*, CASE WHEN points IS NOT NULL
                     THEN rank() OVER (PARTITION BY period_key, kind, code ORDER BY points DESC) END AS rank,
                count(points) OVER (PARTITION BY period_key, kind, code) AS rank_of
    FROM (SELECT * FROM totals
          UNION ALL
          SELECT period_key, unit_id, kind, criterion_code, points, rank_official, NULL FROM obs
          WHERE criterion_code <> $index_code AND period_key = $period_key) s  -- previous: totals only
), averages AS (
    SELECT avg(points) FILTER (WHERE kind IN ('department', 'commune')) AS all_units_average,
           max(points) FILTER (WHERE unit_id = $home) AS province_score
    FROM totals WHERE period_key = $period_key
)
SELECT r.unit_id, r.kind, list_position($group_codes, r.code) AS position, r.points, r.rank, r.rank_of,
       r.rank_official, r.band_official, p.rank AS previous_rank,
       avg(r.points) OVER (PARTITION BY r.kind, r.code) AS league_average,
       a.all_units_average, a.province_score
FROM ranked r
CROSS JOIN averages a
LEFT JOIN ranked p ON p.unit_id = r.unit_id AND p.code = r.code AND p.period_key = $previous_key
WHERE r.period_key = $period_key AND list_contains($kinds, r.kind);
