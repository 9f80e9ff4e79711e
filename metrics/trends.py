"""Trends of one criterion of one unit over periods of one type.

Public API (docs/020, docs/026):
- `series(criterion_code, unit_id, period_type)`: every period with its value, the change
  against the previous period and against the same period a year earlier.
- `trend(criterion_code, unit_id, period_type, n=None)`: a `Trend` summary: slope over the
  last n periods, year-end projection, target and outlook (đúng hướng / có nguy cơ).

A 766 value is only compared with values computed by the same formula version: a change of
version starts a new segment, no change, slope or projection crosses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from core import clock, settings
from core.formula import INDEX, formula_for
from core.periods import Period
from metrics import measures, sql, targets

ON_TRACK = "đúng hướng"
AT_RISK = "có nguy cơ"
PROVISIONAL = "tạm tính"
STEP_WORDS = {"day": "ngày", "month": "tháng", "quarter": "quý", "year": "năm"}


def _vn(value: float, digits: int = 2) -> str:
    """65.5 → "65,50" (metrics may not import ui.format)."""
    text = f"{abs(value):,.{digits}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return ("−" if value < 0 and round(abs(value), digits) else "") + text


def value_kind(criterion_unit, criterion_code: str) -> str:
    """ "ratio" for an indicator's percentage (0–100 %), "points" for totals and groups, "count"
    for dossier figures: what a projection is bounded by (docs/050)."""
    if criterion_unit == "percent":
        return "ratio"
    if criterion_unit == "count":
        return "count"
    return "points"


def _position(ptype: str, end: date) -> int:
    """A period's position on a line of equally spaced periods of its type."""
    return {"month": end.year * 12 + end.month, "quarter": end.year * 4 + (end.month - 1) // 3, "year": end.year}.get(
        ptype, end.toordinal()
    )


def _year_ago(key: str) -> str:
    """The key of the same period a year earlier ("2026-10" → "2025-10", "2026-Q3" → "2025-Q3")."""
    return f"{int(key[:4]) - 1}{key[4:]}"


def _version(criterion_code: str, end: date) -> str | None:
    return formula_for(end).version if criterion_code.split(".")[0] == INDEX else None


def series(criterion_code: str, unit_id: str, period_type: str, path=None) -> pd.DataFrame:
    """Columns: period_key, period_end, label, value, formula_version, segment, change_prev,
    change_year_ago (NaN across a change of formula version), criterion_unit, max_points."""
    frame = sql.query("criterion_series", path, criterion_code=criterion_code, unit_id=unit_id, period_type=period_type)
    if frame.empty:
        return frame
    frame["period_end"] = pd.to_datetime(frame.period_end).dt.date
    frame["label"] = [Period(period_type, k).label for k in frame.period_key]
    frame["formula_version"] = [_version(criterion_code, e) for e in frame.period_end]
    frame["segment"] = (frame.formula_version != frame.formula_version.shift()).cumsum() - 1
    same_segment = frame.segment.eq(frame.segment.shift())
    frame["change_prev"] = (frame.value - frame.value.shift()).where(same_segment)
    by_key = frame.set_index("period_key")
    ago = [_year_ago(k) for k in frame.period_key]
    ago_value = by_key.value.reindex(ago).to_numpy()
    ago_version = by_key.formula_version.reindex(ago).to_numpy()
    frame["change_year_ago"] = np.where(
        ago_version == frame.formula_version.to_numpy(), frame.value - ago_value, np.nan
    )
    return frame


@dataclass(frozen=True)
class Trend:
    criterion_code: str
    unit_id: str
    period_type: str
    latest: float | None = None
    latest_period: Period | None = None
    change_prev: float | None = None
    change_year_ago: float | None = None
    slope: float | None = None  # change per period over the window
    window: int = 0  # periods the slope uses
    projection: float | None = None  # year-end value if the slope holds
    target: float | None = None
    comparator: str | None = None
    outlook: str | None = None  # đúng hướng / có nguy cơ
    broken_at: Period | None = None  # first period after a change of formula version
    series: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    value_kind: str = "points"  # ratio (0–100 %) / points / count: the projection's bounds
    previous_period: Period | None = None  # the period change_prev compares with
    year_ago_period: Period | None = None
    projection_basis: str | None = None  # how the projection was made, in Vietnamese
    provisional: bool = False  # a period of the window is still open: "tạm tính"


def _none(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _target(criterion_code: str, unit_id: str, period: Period, path) -> tuple[float | None, str | None]:
    """The target the unit has on this criterion (directly or through a catalogue target it measures)."""
    with sql.connect(path) as con:
        found = targets.unit_targets(con, period, [unit_id])
    if found.empty:
        return None, None
    hits = found[[measures.measure_for(c).measure_code == criterion_code for c in found.criterion_code]]
    if hits.empty:
        return None, None
    row = hits.iloc[0]
    return _none(row.target), row.comparator


def trend(
    criterion_code: str, unit_id: str, period_type: str, n: int | None = None, path=None, today: date | None = None
) -> Trend:
    """Latest value, changes, slope over the last `n` periods of the type (metrics.toml window),
    year-end projection with its basis (ratios bounded by 0–100 %, points by the maximum, counts
    by 0 only) and whether it is provisional (an open period in the window)."""
    today = today or clock.today_vn()
    frame = series(criterion_code, unit_id, period_type, path)
    base = Trend(criterion_code, unit_id, period_type, series=frame)
    frame = frame[frame.value.notna()]
    if frame.empty:
        return base
    last = frame.iloc[-1]
    kind = value_kind(last.criterion_unit, criterion_code)
    latest_period = Period(period_type, last.period_key)
    segment = frame[frame.segment == last.segment]
    broken_at = Period(period_type, segment.period_key.iloc[0]) if last.segment > 0 else None
    window = segment.tail(n or settings.get("trends", "window"))
    previous = (
        Period(period_type, frame.period_key.iloc[-2]) if len(frame) >= 2 and pd.notna(last.change_prev) else None
    )
    ago = Period(period_type, _year_ago(last.period_key)) if pd.notna(last.change_year_ago) else None
    provisional = any(Period(period_type, k).is_open(today) for k in window.period_key)
    slope = projection = basis = None
    if len(window) >= 2:
        x = np.array([_position(period_type, e) for e in window.period_end], dtype="float64")
        slope = float(np.polyfit(x, window.value.to_numpy(dtype="float64"), 1)[0])
        if period_type != "year":
            year_end = date(last.period_end.year, 12, 31)
            remaining = _position(period_type, year_end) - _position(period_type, last.period_end)
            ceiling = {"ratio": 100.0, "count": np.inf}.get(
                kind, last.max_points if pd.notna(last.max_points) else np.inf
            )
            projection = float(np.clip(last.value + slope * remaining, 0, ceiling))
            step = STEP_WORDS[period_type]
            first_label = Period(period_type, window.period_key.iloc[0]).label
            unit = " điểm %" if kind == "ratio" else (" điểm" if kind == "points" else "")
            basis = (
                f"Theo xu hướng {len(window)} {step} có số liệu gần nhất ({first_label} – "
                f"{latest_period.label}): {'+' if slope >= 0 else ''}{_vn(slope)}{unit} mỗi {step}, "
                f"còn {remaining} {step} đến 31/12/{year_end.year}" + (f"; {PROVISIONAL}" if provisional else "") + "."
            )
    target, comparator = _target(criterion_code, unit_id, latest_period, path)
    outlook = None
    if projection is not None and target is not None:
        _, status = targets.evaluate([projection], [target], [comparator], near_share=0)
        outlook = ON_TRACK if status.iloc[0] == targets.MET else AT_RISK
    return Trend(
        criterion_code,
        unit_id,
        period_type,
        _none(last.value),
        latest_period,
        _none(last.change_prev),
        _none(last.change_year_ago),
        slope,
        len(window),
        projection,
        target,
        comparator,
        outlook,
        broken_at,
        base.series,
        kind,
        previous,
        ago,
        basis,
        provisional,
    )
