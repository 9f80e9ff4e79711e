"""Xếp hạng: departments and communes as separate leagues, with bands, movement and flags."""
from __future__ import annotations

import streamlit as st

from metrics.formula import formula_for
from ui import charts, data, downloads, export, layout, sidebar, tables
from ui.format import fmt_int, fmt_movement, fmt_num

LEAGUES = {"department": ("departments", "Sở, ban, ngành"), "commune": ("communes", "UBND xã, phường")}
FLAGS = {"below_target": "Dưới chỉ tiêu", "below_average": "Dưới bình quân"}
# Column headers short enough for 14 columns on one screen; the full group name is the header's tooltip.
SHORT_NAMES = {"CKMB": "Công khai", "TDGQ": "Tiến độ", "CLGQ": "DVC trực tuyến", "TTTT": "Thanh toán",
               "MDSH": "Số hóa", "MDHL": "Hài lòng"}

selection, period = layout.period_page("Xếp hạng đơn vị")
layout.period_source_line(period)
version = data.data_version()
formula = formula_for(period.end)
sort_options = {"total": "Tổng điểm", **{g.code: g.name for g in formula.groups}}

f1, f2, f3, f4 = st.columns([3, 3, 3, 2])
name = f1.text_input("Tìm theo tên", placeholder="Ví dụ: Ea Súp")
bands = f2.multiselect("Xếp loại", [b.label for b in formula.bands], placeholder="Tất cả")
flags = f3.multiselect("Cảnh báo", list(FLAGS), format_func=FLAGS.get, placeholder="Không lọc")
sort_by = f4.selectbox("Sắp xếp theo", list(sort_options), format_func=sort_options.get)


def display(frame):
    """The columns shown and exported, with Vietnamese headers."""
    table = frame[["rank", "rank_official", "movement", "name", "total", "band",
                   *[g.code for g in formula.groups], "below_average", "below_target"]].copy()
    if sort_by != "total":
        table.insert(0, "group_rank", frame[f"rank_{sort_by}"])
    table["movement"] = table["movement"].map(fmt_movement)
    for flag in FLAGS:
        table[flag] = table[flag].map({True: FLAGS[flag], False: ""}).fillna("—")
    return table


COLUMNS = {"group_rank": "Hạng nhóm", "rank": "Hạng", "rank_official": "Hạng trên Cổng", "movement": "Thay đổi",
           "name": "Đơn vị", "total": "Tổng điểm", "band": "Xếp loại",
           **{g.code: f"{SHORT_NAMES.get(g.code, g.name)} ({fmt_int(g.max_points)})" for g in formula.groups}, **FLAGS}
HEADERS = {**COLUMNS, **{g.code: st.column_config.Column(COLUMNS[g.code], help=g.name) for g in formula.groups}}
EXPORT_HEADERS = {**COLUMNS, **{g.code: f"{g.name} ({fmt_int(g.max_points)})" for g in formula.groups}}

exports = {}
tabs = st.tabs([f"{LEAGUES[k][1]}" for k in selection.kinds])
for tab, kind in zip(tabs, selection.kinds):
    league, label = LEAGUES[kind]
    with tab:
        ranking = data.league_table(version, period, league)
        if ranking.empty:
            st.info(f"Chưa có dữ liệu kỳ này cho {label.lower()}.")
            continue
        shown = tables.filter_rows(ranking, name=name, bands=bands, flags=flags)
        shown = shown.sort_values([sort_by, "rank"], ascending=[False, True], kind="stable")
        average, target = ranking["average"].iloc[0], ranking["target"].iloc[0]
        st.caption(f"{fmt_int(len(shown))}/{fmt_int(len(ranking))} đơn vị · Bình quân khối: {fmt_num(average)}"
                   f" · Chỉ tiêu: {fmt_num(target)} điểm · Bấm vào một dòng để xem chi tiết đơn vị.")
        table = display(shown).reset_index(drop=True)
        exports[label] = table.rename(columns=EXPORT_HEADERS)
        if table.empty:
            st.info("Không có đơn vị nào khớp bộ lọc.")
            continue
        clicked = layout.selectable_table(
            tables.styled(table, bands=["band"],
                          formats={"total": fmt_num, **{g.code: fmt_num for g in formula.groups}}),
            key=f"ranking_{kind}", column_config={c: HEADERS[c] for c in table.columns},
            height=min(38 + 35 * len(table), 560))
        if clicked is not None:
            layout.open_unit(shown["unit_id"].iloc[clicked], selection)
        with st.expander("Biểu đồ", expanded=False):
            st.plotly_chart(charts.league_bars(shown, f"{label}: tổng điểm", value="total", average=average,
                                               target=target), width="stretch", key=f"bars_{kind}")

if exports:
    source, _ = data.period_source(version, period)
    header = ["Xếp hạng Bộ chỉ số 766", f"Kỳ: {period.label} · Nguồn: {source}",
              f"Lọc: tên “{name or 'tất cả'}”, xếp loại {', '.join(bands) or 'tất cả'}, "
              f"cảnh báo {', '.join(FLAGS[f] for f in flags) or 'không'}; sắp xếp theo {sort_options[sort_by]}"]
    st.download_button("Tải về Excel", lambda: export.xlsx_bytes(exports, header), icon=":material/download:",
                       file_name=f"xep-hang-766-{period.key}.xlsx", mime=export.XLSX_MIME, on_click="ignore")
    downloads.meeting_menu(period, selection.params(), key="meeting_ranking")
