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

from core.periods import Period
from core import settings
from metrics import measures, ranking, scoring, sql, targets
from core.formula import INDEX, formula_for

LEVELS = {"indicator": "points_lost_indicators", "group": "points_lost_groups"}
REASON_NOT_ADDITIVE = "Số liệu của tỉnh không phải tổng số liệu của các đơn vị"
REASON_NO_PROVINCE = "Chưa có số liệu chỉ tiêu của tỉnh"
REASON_AT_TARGET = "Đơn vị đã đạt mức này"


def points_lost(period: Period, unit_id: str | None = None, level: str = "indicator", kind: str | None = None,
                top: int | None = None, path=None) -> pd.DataFrame:
    """Columns: unit_id, name, kind, level, group, code, name_vi, max_points, points, lost, lost_share.

    `points` are official where published, else recomputed; a missing value stays missing.
    `top` keeps the N biggest losses per unit.
    """
    with sql.connect(path) as con:
        scoring.prepare(con, formula_for(period.end))
        return lost_on(con, period, level, unit_id, kind, top)


def lost_on(con, period: Period, level: str = "indicator", unit_id: str | None = None, kind: str | None = None,
            top: int | None = None) -> pd.DataFrame:
    """`points_lost` on a connection prepared by `scoring.prepare`."""
    frame = sql.run(con, LEVELS[level], arrow=True, period_type=period.type, period_key=period.key,
                    unit_id=unit_id, kind=kind)
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
        rows = sql.run(con, "province_indicators", period_type=period.type, period_key=period.key,
                       unit_id=unit_id, home=settings.home_unit())
        if rows.empty:
            return rows
        rows["target_ratio"], rows["target_source"] = _target_ratios(con, period, unit_id, rows)
    den = rows.denominator.fillna(0)
    needed = np.ceil(rows.target_ratio * den - rows.numerator.fillna(0) - 1e-9).clip(lower=0)
    rows["extra_numerator"] = np.minimum(needed, den - rows.numerator.fillna(0)).clip(lower=0)
    rows["additive"] = ((rows.units_denominator - rows.province_denominator).abs()
                        <= tolerance * rows.province_denominator) & (rows.province_denominator > 0)
    after = rows.province_numerator + rows.extra_numerator
    rows["province_points_after"] = np.where(
        rows.additive, scoring.indicator_points(rows.indicator, after, rows.province_denominator, formula), np.nan)
    rows["province_ratio"] = rows.province_numerator / rows.province_denominator * 100
    rows["province_ratio_after"] = (after / rows.province_denominator * 100).where(rows.additive)
    rows["province_gain"] = (rows.province_points_after - rows.province_points).round(formula.round_digits)
    rows["unit_ratio"] = rows.ratio
    rows["target_ratio"] = rows.target_ratio * 100
    rows["reason"] = np.select(
        [rows.province_denominator.isna(), ~rows.additive, rows.extra_numerator.eq(0)],
        [REASON_NO_PROVINCE, REASON_NOT_ADDITIVE, REASON_AT_TARGET], default=None)
    columns = ["indicator", "indicator_name", "group", "unit_ratio", "target_ratio", "target_source",
               "extra_numerator", "province_ratio", "province_ratio_after", "province_points",
               "province_points_after", "province_gain", "additive", "reason"]
    return rows.sort_values("province_gain", ascending=False, na_position="last")[columns].reset_index(drop=True)


@dataclass(frozen=True)
class TopGap:
    period: Period
    top: int
    total: float | None
    rank: int | None
    rank_of: int
    threshold: float | None  # the score of the province ranked `top`
    points_needed: float | None  # 0 when already in the top


def top_gap(period: Period, home: str | None = None, path=None) -> TopGap:
    """Points the home province needs to enter the national top N (equal scores share a rank)."""
    home = home or settings.home_unit()
    top = settings.get("national", "top")
    board = ranking.league_ranking(period, "provinces", path)
    if board.empty or home not in set(board.unit_id):
        return TopGap(period, top, None, None, len(board), None, None)
    ours = board.set_index("unit_id").loc[home]
    totals = board.total.dropna().sort_values(ascending=False)
    threshold = float(totals.iloc[min(top, len(totals)) - 1])
    needed = max(0.0, round(threshold - float(ours.total), 2))
    return TopGap(period, top, float(ours.total), int(ours["rank"]), len(board), threshold, needed)
