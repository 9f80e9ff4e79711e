"""Tổng quan: where the province stands on the 766 index, on one screen (1366×768)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.settings import home_unit
from metrics.targets import NEAR, NOT_MET
from ui import charts, data, downloads, layout, sidebar
from ui.format import fmt_compact, fmt_delta, fmt_int, fmt_movement, fmt_num, fmt_rank

HOME = home_unit()
AT_RISK = (NOT_MET, NEAR)
LEAGUES = {"departments": "Sở, ban, ngành", "communes": "Xã, phường"}

selection = sidebar.current()
st.title("Tổng quan Bộ chỉ số 766")
period = selection.period
version = data.data_version()
provinces = data.league_ranking(version, period, "provinces") if period else pd.DataFrame()
if provinces.empty or HOME not in set(provinces["unit_id"]):
    layout.empty_state()
    st.stop()
layout.period_source_line(period)

home = provinces.set_index("unit_id").loc[HOME]
gap = data.top_gap(version, period)
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Điểm của tỉnh", fmt_num(home["total"]), help="Tổng điểm trên 100 theo Cổng DVCQG")
c2.metric("Xếp loại", home["band"] or "—")
c3.metric("Xếp hạng toàn quốc", fmt_rank(home["rank_official"], home["rank_of"]),
          delta=None if pd.isna(home["movement"]) else int(home["movement"]),
          help="Hạng chính thức trên Cổng; mũi tên: số bậc thay đổi so với kỳ trước")
c4.metric(f"So với hạng {gap.top}", "—" if gap.threshold is None else fmt_delta(gap.total - gap.threshold),
          help=f"Điểm của tỉnh trừ điểm của tỉnh đứng hạng {gap.top} ({fmt_num(gap.threshold)}): "
               f"dương là đã trong top {gap.top}, âm là số điểm còn thiếu")
c5.metric(f"Bình quân {fmt_int(home['rank_of'])} tỉnh", fmt_num(home["league_average"]),
          help=f"Trung bình cộng điểm của {fmt_int(home['rank_of'])} tỉnh, thành phố trong kỳ (tính từ điểm từng "
               "tỉnh; số bình quân Cổng công bố có thể lệch 0,01 do làm tròn)")

left, middle, right = st.columns([5, 4, 3])
with left:
    lost = data.points_lost(version, period, HOME, "group")
    st.plotly_chart(charts.groups_vs_max(lost.drop(columns="name").rename(columns={"name_vi": "name"}),
                                         "Điểm theo nhóm (số đỏ: điểm bị mất)"),
                    width="stretch", key="groups")
with middle:
    counts = data.band_table(version, period)
    st.plotly_chart(charts.band_bars(counts, "Số đơn vị theo xếp loại"), width="stretch", key="bands")
    layout.band_legend()
    leagues = {league: data.league_table(version, period, league) for league in LEAGUES}
    st.caption("  \n".join(
        f"{LEAGUES[league]}: bình quân {fmt_num(frame['average'].iloc[0])}; "
        f"{int(frame['below_average'].sum())}/{len(frame)} dưới bình quân; "
        f"{int(frame['below_target'].sum())} chưa đạt {fmt_compact(frame['target'].iloc[0])} điểm"
        for league, frame in leagues.items() if not frame.empty))
    risks = data.unit_targets(version, period, HOME)
    risks = risks[risks["status"].isin(AT_RISK)].sort_values("gap") if not risks.empty else risks
    st.markdown(f"**Chỉ tiêu của tỉnh chưa đạt: {len(risks)}**")
    st.caption("  \n".join(f"{row.criterion_name}: đạt {fmt_compact(row.actual)}, mục tiêu {fmt_compact(row.target)}"
                           for row in risks.head(2).itertuples()))
    if len(risks) > 2:
        layout.unit_link(HOME, f"Xem cả {len(risks)} chỉ tiêu của tỉnh", selection)
with right:
    st.markdown("**Thấp nhất**")
    for league, frame in leagues.items():
        for row in frame.dropna(subset=["total"]).tail(2).iloc[::-1].itertuples():
            layout.unit_link(row.unit_id, f"{row.name}: {fmt_num(row.total)}", selection)
    st.markdown("**Thay đổi hạng nhiều nhất**")
    moved = [(abs(r.movement), r) for frame in leagues.values() if not frame.empty
             for r in frame.dropna(subset=["movement"]).itertuples() if r.movement != 0]
    if not moved:
        st.caption("Chưa có kỳ trước cùng loại để so sánh.")
    for _, row in sorted(moved, key=lambda m: -m[0])[:3]:
        layout.unit_link(row.unit_id, f"{row.name}: {fmt_movement(row.movement)}", selection)
    downloads.meeting_menu(period, selection.params())
