"""Chỉ tiêu: one 766 criterion (total, group or indicator) across all units: distribution,
who misses the target, lowest and highest, and the trend of the provincial value."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core import settings
from core.access import Viewer, can_view_unit
from core.format import fmt_compact, fmt_int, fmt_num, fmt_pct
from core.formula import INDEX, formula_for
from core.periods import Period
from views import data
from views.common import SourceLine, source_line, trend_summary
from views.overview import Metric
from views.store import cached

TITLE = "Chỉ tiêu trên toàn tỉnh"
RULES = {
    "linear": "Điểm = điểm tối đa × tỷ lệ đạt.",
    "threshold": "Đủ điểm khi tỷ lệ đạt từ {full_at}; dưới mức đó điểm tỷ lệ thuận.",
    "official_only": "Cổng DVCQG chưa công bố công thức: chỉ có điểm chính thức.",
}
SHOWN = ("name", "value", "numerator", "denominator", "points", "max_points", "target", "gap", "target_status")


@dataclass(frozen=True)
class Criterion:
    period: Period
    source: SourceLine
    code: str
    title: str
    rule: str | None  # how the indicator is scored, in a sentence
    is_indicator: bool  # values are ratios (%) rather than points
    value_title: str
    metrics: tuple[Metric, ...]
    focus_caption: tuple[str, str] | None  # the unit the user came from: its name, and a sentence
    distribution: pd.Series  # the units' values
    x_max: float
    target_line: float | None
    home_value: float | None
    columns: dict  # column → header, for the unit tables
    trend: pd.DataFrame  # the province's value over periods (≥ 2 rows) or empty
    trend_message: str | None
    lowest: pd.DataFrame
    highest: pd.DataFrame
    has_target: bool
    missing_target: pd.DataFrame  # units below (or near) their target, worst first
    focus: str | None
    trend_summary: str | None = None  # the province's change "so với …" and year-end projection


@dataclass(frozen=True)
class Empty:
    message: str


def options(period: Period) -> dict:
    """Criterion code → label: the total, each group, and its indicators indented under it."""
    formula = formula_for(period.end)
    found = {INDEX: "Tổng điểm Bộ chỉ số 766 (100 điểm)"}
    for group in formula.groups:
        found[group.criterion_code] = f"Nhóm {group.name} ({fmt_int(group.max_points)} điểm)"
        for ind in formula.indicators:
            if ind.group == group.code and ind.rule != "tracking":
                found[ind.criterion_code] = f"   • {ind.name} ({fmt_int(ind.max_points)} điểm)"
    return found


def _columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in SHOWN if frame[c].notna().any()]


@cached()
def criterion(
    period: Period, code: str, kinds: tuple[str, ...], focus: str | None = None, *, viewer: Viewer
) -> Criterion | Empty:
    """The criterion in every unit the viewer may see in detail: a focal officer gets the province and
    their own unit only (core.access), whatever the page asks (the viewer is part of the cache key)."""
    home = settings.home_unit()
    formula = formula_for(period.end)
    indicator = next((i for i in formula.indicators if i.criterion_code == code), None)
    fmt_value = fmt_pct if indicator else fmt_num
    value_title = "Tỷ lệ đạt (%)" if indicator else "Điểm"
    everyone = data.criterion_across_units(period, code)
    if not viewer.sees_every_unit and not everyone.empty:
        everyone = everyone[[u == home or can_view_unit(viewer, u) for u in everyone["unit_id"]]].reset_index(drop=True)
    units = everyone[everyone["kind"].isin(kinds)].reset_index(drop=True) if not everyone.empty else everyone
    if units.empty:
        return Empty("Chưa có dữ liệu kỳ này.")
    home_row = everyone[everyone["unit_id"] == home]
    home_value = (
        float(home_row["value"].iloc[0]) if not home_row.empty and pd.notna(home_row["value"].iloc[0]) else None
    )
    rule = None
    if indicator:
        full_at = fmt_pct(indicator.full_at * 100 if indicator.full_at else None, 0)
        rule = (RULES.get(indicator.rule, "").format(full_at=full_at) + " " + indicator.note).strip()
    measured = units["value"].dropna()
    has_target = bool(units["target"].notna().any())
    missing_target = units[units["below_target"].eq(True)]
    metrics = [
        Metric("Toàn tỉnh", fmt_value(home_value)),
        Metric("Trung vị các đơn vị", fmt_value(measured.median()) if len(measured) else "—"),
    ]
    if has_target:
        metrics.append(
            Metric(
                "Chưa đạt chỉ tiêu",
                f"{fmt_int(len(missing_target))}/{fmt_int(units['target'].notna().sum())}",
                help="Số đơn vị chưa đạt (kể cả gần đạt) trên số đơn vị có chỉ tiêu",
            )
        )
    else:
        metrics.append(
            Metric(
                "Chưa đạt điểm tối đa",
                f"{fmt_int((units['lost'] > 0).sum())}/{fmt_int(units['lost'].notna().sum())}",
                help="Chỉ tiêu này chưa có mức phấn đấu trong Kế hoạch: so với điểm tối đa",
            )
        )
    focus_row = units[units["unit_id"] == focus]
    focus_caption = None
    if not focus_row.empty:
        r = focus_row.iloc[0]
        position = f"{fmt_int(r['rank_in_kind'])}/{fmt_int(r['of_kind'])}"
        metrics.append(Metric(str(r["name"]), fmt_value(r["value"]), help=f"Đứng thứ {position} trong khối"))
        parts = [f"tử số {fmt_int(r['numerator'])}, mẫu số {fmt_int(r['denominator'])}"] if indicator else []
        parts.append(f"{fmt_num(r['points'])}/{fmt_compact(r['max_points'])} điểm, mất {fmt_num(r['lost'])} điểm")
        if pd.notna(r["target"]):
            parts.append(f"chỉ tiêu {fmt_compact(r['target'])} ({r['target_status']})")
        focus_caption = (str(r["name"]), "; ".join(parts) + f"; đứng thứ {position} trong khối.")
    else:
        metrics.append(Metric("Số đơn vị có số liệu", fmt_int(len(measured))))
    targets = units["target"].dropna().unique()
    trend = data.series(code, home, period.type)
    lowest = units.sort_values("value", kind="stable").head(10)
    highest = units.head(10)
    return Criterion(
        period=period,
        source=source_line(period),
        code=code,
        title=options(period).get(code, code).strip(" •"),
        rule=rule,
        is_indicator=indicator is not None,
        value_title=value_title,
        metrics=tuple(metrics),
        focus_caption=focus_caption,
        distribution=measured,
        x_max=100.0 if indicator else float(units["max_points"].max()),
        target_line=float(targets[0]) if len(targets) == 1 else None,
        home_value=home_value,
        columns={
            "name": "Đơn vị",
            "value": value_title,
            "numerator": "Tử số",
            "denominator": "Mẫu số",
            "points": "Điểm",
            "max_points": "Tối đa",
            "target": "Chỉ tiêu",
            "gap": "Chênh lệch",
            "target_status": "Đánh giá",
        },
        trend=trend if len(trend) >= 2 else pd.DataFrame(),
        trend_message=None
        if len(trend) >= 2
        else f"Xu hướng của toàn tỉnh: mới có {len(trend)} kỳ dữ liệu loại này, cần từ 2 kỳ trở lên.",
        lowest=lowest,
        highest=highest,
        has_target=has_target,
        missing_target=missing_target.sort_values("gap", kind="stable"),
        focus=focus,
        trend_summary=trend_summary(code, home, period, "Toàn tỉnh"),
    )


def table_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of a unit table that have any value."""
    return _columns(frame)
