"""Hồ sơ TTHC: the monthly dossier report (received, resolved, on time, late, apologies). Renders views.tthc."""

from __future__ import annotations

import streamlit as st

from ui import layout, sidebar, tables
from ui.format import fmt_int, fmt_pct, md_escape
from views import tthc as view

sidebar.current()
st.title(view.TITLE)
offered = view.options()
if not offered:
    found = view.tthc()
    layout.empty_state(found.message)
    st.caption(found.hint)
    st.stop()
wanted = st.query_params.get("ky_tthc")
choice = st.selectbox(
    "Kỳ báo cáo",
    list(offered),
    format_func=offered.get,
    key="tthc_period",
    index=list(offered).index(wanted) if wanted in offered else 0,
)
st.query_params["ky_tthc"] = choice
found = view.tthc(choice)
st.caption(md_escape(found.source))

for column, metric in zip(st.columns(len(found.metrics)), found.metrics):
    column.metric(metric.label, metric.value, help=metric.help)
if found.total_note:
    st.caption(found.total_note)

st.subheader("Đơn vị theo số hồ sơ trễ hạn")
st.caption(found.units_caption)
counts = ["received", "resolved", "resolved_late", "pending_overdue", "late", "apologies"]
tables.show(
    tables.styled(
        found.units.drop(columns="unit_id"),
        formats={**dict.fromkeys(counts + ["rank"], fmt_int), "on_time_rate": fmt_pct},
    ),
    column_config={
        "rank": "Thứ tự",
        "name": st.column_config.TextColumn("Đơn vị", width="large"),
        "received": "Tiếp nhận",
        "resolved": "Đã giải quyết",
        "on_time_rate": "Đúng hạn",
        "resolved_late": "Giải quyết quá hạn",
        "pending_overdue": "Đang quá hạn",
        "late": "Trễ hạn",
        "apologies": "Đã xin lỗi",
    },
)
if found.missing_caption:
    st.caption(found.missing_caption)

st.subheader("Toàn tỉnh qua các tháng")
if found.trend_message:
    st.info(found.trend_message)
tables.show(
    tables.styled(
        found.trend,
        formats={
            **dict.fromkeys(["received", "resolved", "pending", "pending_overdue", "apologies"], fmt_int),
            "on_time_rate": fmt_pct,
        },
    ),
    column_config={
        "label": "Kỳ",
        "received": "Tiếp nhận",
        "resolved": "Đã giải quyết",
        "on_time_rate": "Đúng hạn",
        "pending": "Đang giải quyết",
        "pending_overdue": "Đang quá hạn",
        "apologies": "Đã xin lỗi",
    },
)
