"""The monthly report on receiving and resolving dossiers (TTHC, import format 3) as figures
leaders read: per unit and month, received, resolved early / on time / late, the on-time rate,
pending (and overdue), apologies; the province's total and its trend; units ranked by late
dossiers (docs/052).

Public API:
- `periods()`: periods holding TTHC figures, newest first (`TthcPeriod`: period, units, loaded_at in
  Vietnam time).
- `figures(period, unit_id=None)`: one row per unit (FIGURE_COLUMNS plus the derived totals and rates).
- `province_total(period)`: the province's figures: the home unit's own row when the report
  carries one (it is the province's aggregate), else the sum over every reporting unit.
- `province_trend(period_type="month")`: the province's figures period by period, oldest first,
  with the change of the on-time rate against the previous period.
- `unit_trend(unit_id, period_type="month")`: one unit's figures period by period.
- `late_ranking(period, top=None)`: units by late dossiers (resolved late + pending overdue),
  most first, "1224" ranks, with the league size.
- `report(period)`: everything above for one period as a `TthcReport`.

Rates are percentages (0–100) and missing when their denominator is 0 or missing (never 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from core import clock, settings
from core.periods import Period
from metrics import sql

INDEX = "TTHC"
ITEMS = (
    "received_carried",
    "received_online",
    "received_direct",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_within",
    "pending_overdue",
    "apologies",
)
LABELS = {
    "received_carried": "Kỳ trước chuyển qua",
    "received_online": "Mới tiếp nhận trực tuyến",
    "received_direct": "Mới tiếp nhận trực tiếp, bưu chính",
    "received": "Tổng số hồ sơ tiếp nhận",
    "resolved_early": "Giải quyết trước hạn",
    "resolved_on_time": "Giải quyết đúng hạn",
    "resolved_late": "Giải quyết quá hạn",
    "resolved": "Tổng số đã giải quyết",
    "on_time_rate": "Tỷ lệ giải quyết đúng hạn (%)",
    "pending_within": "Đang giải quyết trong hạn",
    "pending_overdue": "Đang giải quyết quá hạn",
    "pending": "Tổng số đang giải quyết",
    "late": "Hồ sơ trễ hạn (đã và đang giải quyết)",
    "apologies": "Hồ sơ quá hạn đã xin lỗi",
    "apology_rate": "Tỷ lệ xin lỗi trên hồ sơ trễ hạn (%)",
}
DERIVED = ("received", "resolved", "on_time_rate", "pending", "late", "apology_rate")
FIGURE_COLUMNS = ITEMS + DERIVED


@dataclass(frozen=True)
class TthcPeriod:
    period: Period
    units: int
    loaded_at: datetime | None  # Vietnam time


def periods(path=None) -> list[TthcPeriod]:
    frame = sql.query("tthc_periods", path)
    return [
        TthcPeriod(Period(t, k), int(n), clock.to_vn(at))
        for t, k, n, at in zip(frame.period_type, frame.period_key, frame.n_units, frame.loaded_at)
    ]


def _rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    den = denominator.astype("float64")
    return (numerator.astype("float64") / den * 100).where(den > 0)


def derive(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the totals and rates (received, resolved, on_time_rate, pending, late, apology_rate)."""
    out = frame.copy()
    for column in ITEMS:
        out[column] = out[column].astype("float64") if column in out else np.nan
    out["received"] = out[["received_carried", "received_online", "received_direct"]].sum(axis=1, min_count=3)
    out["resolved"] = out[["resolved_early", "resolved_on_time", "resolved_late"]].sum(axis=1, min_count=3)
    out["on_time_rate"] = _rate(out.resolved_early + out.resolved_on_time, out.resolved)
    out["pending"] = out[["pending_within", "pending_overdue"]].sum(axis=1, min_count=2)
    out["late"] = out[["resolved_late", "pending_overdue"]].sum(axis=1, min_count=2)
    out["apology_rate"] = _rate(out.apologies, out.late)
    return out


def _rows(period_type: str, since: str, until: str, unit_id: str | None, path) -> pd.DataFrame:
    frame = sql.query("tthc_figures", path, period_type=period_type, since_key=since, until_key=until, unit_id=unit_id)
    frame["period_end"] = pd.to_datetime(frame.period_end).dt.date
    frame["label"] = [Period(t, k).label for t, k in zip(frame.period_type, frame.period_key)]
    return derive(frame)


def figures(period: Period, unit_id: str | None = None, path=None) -> pd.DataFrame:
    """One row per reporting unit in the period: unit_id, name, short_name, kind, the nine report
    items and the derived totals and rates; the home province's own row (if any) included."""
    return _rows(period.type, period.key, period.key, unit_id, path).reset_index(drop=True)


def _total_of(rows: pd.DataFrame, home: str) -> pd.Series:
    own = rows[rows.unit_id == home]
    if not own.empty:  # the report's own province row is the aggregate: never add units to it
        base, basis, units = own[list(ITEMS)].iloc[[0]], "home", len(rows) - 1
    else:
        base, basis, units = rows[list(ITEMS)].sum(min_count=1).to_frame().T, "sum", len(rows)
    out = derive(base.reset_index(drop=True).astype("float64")).iloc[0].astype(object)
    out["basis"], out["units"] = basis, units
    return out


def province_total(period: Period, path=None) -> pd.Series | None:
    """The province's figures in a period (FIGURE_COLUMNS, `basis` = "home" when the report
    carries the province's own row, else "sum" over `units` reporting units); None without data."""
    rows = figures(period, path=path)
    return None if rows.empty else _total_of(rows, settings.home_unit())


def province_trend(period_type: str = "month", path=None) -> pd.DataFrame:
    """One row per period (oldest first): period_key, label, period_end, units, basis, the
    figures, and on_time_change (points of on-time rate against the previous period)."""
    rows = _rows(period_type, "", "9999", None, path)
    if rows.empty:
        return pd.DataFrame(
            columns=["period_key", "label", "period_end", "units", "basis", *FIGURE_COLUMNS, "on_time_change"]
        )
    home = settings.home_unit()
    out = []
    for (key, label, end), part in rows.groupby(["period_key", "label", "period_end"], sort=False):
        total = _total_of(part, home)
        total["period_key"], total["label"], total["period_end"] = key, label, end
        out.append(total)
    frame = pd.DataFrame(out).sort_values("period_end").reset_index(drop=True)
    for column in FIGURE_COLUMNS:
        frame[column] = frame[column].astype("float64")
    frame["on_time_change"] = frame.on_time_rate.diff()
    return frame[["period_key", "label", "period_end", "units", "basis", *FIGURE_COLUMNS, "on_time_change"]]


def unit_trend(unit_id: str, period_type: str = "month", path=None) -> pd.DataFrame:
    return _rows(period_type, "", "9999", unit_id, path).reset_index(drop=True)


def late_ranking(period: Period, top: int | None = None, path=None) -> pd.DataFrame:
    """Reporting units (the province's own row excluded), most late dossiers first: rank
    ("1224", 1 = most late), rank_of (units reporting), and the figures."""
    rows = figures(period, path=path)
    rows = rows[rows.unit_id != settings.home_unit()].copy()
    if rows.empty:
        return rows
    rows["rank"] = rows.late.rank(method="min", ascending=False).astype("Int64")
    rows["rank_of"] = int(rows.late.notna().sum())
    rows = rows.sort_values(
        ["late", "pending_overdue", "unit_id"], ascending=[False, False, True], na_position="last", kind="stable"
    )
    return (rows.head(top) if top else rows).reset_index(drop=True)


@dataclass(frozen=True)
class TthcReport:
    period: Period
    total: pd.Series | None  # province_total
    previous: Period | None  # the previous period with figures (same type)
    on_time_change: float | None  # against it, in points of %
    units: pd.DataFrame = field(repr=False)  # late_ranking (every unit)
    trend: pd.DataFrame = field(repr=False)  # province_trend of the period's type
    loaded_at: datetime | None = None  # Vietnam time


def report(period: Period, path=None) -> TthcReport:
    trend = province_trend(period.type, path)
    upto = trend[trend.period_key <= period.key]
    total = province_total(period, path)
    previous = change = None
    if len(upto) >= 2 and upto.period_key.iloc[-1] == period.key:
        previous = Period(period.type, upto.period_key.iloc[-2])
        value = upto.on_time_change.iloc[-1]
        change = None if pd.isna(value) else float(value)
    units = late_ranking(period, path=path)
    loaded = next((p.loaded_at for p in periods(path) if p.period == period), None)
    return TthcReport(period, total, previous, change, units, upto.reset_index(drop=True), loaded)
