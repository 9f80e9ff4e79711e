"""Chỉ tiêu: one 766 criterion across all units. Renders views.criterion."""

from __future__ import annotations

import streamlit as st

from ui import auth, charts, layout, sidebar, tables
from ui.format import fmt_delta, fmt_int, fmt_num, fmt_pct, md_escape
from views import criterion as view

selection, period = layout.period_page(view.TITLE)
options = view.options(period)
code = sidebar.choose("Chỉ tiêu", "criterion_pick", sidebar.PARAM_CRITERION, options)
found = view.criterion(
    period, code, tuple(selection.kinds), st.query_params.get(sidebar.PARAM_UNIT), viewer=auth.viewer()
)
if isinstance(found, view.Empty):
    layout.empty_state(found.message)
    st.stop()
st.header(found.title, anchor=False)
if found.rule:
    st.caption(found.rule)
layout.source_caption(found.source)

for column, metric in zip(st.columns(len(found.metrics)), found.metrics):
    column.metric(md_escape(metric.label), metric.value, help=metric.help)
if found.focus_caption:
    name, sentence = found.focus_caption
    st.caption(f"**{md_escape(name)}**: {md_escape(sentence)}")

st.plotly_chart(
    charts.distribution(
        found.distribution,
        "Phân bố giữa các đơn vị",
        x_title=found.value_title,
        x_max=found.x_max,
        target=found.target_line,
        marker=found.home_value,
    ),
    width="stretch",
    key="distribution",
)
fmt_value = fmt_pct if found.is_indicator else fmt_num
FORMATS = {
    "value": fmt_value,
    "numerator": fmt_int,
    "denominator": fmt_int,
    "points": fmt_num,
    "max_points": fmt_int,
    "target": fmt_num,
    "gap": fmt_delta,
}


def unit_table(frame, key: str) -> None:
    """A clickable table of units; a click opens the unit with this criterion in view."""
    columns = view.table_columns(frame)
    clicked = layout.selectable_table(
        tables.styled(
            frame[columns].reset_index(drop=True),
            formats=FORMATS,
            highlight=frame["unit_id"].eq(found.focus).reset_index(drop=True),
        ),
        key=key,
        column_config={c: found.columns[c] for c in columns},
    )
    if clicked is not None:
        layout.open_unit(frame["unit_id"].iloc[clicked], selection, **{sidebar.PARAM_CRITERION: code})


if found.trend_summary:
    st.caption(md_escape(found.trend_summary))
if found.trend_message:
    st.caption(found.trend_message)
else:
    st.plotly_chart(
        charts.trend(found.trend, "Giá trị của toàn tỉnh qua các kỳ", y_title=found.value_title),
        width="stretch",
        key="province_trend",
    )

worst, best = st.columns(2)
with worst:
    st.subheader("Thấp nhất")
    unit_table(found.lowest, "worst")
with best:
    st.subheader("Cao nhất")
    unit_table(found.highest, "best")

if found.has_target:
    st.subheader(f"Đơn vị chưa đạt chỉ tiêu ({fmt_int(len(found.missing_target))})")
    if found.missing_target.empty:
        st.success("Mọi đơn vị đều đạt chỉ tiêu.")
    else:
        unit_table(found.missing_target, "missing_target")
