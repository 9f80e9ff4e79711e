"""Xếp hạng: departments and communes as separate leagues, with bands, movement and flags.
Renders views.ranking."""

from __future__ import annotations

import streamlit as st

from ui import charts, downloads, export, layout, tables
from ui.format import fmt_num
from views import ranking as view

selection, period = layout.period_page(view.TITLE)
options = view.options(period)

f1, f2, f3, f4 = st.columns([3, 3, 3, 2])
filters = view.Filters(
    name=f1.text_input("Tìm theo tên", placeholder="Ví dụ: Ea Súp"),
    bands=tuple(f2.multiselect("Xếp loại", options.bands, placeholder="Tất cả")),
    flags=tuple(
        f3.multiselect("Cảnh báo", list(options.flags), format_func=options.flags.get, placeholder="Không lọc")
    ),
    sort_by=f4.selectbox("Sắp xếp theo", list(options.sort_by), format_func=options.sort_by.get),
)
found = view.ranking(period, tuple(selection.kinds), filters)
layout.source_caption(found.source)

headers = {c: st.column_config.Column(label, help=found.column_help.get(c)) for c, label in found.columns.items()}
for tab, league in zip(st.tabs([league.label for league in found.leagues]), found.leagues):
    with tab:
        if league.caption:
            st.caption(league.caption)
        if league.empty_message:
            st.info(league.empty_message)
            continue
        clicked = layout.selectable_table(
            tables.styled(league.table, bands=["band"], formats=dict.fromkeys(found.number_columns, fmt_num)),
            key=f"ranking_{league.kind}",
            column_config={c: headers[c] for c in league.table.columns},
            height=min(38 + 35 * len(league.table), 560),
        )
        if clicked is not None:
            layout.open_unit(league.unit_ids[clicked], selection)
        # the chart only on demand: nothing is built, sent or drawn for the people who read the table
        if st.toggle("Biểu đồ", key=f"chart_{league.kind}"):
            st.plotly_chart(
                charts.once(
                    league,
                    "bars",
                    charts.league_bars,
                    league.chart,
                    f"{league.label}: tổng điểm",
                    value="total",
                    average=league.average,
                    target=league.target,
                ),
                width="stretch",
                key=f"bars_{league.kind}",
            )

exports = {league.label: league.export for league in found.leagues if not league.export.empty}
if exports:
    st.download_button(
        "Tải về Excel",
        lambda: export.xlsx_bytes(exports, list(found.export_header)),
        icon=":material/download:",
        file_name=found.export_name,
        mime=export.XLSX_MIME,
        on_click="ignore",
    )
downloads.meeting_menu(period, selection.params(), key="meeting_ranking")
