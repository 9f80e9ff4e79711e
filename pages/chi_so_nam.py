"""PAR Index, SIPAS, PAPI: a year's results by area and criterion against the maximum, points
lost, survey-scored criteria marked, and the national rank history with its denominator."""
from __future__ import annotations

from datetime import date

import streamlit as st

from ui import charts, data, layout, sidebar, tables
from ui.format import fmt_int, fmt_movement, fmt_num, fmt_pct

selection = sidebar.current()
index = selection.index
name = sidebar.INDEX_LABELS[index]
st.title(f"Chỉ số năm: {name}")
version = data.data_version()

# A yearly period is a year; without any loaded result, show the catalogue for last year.
year = int(selection.period.key[:4]) if selection.period else date.today().year - 1

st.subheader("Xếp hạng qua các năm")
history = data.rank_history(version, index)
if history.empty:
    st.info(f"Chưa có số liệu xếp hạng {name} của tỉnh.")
else:
    left, right = st.columns([3, 2])
    left.plotly_chart(charts.rank_history(history, f"Hạng của tỉnh trên cả nước ({name})"), width="stretch",
                      key="ranks")
    with right:
        tables.show(tables.styled(history, formats={"rank": fmt_int, "of": fmt_int, "change": fmt_movement}),
                    column_config={"year": st.column_config.TextColumn("Năm"), "rank": "Hạng", "of": "Trên số tỉnh",
                                   "change": "Thay đổi (bậc)", "source": "Nguồn"})
    right.caption("Số tỉnh, thành phố thay đổi từ 63 xuống 34 năm 2025: "
                  "thứ hạng hai giai đoạn không so sánh trực tiếp.")

results = data.yearly_results(version, index, year)
observed = results[results["observed"]]
st.subheader(f"Kết quả năm {year} theo lĩnh vực và tiêu chí")
if selection.period:
    layout.source_line(observed["source_label"].dropna().iloc[0] if observed["source_label"].notna().any()
                       else "—", selection.period)
if observed.empty:
    st.info(f"Chưa có kết quả {name} năm {year} trong kho: chưa có điểm để hiển thị. Hãy nạp bảng kết quả ở "
            "trang Nhập dữ liệu. Dưới đây là cấu trúc chỉ số theo danh mục tiêu chí.")
else:
    areas = observed[observed["level"] == 1].rename(columns={"name_vi": "name", "points_lost": "lost"})
    if areas["max_points"].notna().any():
        st.plotly_chart(charts.groups_vs_max(areas.dropna(subset=["max_points", "points"]),
                                             "Điểm theo lĩnh vực (số đỏ: điểm bị mất)"), width="stretch", key="areas")
    lost = observed[(observed["level"] >= 2) & (observed["points_lost"] > 0)].sort_values("points_lost",
                                                                                          ascending=False)
    if not lost.empty:
        st.plotly_chart(charts.points_lost(lost.head(10), "Tiêu chí bị mất nhiều điểm nhất", label="name_vi",
                                           value="points_lost"), width="stretch", key="lost")

table = results[results["level"] >= 1].copy()
table["name_vi"] = ["    " * (level - 1) + text for level, text in zip(table["level"], table["name_vi"])]
table["xhh_survey"] = table["xhh_survey"].map({True: "Điều tra XHH", False: ""})
n_survey = int(results["xhh_survey"].sum())
st.caption(f"{fmt_int(len(table))} lĩnh vực, tiêu chí; {fmt_int(n_survey)} tiêu chí chấm qua điều tra xã hội học "
           "(đánh dấu “Điều tra XHH”).")
tables.show(
    tables.styled(table[["code", "name_vi", "max_points", "points", "ratio", "points_lost", "xhh_survey"]],
                  formats={"max_points": fmt_num, "points": fmt_num, "ratio": fmt_pct, "points_lost": fmt_num}),
    height=560,
    column_config={"code": "Mã", "name_vi": st.column_config.TextColumn("Lĩnh vực, tiêu chí", width="large"),
                   "max_points": "Điểm tối đa", "points": "Điểm đạt", "ratio": "Tỷ lệ", "points_lost": "Điểm bị mất",
                   "xhh_survey": "Cách chấm"})
