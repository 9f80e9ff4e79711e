"""Chỉ tiêu: one 766 criterion (total, group or indicator) across all units: distribution,
who misses the target, worst and best, and the trend of the provincial value."""
from __future__ import annotations

import streamlit as st

from core.formula import INDEX, formula_for
from core.settings import home_unit
from ui import charts, data, layout, sidebar, tables
from ui.format import fmt_compact, fmt_delta, fmt_int, fmt_num, fmt_pct

HOME = home_unit()
RULES = {"linear": "Điểm = điểm tối đa × tỷ lệ đạt.",
         "threshold": "Đủ điểm khi tỷ lệ đạt từ {full_at}; dưới mức đó điểm tỷ lệ thuận.",
         "official_only": "Cổng DVCQG chưa công bố công thức: chỉ có điểm chính thức."}

selection, period = layout.period_page("Chỉ tiêu trên toàn tỉnh")
version = data.data_version()
formula = formula_for(period.end)

options = {INDEX: "Tổng điểm Bộ chỉ số 766 (100 điểm)"}
for group in formula.groups:
    options[group.criterion_code] = f"Nhóm {group.name} ({fmt_int(group.max_points)} điểm)"
    for ind in formula.indicators:
        if ind.group == group.code and ind.rule != "tracking":
            options[ind.criterion_code] = f"   • {ind.name} ({fmt_int(ind.max_points)} điểm)"
code = sidebar.choose("Chỉ tiêu", "criterion_pick", sidebar.PARAM_CRITERION, options)
indicator = next((i for i in formula.indicators if i.criterion_code == code), None)
fmt_value = fmt_pct if indicator else fmt_num
value_title = "Tỷ lệ đạt (%)" if indicator else "Điểm"

everyone = data.criterion_across_units(version, period, code)
units = everyone[everyone["kind"].isin(selection.kinds)].reset_index(drop=True) if not everyone.empty else everyone
if units.empty:
    layout.empty_state()
    st.stop()
home = everyone[everyone["unit_id"] == HOME]
st.header(options[code].strip(" •"))
if indicator:
    st.caption(RULES.get(indicator.rule, "").format(full_at=fmt_pct(indicator.full_at * 100 if indicator.full_at
                                                                    else None, 0)) + " " + indicator.note)
layout.period_source_line(period)

measured = units["value"].dropna()
has_target = units["target"].notna().any()
missing_target = units[units["below_target"].eq(True)]
c1, c2, c3, c4 = st.columns(4)
c1.metric("Toàn tỉnh", fmt_value(home["value"].iloc[0]) if not home.empty else "—")
c2.metric("Trung vị các đơn vị", fmt_value(measured.median()) if len(measured) else "—")
if has_target:
    c3.metric("Chưa đạt chỉ tiêu", f"{fmt_int(len(missing_target))}/{fmt_int(units['target'].notna().sum())}",
              help="Số đơn vị chưa đạt (kể cả gần đạt) trên số đơn vị có chỉ tiêu")
else:
    c3.metric("Chưa đạt điểm tối đa", f"{fmt_int((units['lost'] > 0).sum())}/{fmt_int(units['lost'].notna().sum())}",
              help="Chỉ tiêu này chưa có mức phấn đấu trong Kế hoạch: so với điểm tối đa")
focus = st.query_params.get(sidebar.PARAM_UNIT)
focus_row = units[units["unit_id"] == focus]
if not focus_row.empty:
    r = focus_row.iloc[0]
    position = f"{fmt_int(r['rank_in_kind'])}/{fmt_int(r['of_kind'])}"
    c4.metric(r["name"], fmt_value(r["value"]), help=f"Đứng thứ {position} trong khối")
    parts = [f"tử số {fmt_int(r['numerator'])}, mẫu số {fmt_int(r['denominator'])}"] if indicator else []
    parts.append(f"{fmt_num(r['points'])}/{fmt_compact(r['max_points'])} điểm, mất {fmt_num(r['lost'])} điểm")
    if r["target"] == r["target"]:
        parts.append(f"chỉ tiêu {fmt_compact(r['target'])} ({r['target_status']})")
    st.caption(f"**{r['name']}**: " + "; ".join(parts) + f"; đứng thứ {position} trong khối.")
else:
    c4.metric("Số đơn vị có số liệu", fmt_int(len(measured)))

targets = units["target"].dropna().unique()
st.plotly_chart(charts.distribution(measured, "Phân bố giữa các đơn vị", x_title=value_title,
                                    x_max=100.0 if indicator else float(units["max_points"].max()),
                                    target=targets[0] if len(targets) == 1 else None,
                                    marker=home["value"].iloc[0] if not home.empty else None),
                width="stretch", key="distribution")

SHOWN = ["name", "value", "numerator", "denominator", "points", "max_points", "target", "gap", "target_status"]
COLUMNS = {"name": "Đơn vị", "value": value_title, "numerator": "Tử số", "denominator": "Mẫu số",
           "points": "Điểm", "max_points": "Tối đa", "target": "Chỉ tiêu", "gap": "Chênh lệch",
           "target_status": "Đánh giá"}
FORMATS = {"value": fmt_value, "numerator": fmt_int, "denominator": fmt_int, "points": fmt_num,
           "max_points": fmt_int, "target": fmt_num, "gap": fmt_delta}


def unit_table(frame, key: str) -> None:
    """A clickable table of units; a click opens the unit with this criterion in view."""
    columns = [c for c in SHOWN if frame[c].notna().any()]
    clicked = layout.selectable_table(
        tables.styled(frame[columns].reset_index(drop=True), formats=FORMATS,
                      highlight=frame["unit_id"].eq(focus).reset_index(drop=True)),
        key=key, column_config={c: COLUMNS[c] for c in columns})
    if clicked is not None:
        layout.open_unit(frame["unit_id"].iloc[clicked], selection, **{sidebar.PARAM_CRITERION: code})


trend = data.series(version, code, HOME, period.type)
if len(trend) >= 2:
    st.plotly_chart(charts.trend(trend, "Giá trị của toàn tỉnh qua các kỳ", y_title=value_title),
                    width="stretch", key="province_trend")
else:
    st.caption(f"Xu hướng của toàn tỉnh: mới có {len(trend)} kỳ dữ liệu loại này, cần từ 2 kỳ trở lên.")

worst, best = st.columns(2)
with worst:
    st.subheader("Thấp nhất")
    unit_table(units.sort_values("value", kind="stable").head(10), "worst")
with best:
    st.subheader("Cao nhất")
    unit_table(units.head(10), "best")

if has_target:
    st.subheader(f"Đơn vị chưa đạt chỉ tiêu ({fmt_int(len(missing_target))})")
    if missing_target.empty:
        st.success("Mọi đơn vị đều đạt chỉ tiêu.")
    else:
        unit_table(missing_target.sort_values("gap", kind="stable"), "missing_target")
