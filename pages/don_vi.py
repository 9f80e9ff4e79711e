"""Đơn vị: one unit's total and groups against its league, each indicator, points lost,
trends, gaps to targets and the tasks it leads."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from metrics.formula import formula_for
from metrics.quality import group_benchmarks
from metrics.settings import home_unit
from metrics.targets import NEAR, NOT_MET
from ui import auth, charts, data, layout, sidebar, tables
from ui.format import fmt_delta, fmt_int, fmt_movement, fmt_num, fmt_pct, fmt_rank

HOME = home_unit()
AT_RISK = (NOT_MET, NEAR)
LEAGUE_OF_KIND = {"department": "departments", "commune": "communes"}

selection, period = layout.period_page("Chi tiết đơn vị")
version = data.data_version()
formula = formula_for(period.end)

leagues = {"provinces": data.league_ranking(version, period, "provinces"),
           **{league: data.league_table(version, period, league) for league in LEAGUE_OF_KIND.values()}}
league_of = {u: name for name, frame in leagues.items() if not frame.empty for u in frame["unit_id"]}
wanted = st.query_params.get(sidebar.PARAM_UNIT)
options = {}
if HOME in league_of:
    home_name = leagues["provinces"].set_index("unit_id").loc[HOME, "name"]
    options[HOME] = f"Toàn tỉnh ({home_name})"
for kind in selection.kinds:
    frame = leagues[LEAGUE_OF_KIND[kind]]
    if not frame.empty:
        options.update({u: f"{n} — {fmt_num(t)} điểm" for u, n, t in
                        frame.sort_values("name")[["unit_id", "name", "total"]].itertuples(index=False)})
if wanted in league_of and wanted not in options:
    frame = leagues[league_of[wanted]].set_index("unit_id")
    options[wanted] = f"{frame.loc[wanted, 'name']} — {fmt_num(frame.loc[wanted, 'total'])} điểm"
if not options:
    layout.empty_state()
    st.stop()

own = auth.own_unit()
if own is not None:
    # A focal officer picks among their own unit and the province only; a link to another unit
    # is refused here, and ui/data refuses its detail anyway (docs/063).
    options = {u: label for u, label in options.items() if u in (own, HOME)}
    if wanted and wanted not in options:
        st.warning("Tài khoản đầu mối chỉ xem được chi tiết đơn vị của mình: đã mở đơn vị của bạn.")
        st.query_params[sidebar.PARAM_UNIT] = own
    if not options:
        st.info("Chưa có số liệu của đơn vị bạn trong kỳ này.")
        st.stop()
if own in options and sidebar.PARAM_UNIT not in st.query_params:
    st.query_params[sidebar.PARAM_UNIT] = own  # a focal officer lands on their own unit
unit_id = sidebar.choose("Đơn vị", "unit_pick", sidebar.PARAM_UNIT, options)
league = leagues[league_of[unit_id]]
row = league.set_index("unit_id").loc[unit_id]
st.header(row["name"])
layout.period_source_line(period)

c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Tổng điểm", fmt_num(row["total"]), help="Trên 100 điểm, theo Cổng DVCQG")
c2.metric("Xếp loại", row["band"] or "—")
c3.metric("Hạng trong khối", fmt_rank(row["rank"], row["rank_of"]),
          help=f"Hạng trên Cổng: {fmt_rank(row['rank_official'], row['rank_of'])}. Điểm bằng nhau cùng hạng.")
c4.metric("Thay đổi hạng", fmt_movement(row["movement"]), help="So với kỳ trước cùng loại")
c5.metric("So với bình quân khối", fmt_delta(row["total"] - row["average"]),
          help=f"Bình quân: {fmt_num(row['average'])} điểm" + (" · Dưới bình quân" if row["below_average"] else ""))

left, right = st.columns(2)
with left:
    bench = group_benchmarks(league, unit_id, formula)
    st.plotly_chart(charts.groups_vs_league(bench, "Nhóm chỉ số so với khối"), width="stretch", key="unit_groups")
    st.caption("Cột: % điểm tối đa của đơn vị; vạch đen: trung vị của khối; hình thoi: phân vị 75 của khối.")
with right:
    lost = data.points_lost(version, period, unit_id)
    lost = lost[lost["lost"] > 0]
    if lost.empty:
        st.info("Đơn vị không bị mất điểm ở chỉ tiêu nào trong kỳ này.")
    else:
        st.plotly_chart(charts.points_lost(lost.head(8), "Điểm bị mất nhiều nhất", label="name_vi", value="lost"),
                        width="stretch", key="unit_lost")
        for item in lost.head(3).itertuples():
            layout.criterion_link(formula.indicator(item.code).criterion_code,
                                  f"{item.name_vi}: mất {fmt_num(item.lost)} điểm", selection,
                                  **{sidebar.PARAM_UNIT: unit_id})

st.subheader("Các chỉ tiêu")
detail = data.recompute(version, period, unit_id)
if detail.empty:
    st.info("Chưa có số liệu chỉ tiêu của đơn vị trong kỳ này.")
else:
    table = detail[["group_name", "indicator_name", "numerator", "denominator", "ratio", "max_points",
                    "points_recomputed", "points_official", "status"]]
    clicked = layout.selectable_table(
        tables.styled(table, formats={"numerator": fmt_int, "denominator": fmt_int, "ratio": fmt_pct,
                                      "max_points": fmt_int, "points_recomputed": fmt_num,
                                      "points_official": fmt_num},
                      highlight=detail["status"].eq("lệch")),
        key="unit_indicators",
        column_config={"group_name": "Nhóm", "indicator_name": st.column_config.TextColumn("Chỉ tiêu", width="large"),
                       "numerator": "Tử số", "denominator": "Mẫu số", "ratio": "Tỷ lệ", "max_points": "Tối đa",
                       "points_recomputed": "Điểm tính lại", "points_official": "Điểm trên Cổng",
                       "status": "Đối chiếu"})
    st.caption("“Điểm tính lại” theo công thức công bố; “Đối chiếu” so với điểm trên Cổng. "
               "Bấm vào một dòng để xem chỉ tiêu đó ở mọi đơn vị.")
    if clicked is not None:
        layout.open_criterion(formula.indicator(detail["indicator"].iloc[clicked]).criterion_code, selection,
                              **{sidebar.PARAM_UNIT: unit_id})

st.subheader("Xu hướng")
codes = {formula_code: name for formula_code, name in
         [("SVC766", "Tổng điểm"), *[(g.criterion_code, g.name) for g in formula.groups]]}
history = [data.series(version, c, unit_id, period.type).assign(series=n) for c, n in codes.items()]
history = [h for h in history if not h.empty]
n_periods = max((len(h) for h in history), default=0)
if n_periods < 2:
    st.info(f"Mới có {n_periods} kỳ dữ liệu loại này: cần từ 2 kỳ trở lên để vẽ xu hướng.")
else:
    left, right = st.columns(2)
    left.plotly_chart(charts.trend(pd.concat(history), "Tổng điểm và các nhóm", series="series"),
                      width="stretch", key="unit_trend")
    indicators = {i.criterion_code: i.name for i in formula.indicators if i.rule != "tracking"}
    with right:
        picked = st.selectbox("Chỉ tiêu", list(indicators), format_func=indicators.get, key="trend_indicator")
        st.plotly_chart(charts.trend(data.series(version, picked, unit_id, period.type), indicators[picked],
                                     y_title="Tỷ lệ (%)"), width="stretch", key="indicator_trend")

st.subheader("Khoảng cách tới chỉ tiêu")
goals = data.unit_targets(version, period, unit_id)
if goals.empty:
    st.info("Chưa có chỉ tiêu nào áp dụng cho đơn vị trong năm của kỳ này.")
else:
    tables.show(
        tables.styled(goals[["criterion_name", "target", "actual", "gap", "status", "measure"]],
                      formats={"target": fmt_num, "actual": fmt_num, "gap": fmt_delta},
                      highlight=goals["status"].isin(AT_RISK)),
        column_config={"criterion_name": st.column_config.TextColumn("Chỉ tiêu", width="large"),
                       "target": "Mức phải đạt", "actual": "Hiện đạt", "gap": "Chênh lệch",
                       "status": "Đánh giá", "measure": "Đo bằng"})
    takes = data.what_it_takes(version, period, unit_id)
    if not takes.empty and HOME != unit_id:
        with st.expander("Nếu đơn vị đạt mức chỉ tiêu, tỉnh được thêm bao nhiêu điểm?"):
            tables.show(
                tables.styled(takes[["indicator_name", "unit_ratio", "target_ratio", "extra_numerator",
                                     "province_gain", "reason"]],
                              formats={"unit_ratio": fmt_pct, "target_ratio": fmt_pct, "extra_numerator": fmt_int,
                                       "province_gain": fmt_num}),
                column_config={"indicator_name": st.column_config.TextColumn("Chỉ tiêu", width="large"),
                               "unit_ratio": "Tỷ lệ hiện nay", "target_ratio": "Tỷ lệ cần đạt",
                               "extra_numerator": "Số hồ sơ/TTHC cần thêm", "province_gain": "Điểm tỉnh tăng thêm",
                               "reason": "Ghi chú"})

st.subheader("Nhiệm vụ đơn vị chủ trì")
led = data.task_list(version, date.today())
led = led[led["lead_unit_id"] == unit_id]
if unit_id == HOME:
    st.page_link("pages/nhiem_vu.py", label="Mọi nhiệm vụ của tỉnh: xem trang Nhiệm vụ", icon=":material/task_alt:")
elif led.empty:
    st.info("Đơn vị không chủ trì nhiệm vụ nào trong Kế hoạch.")
else:
    tables.show(tables.styled(led[["task_id", "title", "deadline_text", "status_label", "progress"]],
                              highlight=led["overdue"]),
                column_config={"task_id": "Mã", "title": st.column_config.TextColumn("Nhiệm vụ", width="large"),
                               "deadline_text": "Thời hạn", "status_label": "Trạng thái",
                               "progress": tables.progress_column("Tiến độ")})
    st.caption(f"{fmt_int(led['overdue'].sum())} nhiệm vụ quá hạn (tô màu).")
