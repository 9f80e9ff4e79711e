"""Nhiệm vụ: the plan appendix's tasks by lead agency, deadline and status. Renders views.tasks."""

from __future__ import annotations

import streamlit as st

from ui import layout, sidebar, tables
from ui.format import md_escape
from views import tasks as view

selection = sidebar.current()
st.title(view.TITLE)
options = view.tasks()
if options is None:
    layout.empty_state(view.EMPTY)
    st.stop()
st.caption(md_escape(options.source_caption))
for column, metric in zip(st.columns(len(options.metrics)), options.metrics):
    column.metric(metric.label, metric.value, help=metric.help)

f1, f2, f3, f4 = st.columns([2, 3, 3, 2], vertical_alignment="bottom")
filters = view.Filters(
    indices=tuple(f1.multiselect("Chỉ số", options.options.indices, placeholder="Tất cả")),
    lead=f2.selectbox(
        "Cơ quan chủ trì", [None, *options.options.leads], format_func=lambda x: "Tất cả" if x is None else x
    ),
    statuses=tuple(f3.multiselect("Trạng thái", options.options.statuses, placeholder="Tất cả")),
    overdue_only=f4.toggle("Chỉ nhiệm vụ quá hạn"),
)
found = view.tasks(filters)

st.subheader(found.title)
if found.table.empty:
    st.info("Không có nhiệm vụ nào khớp bộ lọc.")
else:
    clicked = layout.selectable_table(
        tables.styled(found.table, highlight=found.overdue),
        key="tasks_table",
        column_config={
            "task_id": "Mã",
            "title": st.column_config.TextColumn("Nhiệm vụ", width="large"),
            "lead": "Cơ quan chủ trì",
            "deadline_text": "Thời hạn",
            "status_label": "Trạng thái",
            "progress": tables.progress_column("Tiến độ"),
            "report_note": "Ghi chú báo cáo",
            "overdue": "Quá hạn",
        },
    )
    st.caption("Dòng tô màu: đã quá hạn mà chưa hoàn thành. Bấm vào một dòng để xem đơn vị chủ trì.")
    if clicked is not None and found.lead_units[clicked]:
        layout.open_unit(found.lead_units[clicked], selection)

st.subheader("Theo cơ quan chủ trì")
tables.show(
    found.by_lead,
    column_config={
        "lead": "Cơ quan chủ trì",
        "tasks": "Số nhiệm vụ",
        "completed": "Hoàn thành",
        "overdue": "Quá hạn",
        "progress": tables.progress_column("Tiến độ bình quân"),
    },
)
