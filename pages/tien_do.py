"""Báo cáo tiến độ: a focal officer reports the progress of the tasks their unit leads (staff: any task)."""

from __future__ import annotations

import streamlit as st

from ui import auth as ui_auth
from ui.format import md_escape
from views import access as admin

st.title("Báo cáo tiến độ nhiệm vụ")
user = ui_auth.require("report_tasks", "cập nhật tiến độ nhiệm vụ")
if user is None:
    st.stop()

if user.role == "don_vi":
    st.caption(
        f"Các nhiệm vụ do **{md_escape(admin.unit_name(user.unit_id))}** chủ trì "
        "(kể cả nhiệm vụ giao UBND cấp xã "
        "khi đơn vị là xã, phường). Mỗi lần cập nhật được ghi vào nhật ký thay đổi."
    )
else:
    st.caption("Mọi nhiệm vụ của Kế hoạch. Mỗi lần cập nhật được ghi vào nhật ký thay đổi.")

tasks = admin.my_tasks(user)
if tasks.empty:
    st.info("Đơn vị của bạn không chủ trì nhiệm vụ nào trong Kế hoạch.")
    st.stop()

table = tasks.assign(
    status=tasks["status"].map(
        lambda s: admin.STATUS_LABELS.get(s, "Chưa báo cáo") if isinstance(s, str) else "Chưa báo cáo"
    )
)
st.dataframe(
    table[["task_id", "title", "deadline_text", "status", "progress", "reported_on"]],
    hide_index=True,
    width="stretch",
    column_config={
        "task_id": "Mã",
        "title": st.column_config.TextColumn("Nhiệm vụ", width="large"),
        "deadline_text": "Thời hạn",
        "status": "Trạng thái",
        "progress": st.column_config.ProgressColumn("Tiến độ", min_value=0, max_value=100, format="%.0f%%"),
        "reported_on": st.column_config.DateColumn("Báo cáo ngày", format="DD/MM/YYYY"),
    },
)

titles = dict(zip(tasks["task_id"], tasks["title"]))
with st.form("bao_cao_tien_do"):
    task_id = st.selectbox(
        "Nhiệm vụ",
        [None, *titles],
        key="task_pick",
        format_func=lambda t: "— chọn nhiệm vụ —" if t is None else f"{t}: {titles[t]}",
    )
    c1, c2 = st.columns(2)
    status = c1.selectbox(
        "Trạng thái", list(admin.STATUS_LABELS), format_func=admin.STATUS_LABELS.get, key="task_status"
    )
    progress = c2.number_input("Tiến độ (%)", min_value=0, max_value=100, step=5, value=None, key="task_progress")
    note = st.text_area("Ghi chú (kết quả, khó khăn)", key="task_note", max_chars=2000)
    sent = st.form_submit_button("Ghi báo cáo", type="primary")
if sent:
    if task_id is None:
        st.error("Hãy chọn nhiệm vụ cần báo cáo.")
    else:
        try:
            batch = admin.report_task(user, task_id, status, progress, note)
            st.success(
                f"Đã ghi tiến độ nhiệm vụ {task_id}: {admin.STATUS_LABELS[status]}"
                + (f", {progress:.0f}%" if progress is not None else "")
                + f" (lô {batch})."
            )
        except admin.ReportRefused as exc:
            st.error(str(exc))
