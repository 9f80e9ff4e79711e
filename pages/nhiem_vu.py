"""Nhiệm vụ: the plan appendix's tasks by lead agency, deadline and status; overdue highlighted."""
from __future__ import annotations

from datetime import date

import streamlit as st

from metrics.tasks import by_lead, filter_tasks, summary
from ui import data, layout, sidebar, tables
from ui.format import fmt_int

selection = sidebar.current()
st.title("Nhiệm vụ theo Kế hoạch CCHC")
today = date.today()
tasks = data.task_list(data.data_version(), today)
if tasks.empty:
    layout.empty_state("Chưa có danh sách nhiệm vụ.")
    st.stop()

reported = tasks["reported_on"].dropna()
st.caption(f"Nguồn: {tasks['source'].iloc[0]} · " + (
    f"Báo cáo tiến độ mới nhất: {reported.max():%d/%m/%Y}" if len(reported) else "Chưa có báo cáo tiến độ nào"))

counts = summary(tasks)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Số nhiệm vụ", fmt_int(counts["tasks"]))
c2.metric("Hoàn thành", fmt_int(counts["completed"]))
c3.metric("Quá hạn", fmt_int(counts["overdue"]), help="Đã quá hạn mà chưa báo cáo hoàn thành")
c4.metric("Chưa có báo cáo", fmt_int(counts["not_reported"]))

f1, f2, f3, f4 = st.columns([2, 3, 3, 2], vertical_alignment="bottom")
indices = f1.multiselect("Chỉ số", sorted(tasks["index_code"].dropna().unique()), placeholder="Tất cả")
leads = sorted(tasks["lead"].unique())
lead = f2.selectbox("Cơ quan chủ trì", [None, *leads], format_func=lambda x: "Tất cả" if x is None else x)
statuses = f3.multiselect("Trạng thái", sorted(tasks["status_label"].unique()), placeholder="Tất cả")
overdue_only = f4.toggle("Chỉ nhiệm vụ quá hạn")
shown = filter_tasks(tasks, indices=indices, lead=lead, statuses=statuses, overdue_only=overdue_only)

st.subheader(f"Danh sách nhiệm vụ ({fmt_int(len(shown))})")
if shown.empty:
    st.info("Không có nhiệm vụ nào khớp bộ lọc.")
else:
    table = shown[["task_id", "title", "lead", "deadline_text", "status_label", "progress", "report_note",
                   "overdue"]].copy()
    table["overdue"] = table["overdue"].map({True: "Quá hạn", False: ""})
    clicked = layout.selectable_table(
        tables.styled(table, highlight=shown["overdue"]), key="tasks_table",
        column_config={"task_id": "Mã", "title": st.column_config.TextColumn("Nhiệm vụ", width="large"),
                       "lead": "Cơ quan chủ trì", "deadline_text": "Thời hạn", "status_label": "Trạng thái",
                       "progress": tables.progress_column("Tiến độ"), "report_note": "Ghi chú báo cáo",
                       "overdue": "Quá hạn"})
    st.caption("Dòng tô màu: đã quá hạn mà chưa hoàn thành. Bấm vào một dòng để xem đơn vị chủ trì.")
    if clicked is not None and isinstance(shown.loc[clicked, "lead_unit_id"], str):
        layout.open_unit(shown.loc[clicked, "lead_unit_id"], selection)

st.subheader("Theo cơ quan chủ trì")
tables.show(by_lead(tasks),
            column_config={"lead": "Cơ quan chủ trì", "tasks": "Số nhiệm vụ", "completed": "Hoàn thành",
                           "overdue": "Quá hạn", "progress": tables.progress_column("Tiến độ bình quân")})
