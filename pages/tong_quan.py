"""Tổng quan: where the province stands on the 766 index in the chosen period."""
from __future__ import annotations

import streamlit as st

from ui import charts, data, layout
from ui.format import fmt_num, fmt_rank

st.title("Tổng quan Bộ chỉ số 766")
period = layout.period_picker("SVC766")
summary = data.province_summary(data.data_version(), period) if period else None

if summary is None:
    layout.empty_state()
    st.stop()

layout.source_line(summary.source, period, summary.loaded_at)

c1, c2, c3, c4 = st.columns(4)
c1.metric("Điểm của tỉnh", fmt_num(summary.total), help="Tổng điểm trên 100 theo Cổng DVCQG")
c2.metric("Xếp loại", summary.band or "—")
c3.metric("Xếp hạng toàn quốc", fmt_rank(summary.rank, summary.rank_of))
c4.metric("Bình quân cả nước", fmt_num(summary.national_average),
          help=f"Bình quân điểm của {summary.rank_of} tỉnh, thành phố trong kỳ")

left, right = st.columns([3, 2])
with left:
    st.plotly_chart(charts.groups_vs_max(summary.groups), width="stretch", key="groups")
with right:
    counts = data.band_counts(data.data_version(), period)
    st.plotly_chart(charts.band_bars(counts, "Số đơn vị theo xếp loại"), width="stretch", key="bands")
    table = counts.pivot(index="band", columns="league", values="count").reindex(
        [b for b in charts.BAND_COLORS]).rename(columns={"departments": "Sở, ban, ngành",
                                                         "communes": "UBND xã, phường"})
    table.index.name = "Xếp loại"
    st.dataframe(table, width="stretch")
