"""Points lost and what it takes to gain them.

Public API (docs/020, docs/025):
- `points_lost(period, unit_id=None, level="indicator", kind=None, top=None)`: maximum − points
  per unit and indicator (or group), biggest loss first within each unit.
- `what_it_takes(period, unit_id)`: per indicator, the points the province gains if this unit
  reaches its target ratio on it.
- `top_gap(period)`: the points the province needs to enter the national top N.

The province's own numerator and denominator are (up to a handful of dossiers handled at
province level) the sums of its units' for dossier-based indicators: a unit that raises its
numerator by k raises the province's by k. For procedure-based and petition indicators the
province's figures are not sums of its units', so no gain is computed there (docs/025).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core import settings
from core.formula import INDEX, formula_for
from core.periods import Period
from metrics import measures, national, scoring, sql, targets

LEVELS = {"indicator": "points_lost_indicators", "group": "points_lost_groups"}
REASON_NOT_ADDITIVE = "Số liệu của tỉnh không phải tổng số liệu của các đơn vị"
REASON_NO_PROVINCE = "Chưa có số liệu chỉ tiêu của tỉnh"
REASON_AT_TARGET = "Đơn vị đã đạt mức này"


def points_lost(
    period: Period,
    unit_id: str | None = None,
    level: str = "indicator",
    kind: str | None = None,
    top: int | None = None,
    path=None,
) -> pd.DataFrame:
    """Columns: unit_id, name, kind, level, group, code, name_vi, max_points, points, lost, lost_share.

    `points` are official where published, else recomputed; a missing value stays missing.
    `top` keeps the N biggest losses per unit.
    """
    with sql.connect(path) as con:
        scoring.prepare(con, formula_for(period.end))
        return lost_on(con, period, level, unit_id, kind, top)


def lost_on(
    con,
    period: Period,
    level: str = "indicator",
    unit_id: str | None = None,
    kind: str | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """`points_lost` on a connection prepared by `scoring.prepare`."""
    frame = sql.run(
        con, LEVELS[level], arrow=True, period_type=period.type, period_key=period.key, unit_id=unit_id, kind=kind
    )
    if top is not None:
        frame = frame.groupby("unit_id", sort=False).head(top).reset_index(drop=True)
    frame["lost_share"] = frame.lost / frame.max_points * 100
    return frame


def _target_ratios(con, period: Period, unit_id: str, indicators: pd.DataFrame) -> tuple[list, list]:
    """Per indicator: the ratio (0–1) the unit aims at, and where that aim comes from."""
    found = targets.unit_targets(con, period, [unit_id])
    by_measure = {}
    if not found.empty:
        for r in found.itertuples():
            code = measures.measure_for(r.criterion_code).measure_code
            if code and code.startswith(f"{INDEX}.") and pd.notna(r.target):
                by_measure[code.removeprefix(f"{INDEX}.")] = (r.target / 100, f"Chỉ tiêu {r.criterion_code}")
    ratios, sources = [], []
    for r in indicators.itertuples():
        full = (r.full_at if r.rule == "threshold" else 1.0, "Mức đạt điểm tối đa")
        ratio, source = by_measure.get(r.indicator, full)
        ratios.append(ratio)
        sources.append(source)
    return ratios, sources


def what_it_takes(period: Period, unit_id: str, path=None) -> pd.DataFrame:
    """For each scored indicator of a unit: the extra numerator that brings it to its target ratio
    and the points the province's own score gains from it.

    Columns: indicator, indicator_name, group, unit_ratio, target_ratio, target_source,
    extra_numerator, province_ratio, province_ratio_after, province_points, province_points_after,
    province_gain, additive, reason. Sorted by province_gain, biggest first.
    """
    formula = formula_for(period.end)
    tolerance = settings.get("what_it_takes", "additive_tolerance")
    with sql.connect(path) as con:
        scoring.prepare(con, formula)
        rows = sql.run(
            con,
            "province_indicators",
            period_type=period.type,
            period_key=period.key,
            unit_id=unit_id,
            home=settings.home_unit(),
        )
        if rows.empty:
            return rows
        rows["target_ratio"], rows["target_source"] = _target_ratios(con, period, unit_id, rows)
    den = rows.denominator.fillna(0)
    needed = np.ceil(rows.target_ratio * den - rows.numerator.fillna(0) - 1e-9).clip(lower=0)
    rows["extra_numerator"] = np.minimum(needed, den - rows.numerator.fillna(0)).clip(lower=0)
    rows["additive"] = (
        (rows.units_denominator - rows.province_denominator).abs() <= tolerance * rows.province_denominator
    ) & (rows.province_denominator > 0)
    after = rows.province_numerator + rows.extra_numerator
    rows["province_points_after"] = np.where(
        rows.additive, scoring.indicator_points(rows.indicator, after, rows.province_denominator, formula), np.nan
    )
    rows["province_ratio"] = rows.province_numerator / rows.province_denominator * 100
    rows["province_ratio_after"] = (after / rows.province_denominator * 100).where(rows.additive)
    rows["province_gain"] = (rows.province_points_after - rows.province_points).round(formula.round_digits)
    rows["unit_ratio"] = rows.ratio
    rows["target_ratio"] = rows.target_ratio * 100
    rows["reason"] = np.select(
        [rows.province_denominator.isna(), ~rows.additive, rows.extra_numerator.eq(0)],
        [REASON_NO_PROVINCE, REASON_NOT_ADDITIVE, REASON_AT_TARGET],
        default=None,
    )
    columns = [
        "indicator",
        "indicator_name",
        "group",
        "unit_ratio",
        "target_ratio",
        "target_source",
        "extra_numerator",
        "province_ratio",
        "province_ratio_after",
        "province_points",
        "province_points_after",
        "province_gain",
        "additive",
        "reason",
    ]
    return rows.sort_values("province_gain", ascending=False, na_position="last")[columns].reset_index(drop=True)


@dataclass(frozen=True)
class TopGap:
    period: Period
    top: int
    total: float | None
    rank: int | None
    rank_of: int | None
    threshold: float | None  # the score of the province ranked `top`
    points_needed: float | None  # 0 when already in the top
    as_of: Period | None = None  # the national ranking these come from (docs/051)
    as_of_label: str | None = None


def top_gap(period: Period, home: str | None = None, path=None) -> TopGap:
    """Points the home province needs to enter the national top N (equal scores share a rank),
    from the period's national ranking or the latest one before it (`as_of` says which)."""
    s = national.national_standing(period, home, path)
    return TopGap(period, s.top, s.total, s.rank, s.rank_of, s.threshold, s.points_needed, s.as_of, s.as_of_label)


@dataclass(frozen=True)
class LossStatus:
    """Whether "no points lost" can be said: only when every point is really there."""

    unit_id: str
    total: float | None
    max_points: float
    lost: float | None  # max − total (the official total's loss, whatever is itemised)
    itemised: float  # the loss the indicator rows account for
    indicators_present: int
    indicators_expected: int
    complete: bool  # every scored indicator of the formula is in the warehouse
    no_loss: bool  # complete and nothing lost


def loss_status(period: Period, unit_id: str, path=None) -> LossStatus:
    formula = formula_for(period.end)
    maximum = float(sum(g.max_points for g in formula.groups))
    expected = [i.criterion_code for i in formula.indicators if i.scored]
    with sql.connect(path) as con:
        scoring.prepare(con, formula)
        lost = lost_on(con, period, "indicator", unit_id)
        groups = lost_on(con, period, "group", unit_id)
        held = sql.run(
            con,
            "unit_coverage",
            index_code=INDEX,
            period_type=period.type,
            period_key=period.key,
            kinds=["province", "department", "commune", "agency"],
            group_codes=[g.criterion_code for g in formula.groups],
            indicator_codes=expected,
        )
    mine = held[held.unit_id == unit_id]
    present = int(mine.n_indicators.iloc[0]) if not mine.empty else 0
    total = None
    if not mine.empty and bool(mine.has_total.iloc[0]) or len(groups) == len(formula.groups):
        found = sql.query(
            "unit_total", path, index_code=INDEX, period_type=period.type, period_key=period.key, unit_id=unit_id
        )
        total = None if found.empty or pd.isna(found.points.iloc[0]) else float(found.points.iloc[0])
        if total is None and len(groups) == len(formula.groups):
            total = float(groups.points.sum())
    itemised = float(lost.lost.fillna(0).sum()) if not lost.empty else 0.0
    complete = present >= len(expected) and total is not None
    overall = None if total is None else round(maximum - total, formula.round_digits)
    return LossStatus(
        unit_id,
        total,
        maximum,
        overall,
        itemised,
        present,
        len(expected),
        complete,
        bool(complete and overall is not None and overall <= 0 and itemised <= 0),
    )
