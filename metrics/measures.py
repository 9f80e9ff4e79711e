"""What number a target is measured by (`data/reference/target_measures.csv`).

A catalogue target names a criterion ("SVC766.2.1: tỷ lệ hồ sơ đúng hạn ≥ 98 %"); the data
holds portal measures ("SVC766.ON_TIME") and monthly report items ("TTHC.APOLOGIES"). A
measure is either one criterion's value (or points), or a ratio of sums of report items.
A criterion without a row is measured by itself (PAR, SIPAS, PAPI results); a row with no
measure says the data does not hold it ("chưa có số liệu").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from core.periods import Period
from metrics import sql

MEASURES = Path(__file__).resolve().parent.parent / "data" / "reference" / "target_measures.csv"


@dataclass(frozen=True)
class Measure:
    criterion_code: str
    applies_to: tuple[str, ...] = ()  # extra unit kinds a province-wide target applies to
    measure_code: str | None = None  # one criterion's observation ...
    field: str = "value"  # ... its value or its points
    numerator_codes: tuple[str, ...] = ()  # or a ratio (percent) of sums of items
    denominator_codes: tuple[str, ...] = ()
    note_vi: str = ""

    @property
    def available(self) -> bool:
        return bool(self.measure_code or self.denominator_codes)

    @property
    def codes(self) -> tuple[str, ...]:
        return ((self.measure_code,) if self.measure_code else ()) + self.numerator_codes + self.denominator_codes


def _split(text: str, sep: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(sep) if p.strip())


@lru_cache(maxsize=2)
def _mapping(path: Path = MEASURES) -> dict[str, Measure]:
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {
        r.criterion_code: Measure(
            r.criterion_code,
            _split(r.applies_to, ";"),
            r.measure_code or None,
            r.field or "value",
            _split(r.numerator_codes, "+"),
            _split(r.denominator_codes, "+"),
            r.note_vi,
        )
        for r in rows.itertuples()
    }


def measure_for(criterion_code: str) -> Measure:
    return _mapping().get(criterion_code) or Measure(criterion_code, measure_code=criterion_code)


def criteria_measured_by(measure_code: str) -> list[str]:
    """Catalogue criteria whose target is measured by this criterion (e.g. SVC766.ON_TIME → SVC766.2.1)."""
    return [m.criterion_code for m in _mapping().values() if m.measure_code == measure_code]


def actual_values(
    con, measures: list[Measure], unit_ids: list[str], period: Period, start: date | None = None
) -> pd.DataFrame:
    """The value of each measure for each unit: the requested period's if present, else the newest
    between `start` (default: 1 January of the period's year) and the period's end.

    Columns: unit_id, criterion_code (the target's), actual, actual_period (a Period).
    """
    measures = [m for m in measures if m.available]
    codes = sorted({c for m in measures for c in m.codes})
    columns = ["unit_id", "criterion_code", "actual", "actual_period"]
    if not codes or not unit_ids:
        return pd.DataFrame(columns=columns)
    start = start or date(period.end.year, 1, 1)
    obs = sql.run(
        con,
        "measure_values",
        codes=codes,
        unit_ids=list(unit_ids),
        start=start,
        end=period.end,
        period_type=period.type,
        period_key=period.key,
    )
    frames = [_one_measure(obs, m) for m in measures]
    found = pd.concat([f for f in frames if not f.empty] or [pd.DataFrame(columns=columns)], ignore_index=True)
    return found[columns]


def _latest(frame: pd.DataFrame) -> pd.DataFrame:
    """Per unit: the requested period first, else the newest."""
    frame = frame.sort_values(["unit_id", "is_current", "period_end"], ascending=[True, False, False])
    return frame.drop_duplicates("unit_id")


def _one_measure(obs: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    if measure.measure_code:
        rows = obs[obs.criterion_code == measure.measure_code].copy()
        rows["actual"] = rows[measure.field]
        rows = rows[rows.actual.notna()]
    else:
        keys = ["unit_id", "period_type", "period_key", "period_end", "is_current"]
        num = obs[obs.criterion_code.isin(measure.numerator_codes)].groupby(keys)["value"].sum(min_count=1)
        den = obs[obs.criterion_code.isin(measure.denominator_codes)].groupby(keys)["value"].sum(min_count=1)
        both = pd.concat([num.rename("num"), den.rename("den")], axis=1).dropna().reset_index()
        rows = both[both.den > 0].copy()
        rows["actual"] = rows.num / rows.den * 100
    if rows.empty:
        return rows
    rows = _latest(rows)
    rows["actual_period"] = [Period(t, k) for t, k in zip(rows.period_type, rows.period_key)]
    return rows.assign(criterion_code=measure.criterion_code)
