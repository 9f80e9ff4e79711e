-- Tasks of the plan appendix with their latest reported status (v_task_status) and lead unit.
SELECT t.task_id, t.criterion_code, c.index_code, t.title, t.content,
       t.lead_unit_id, u.name AS lead_name, u.kind AS lead_kind, t.lead_text, t.executing_text,
       t.deadline_text, t.deadline, t.source,
       s.status, s.progress, s.note AS report_note, s.reported_on, b.source_label AS report_source
FROM tasks t
LEFT JOIN criteria c ON c.code = t.criterion_code
LEFT JOIN units u ON u.unit_id = t.lead_unit_id
LEFT JOIN v_task_status s ON s.task_id = t.task_id
LEFT JOIN batches b ON b.batch_id = s.batch_id
ORDER BY c.sort_order NULLS LAST, t.task_id;
