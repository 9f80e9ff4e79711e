"""Đơn vị: one unit's total and groups against its league, each indicator, points lost,
trends, gaps to targets and the tasks it leads. Renders views.unit."""

from __future__ import annotations

import streamlit as st

from ui import auth, charts, layout, sidebar, tables
from ui.format import fmt_delta, fmt_int, fmt_num, fmt_pct, md_escape
from views import unit as view

selection, period = layout.period_page(view.TITLE)
viewer = auth.viewer()
choice = view.picker(period, tuple(selection.kinds), viewer, st.query_params.get(sidebar.PARAM_UNIT))
if not choice.options:
    layout.empty_state()
    st.stop()
if choice.default and sidebar.PARAM_UNIT not in st.query_params:
    st.query_params[sidebar.PARAM_UNIT] = choice.default  # a focal officer lands on their own unit
unit_id = sidebar.choose("Đơn vị", "unit_pick", sidebar.PARAM_UNIT, choice.options)
try:
    found = view.unit(period, unit_id, viewer)
except view.AccessDenied as denied:
    st.warning(str(denied))
    st.stop()
st.header(md_escape(found.name), anchor=False)
layout.source_caption(found.source)

for column, metric in zip(st.columns(len(found.metrics)), found.metrics):
    column.metric(metric.label, metric.value, help=metric.help)

left, right = st.columns(2)
with left:
    st.plotly_chart(
        charts.once(found, "groups", charts.groups_vs_league, found.benchmarks, "Nhóm chỉ số so với khối"),
        width="stretch",
        key="unit_groups",
    )
    st.caption("Cột: % điểm tối đa của đơn vị; vạch đen: trung vị của khối; hình thoi: phân vị 75 của khối.")
with right:
    if found.lost_message:
        st.info(found.lost_message)
    else:
        st.plotly_chart(
            charts.once(
                found,
                "lost",
                charts.points_lost,
                found.lost.head(8),
                "Điểm bị mất nhiều nhất",
                label="name_vi",
                value="lost",
            ),
            width="stretch",
            key="unit_lost",
        )
        for link in found.lost_links:
            layout.criterion_link(link.code, link.label, selection, **{sidebar.PARAM_UNIT: unit_id})

st.subheader("Các chỉ tiêu")
if found.indicators.empty:
    st.info("Chưa có số liệu chỉ tiêu của đơn vị trong kỳ này.")
else:
    clicked = layout.selectable_table(
        tables.styled(
            found.indicators,
            formats={
                "numerator": fmt_int,
                "denominator": fmt_int,
                "ratio": fmt_pct,
                "max_points": fmt_int,
                "points_recomputed": fmt_num,
                "points_official": fmt_num,
            },
            highlight=found.mismatched,
        ),
        key="unit_indicators",
        column_config={
            "group_name": "Nhóm",
            "indicator_name": st.column_config.TextColumn("Chỉ tiêu", width="large"),
            "numerator": "Tử số",
            "denominator": "Mẫu số",
            "ratio": "Tỷ lệ",
            "max_points": "Tối đa",
            "points_recomputed": "Điểm tính lại",
            "points_official": "Điểm trên Cổng",
            "status": "Đối chiếu",
        },
    )
    st.caption(
        "“Điểm tính lại” theo công thức công bố; “Đối chiếu” so với điểm trên Cổng. "
        "Bấm vào một dòng để xem chỉ tiêu đó ở mọi đơn vị."
    )
    if clicked is not None:
        layout.open_criterion(found.indicator_codes[clicked], selection, **{sidebar.PARAM_UNIT: unit_id})

st.subheader("Xu hướng")
if found.trend_summary:
    st.caption(md_escape(found.trend_summary))
if found.trend_message:
    st.info(found.trend_message)
else:
    left, right = st.columns(2)
    left.plotly_chart(
        charts.once(found, "trend", charts.trend, found.trend, "Tổng điểm và các nhóm", series="series"),
        width="stretch",
        key="unit_trend",
    )
    with right:
        picked = st.selectbox(
            "Chỉ tiêu", list(found.trend_indicators), format_func=found.trend_indicators.get, key="trend_indicator"
        )
        st.plotly_chart(
            charts.trend(
                view.indicator_trend(period, unit_id, picked, viewer),
                found.trend_indicators[picked],
                y_title="Tỷ lệ (%)",
            ),
            width="stretch",
            key="indicator_trend",
        )

st.subheader("Khoảng cách tới chỉ tiêu")
if found.targets.empty:
    st.info("Chưa có chỉ tiêu nào áp dụng cho đơn vị trong năm của kỳ này.")
else:
    tables.show(
        tables.styled(
            found.targets,
            formats={"target": fmt_num, "actual": fmt_num, "gap": fmt_delta},
            highlight=found.targets_at_risk,
        ),
        column_config={
            "criterion_name": st.column_config.TextColumn("Chỉ tiêu", width="large"),
            "target": "Mức phải đạt",
            "actual": "Hiện đạt",
            "as_of": "Số liệu kỳ",
            "gap": "Chênh lệch",
            "status": "Đánh giá",
            "measure": "Đo bằng",
        },
    )
    if not found.what_it_takes.empty:
        with st.expander("Nếu đơn vị đạt mức chỉ tiêu, tỉnh được thêm bao nhiêu điểm?"):
            tables.show(
                tables.styled(
                    found.what_it_takes,
                    formats={
                        "unit_ratio": fmt_pct,
                        "target_ratio": fmt_pct,
                        "extra_numerator": fmt_int,
                        "province_gain": fmt_num,
                    },
                ),
                column_config={
                    "indicator_name": st.column_config.TextColumn("Chỉ tiêu", width="large"),
                    "unit_ratio": "Tỷ lệ hiện nay",
                    "target_ratio": "Tỷ lệ cần đạt",
                    "extra_numerator": "Số hồ sơ/TTHC cần thêm",
                    "province_gain": "Điểm tỉnh tăng thêm",
                    "reason": "Ghi chú",
                },
            )

st.subheader("Nhiệm vụ đơn vị chủ trì")
if found.is_home:
    st.page_link("pages/nhiem_vu.py", label="Mọi nhiệm vụ của tỉnh: xem trang Nhiệm vụ", icon=":material/task_alt:")
elif found.tasks_message:
    st.info(found.tasks_message)
else:
    tables.show(
        tables.styled(found.tasks, highlight=found.tasks_overdue),
        column_config={
            "task_id": "Mã",
            "title": st.column_config.TextColumn("Nhiệm vụ", width="large"),
            "deadline_text": "Thời hạn",
            "status_label": "Trạng thái",
            "progress": tables.progress_column("Tiến độ"),
        },
    )
    st.caption(found.tasks_caption)
