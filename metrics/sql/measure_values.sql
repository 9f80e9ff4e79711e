-- Observations of some criteria for some units between two dates, for target measures: the
-- caller takes, per unit and measure, the requested period if present, else the newest.
SELECT o.unit_id, o.criterion_code, o.period_type, o.period_key, o.period_end, o.value, o.points,
       (o.period_type = $period_type AND o.period_key = $period_key) AS is_current
FROM v_observations o
WHERE list_contains($codes, o.criterion_code) AND list_contains($unit_ids, o.unit_id)
  AND o.period_end BETWEEN $start AND $end;
