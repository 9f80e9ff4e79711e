"""PAR Index, SIPAS, PAPI: a year's results and the rank history. Renders views.yearly."""

from __future__ import annotations

import streamlit as st

from ui import charts, layout, sidebar, tables
from ui.format import fmt_int, fmt_movement, fmt_num, fmt_pct
from views import yearly as view

selection = sidebar.current()
found = view.yearly(selection.index, selection.period)
st.title(found.title)

st.subheader("Xếp hạng qua các năm")
if found.history_message:
    st.info(found.history_message)
else:
    left, right = st.columns([3, 2])
    left.plotly_chart(
        charts.rank_history(found.history, f"Hạng của tỉnh trên cả nước ({found.name})"), width="stretch", key="ranks"
    )
    with right:
        tables.show(
            tables.styled(found.history, formats={"rank": fmt_int, "of": fmt_int, "change": fmt_movement}),
            column_config={
                "year": st.column_config.TextColumn("Năm"),
                "rank": "Hạng",
                "of": "Trên số tỉnh",
                "change": "Thay đổi (bậc)",
                "source": "Nguồn",
            },
        )
    right.caption(view.RANK_NOTE)

st.subheader(f"Kết quả năm {found.year} theo lĩnh vực và tiêu chí")
if found.source:
    layout.source_caption(found.source)
if found.empty_message:
    st.info(found.empty_message)
else:
    if not found.areas.empty:
        st.plotly_chart(
            charts.groups_vs_max(found.areas, "Điểm theo lĩnh vực (số đỏ: điểm bị mất)"), width="stretch", key="areas"
        )
    if not found.lost.empty:
        st.plotly_chart(
            charts.points_lost(found.lost, "Tiêu chí bị mất nhiều điểm nhất", label="name_vi", value="points_lost"),
            width="stretch",
            key="lost",
        )

st.caption(found.table_caption)
tables.show(
    tables.styled(
        found.table, formats={"max_points": fmt_num, "points": fmt_num, "ratio": fmt_pct, "points_lost": fmt_num}
    ),
    height=560,
    column_config={
        "code": "Mã",
        "name_vi": st.column_config.TextColumn("Lĩnh vực, tiêu chí", width="large"),
        "max_points": "Điểm tối đa",
        "points": "Điểm đạt",
        "ratio": "Tỷ lệ",
        "points_lost": "Điểm bị mất",
        "xhh_survey": "Cách chấm",
    },
)
