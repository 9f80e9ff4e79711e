"""Targets: which apply to which unit, what number each asks for, and whether it is met.

Public API (docs/020, docs/024):
- `target_status(period, unit_id=None, kinds=None)`: one row per unit x applicable target.
- `unit_targets(con, period, unit_ids)`: the same on an open connection (used by gaps, trends).
- `evaluate(actual, target, comparator, near_share)`: gap and status, vectorised.

A target applies per criterion and year to the home province (scope "province"), to every
department or commune (scope = kind), or to one unit; the most specific one wins. A
province-wide target also applies to the kinds its measure lists (target_measures.csv).
Relative targets ("+3 % over 2024") are computed from the baseline: the measure's value in
the base year (warehouse first, then the seeds' facts), plus points or times (1 + percent).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from core import settings
from core.periods import Period
from metrics import facts, measures, sql

MET = "đạt"
NEAR = "gần đạt"
NOT_MET = "chưa đạt"
NO_DATA = "chưa có số liệu"
_SPECIFICITY = {"unit": 0, "department": 1, "commune": 1, "province": 2}


def evaluate(actual, target, comparator, near_share: float | None = None) -> tuple[pd.Series, pd.Series]:
    """(gap, status): gap = how far past the target (negative = short of it), direction-aware."""
    near_share = settings.get("targets", "near_share") if near_share is None else near_share
    actual = pd.Series(actual, dtype="float64")
    target = pd.Series(target, dtype="float64", index=actual.index)
    lower_better = pd.Series(comparator, index=actual.index).eq("at_most")
    gap = (actual - target).where(~lower_better, target - actual)
    status = np.select(
        [actual.isna() | target.isna(), gap >= -1e-9, gap >= -near_share * target.abs()],
        [NO_DATA, MET, NEAR],
        default=NOT_MET,
    )
    return gap, pd.Series(status, index=actual.index)


def _applicable(targets: pd.DataFrame, units: pd.DataFrame, home: str) -> pd.DataFrame:
    """Expand targets to units and keep, per unit and criterion, the most specific one."""
    pairs = []
    for t in targets.itertuples():
        if t.scope == "unit":
            ids = [t.target_unit_id]
        elif t.scope in ("department", "commune"):
            ids = units.unit_id[units.kind == t.scope].tolist()
        else:
            extra = measures.measure_for(t.criterion_code).applies_to
            ids = [home] + units.unit_id[units.kind.isin([k for k in extra if k != "province"])].tolist()
        pairs.extend((t.Index, unit_id) for unit_id in ids)
    if not pairs:
        return pd.DataFrame()
    index, unit_ids = zip(*pairs)
    out = targets.loc[list(index)].assign(unit_id=list(unit_ids)).reset_index(drop=True)
    out = out.merge(units, on="unit_id")
    out["specificity"] = out.scope.map(_SPECIFICITY)
    out = out.sort_values(["unit_id", "criterion_code", "specificity"])
    return out.drop_duplicates(["unit_id", "criterion_code"]).drop(columns="specificity")


def _baselines(con, rows: pd.DataFrame, home: str) -> pd.Series:
    """The measure's value in each relative target's base year (NaN when unknown)."""
    base = pd.Series(np.nan, index=rows.index)
    for year, part in rows[rows.relative_base_year.notna()].groupby("relative_base_year"):
        year = int(year)
        found = measures.actual_values(
            con,
            [measures.measure_for(c) for c in part.criterion_code.unique()],
            part.unit_id.unique().tolist(),
            Period("year", str(year)),
            start=date(year, 1, 1),
        )
        lookup = found.set_index(["unit_id", "criterion_code"])["actual"]
        for i, r in part.iterrows():
            value = lookup.get((r.unit_id, r.criterion_code))
            if value is None and r.unit_id == home:
                value = facts.baseline(r.criterion_code, year)
            base[i] = np.nan if value is None else value
    return base


def unit_targets(con, period: Period, unit_ids: list[str] | None = None) -> pd.DataFrame:
    """Targets of the period's year for the given units (default: all), with their numbers."""
    home = settings.home_unit()
    targets = sql.run(con, "targets_for_year", year=period.end.year)
    units = sql.run(con, "target_units", home=home)
    if unit_ids is not None:
        units = units[units.unit_id.isin(unit_ids)]
    rows = _applicable(targets, units, home)
    if rows.empty:
        return rows
    rows["base_value"] = _baselines(con, rows, home)
    relative = rows.relative_base_year.notna()
    by_percent = rows.relative_mode.eq("percent")
    rows["target"] = rows.value.where(
        ~relative, np.where(by_percent, rows.base_value * (1 + rows.value / 100), rows.base_value + rows.value)
    )
    rows.loc[rows.comparator.eq("reach_100") & rows.target.isna(), "target"] = 100.0
    rows["measure"] = [
        measures.measure_for(c).note_vi or measures.measure_for(c).measure_code for c in rows.criterion_code
    ]
    rows["measure_available"] = [measures.measure_for(c).available for c in rows.criterion_code]
    return rows.reset_index(drop=True)


def target_status(
    period: Period, unit_id: str | None = None, kinds: tuple[str, ...] | None = None, path=None
) -> pd.DataFrame:
    """Every applicable target of the period's year: target number, actual, gap and status.

    Columns: unit_id, name, kind, criterion_code, criterion_name, year, scope, comparator, target,
    base_year, base_value, relative_mode, measure, measure_available, actual, actual_period, gap,
    status, text_vi.
    """
    columns = [
        "unit_id",
        "name",
        "kind",
        "criterion_code",
        "criterion_name",
        "year",
        "scope",
        "comparator",
        "target",
        "base_year",
        "base_value",
        "relative_mode",
        "measure",
        "measure_available",
        "actual",
        "actual_period",
        "gap",
        "status",
        "text_vi",
    ]
    with sql.connect(path) as con:
        rows = unit_targets(con, period, [unit_id] if unit_id else None)
        if rows.empty:
            return pd.DataFrame(columns=columns)
        if kinds:
            rows = rows[rows.kind.isin(kinds)].reset_index(drop=True)
        wanted = [measures.measure_for(c) for c in rows.criterion_code.unique()]
        actual = measures.actual_values(con, wanted, rows.unit_id.unique().tolist(), period)
    rows = rows.merge(actual, on=["unit_id", "criterion_code"], how="left")
    rows["gap"], rows["status"] = evaluate(rows.actual, rows.target, rows.comparator)
    return rows.rename(columns={"relative_base_year": "base_year"})[columns]
