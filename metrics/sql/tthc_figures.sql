-- The monthly TTHC report's figures per unit and period, wide (one column per item), for the
-- periods of a type from $since_key to $until_key (keys sort by time within a type).
SELECT o.unit_id, u.name, u.short_name, u.kind, o.period_type, o.period_key, max(o.period_end) AS period_end,
       max(o.value) FILTER (WHERE o.criterion_code = 'TTHC.RECEIVED_CARRIED') AS received_carried,
       max(o.value) FILTER (WHERE o.criterion_code = 'TTHC.RECEIVED_ONLINE') AS received_online,
       max(o.value) FILTER (WHERE o.criterion_code = 'TTHC.RECEIVED_DIRECT') AS received_direct,
       max(o.value) FILTER (WHERE o.criterion_code = 'TTHC.RESOLVED_EARLY') AS resolved_early,
       max(o.value) FILTER (WHERE o.criterion_code = 'TTHC.RESOLVED_ON_TIME') AS resolved_on_time,
       max(o.value) FILTER (WHERE o.criterion_code = 'TTHC.RESOLVED_LATE') AS resolved_late,
       max(o.value) FILTER (WHERE o.criterion_code = 'TTHC.PENDING_WITHIN') AS pending_within,
       max(o.value) FILTER (WHERE o.criterion_code = 'TTHC.PENDING_OVERDUE') AS pending_overdue,
       max(o.value) FILTER (WHERE o.criterion_code = 'TTHC.APOLOGIES') AS apologies,
       max(o.loaded_at) AS loaded_at
FROM v_observations o
JOIN units u ON u.unit_id = o.unit_id
WHERE o.index_code = 'TTHC' AND o.period_type = $period_type
  AND o.period_key >= $since_key AND o.period_key <= $until_key
  AND ($unit_id IS NULL OR o.unit_id = $unit_id)
GROUP BY ALL
ORDER BY period_end, o.unit_id;
