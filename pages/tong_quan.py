"""Tổng quan: where the province stands on the 766 index, on one screen (1366×768). Renders views.overview."""

from __future__ import annotations

import streamlit as st

from ui import charts, downloads, layout, sidebar
from ui.format import md_escape
from views import overview as view

selection = sidebar.current()
st.title(view.TITLE)
found = view.overview(selection.period)
if isinstance(found, view.Empty):
    layout.empty_state(found.message)
    st.stop()
layout.source_caption(found.source)
for note in (found.coverage_note, found.rank_note):  # partial periods and older national ranks say so
    if note:
        st.caption(f":material/info: {md_escape(note)}")

for column, metric in zip(st.columns(len(found.metrics)), found.metrics):
    column.metric(metric.label, metric.value, delta=metric.delta, help=metric.help)

left, middle, right = st.columns([5, 4, 3])
with left:
    st.plotly_chart(
        charts.once(found, "groups", charts.groups_vs_max, found.groups, "Điểm theo nhóm (số đỏ: điểm bị mất)"),
        width="stretch",
        key="groups",
    )
with middle:
    st.plotly_chart(
        charts.once(found, "bands", charts.band_bars, found.band_counts, "Số đơn vị theo xếp loại"),
        width="stretch",
        key="bands",
    )
    layout.band_legend()
    st.caption("  \n".join(found.league_lines))
    st.markdown(f"**{found.risks_title}**")
    st.caption("  \n".join(md_escape(line) for line in found.risk_lines))
    if len(found.risks) > 2:
        layout.unit_link(found.home_id, f"Xem cả {len(found.risks)} chỉ tiêu của tỉnh", selection)
with right:
    st.markdown("**Thấp nhất**")
    for line in found.lowest:
        layout.unit_link(line.unit_id, line.label, selection)
    st.markdown("**Thay đổi hạng nhiều nhất**")
    if found.movers_note:
        st.caption(found.movers_note)
    for line in found.movers:
        layout.unit_link(line.unit_id, line.label, selection)
    downloads.meeting_menu(found.period, selection.params())
