"""Which units lack data for a period. Missing is never 0: absent totals stay NaN and the
status says "chưa có dữ liệu".

Public API (docs/020):
- `missing(period, kinds=("department", "commune"))`: every unit of those kinds with what the
  warehouse holds for it in the period and a status.
- `matrix(period_type, kinds=...)`: units x periods of the total score, NaN where missing.
- `tthc_missing(period, kinds=...)`: every unit of those kinds and how many of the TTHC
  report's nine figures it has in the period, with the same statuses.
- `tthc_matrix(period_type="month", kinds=...)`: units x periods of dossiers received.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.formula import INDEX, formula_for
from core.periods import Period
from metrics import sql

COMPLETE = "đủ dữ liệu"
PARTIAL = "thiếu một phần"
NO_DATA = "chưa có dữ liệu"
DEFAULT_KINDS = ("department", "commune")


def missing(period: Period, kinds: tuple[str, ...] = DEFAULT_KINDS, path=None) -> pd.DataFrame:
    """Columns: unit_id, name, kind, has_total, n_groups, n_indicators, expected_groups,
    expected_indicators, status. Expected = the formula's groups and scored indicators."""
    formula = formula_for(period.end)
    groups = [g.criterion_code for g in formula.groups]
    indicators = [i.criterion_code for i in formula.indicators if i.scored]
    frame = sql.query(
        "unit_coverage",
        path,
        index_code=INDEX,
        period_type=period.type,
        period_key=period.key,
        kinds=list(kinds),
        group_codes=groups,
        indicator_codes=indicators,
    )
    frame["expected_groups"] = len(groups)
    frame["expected_indicators"] = len(indicators)
    complete = (
        frame.has_total & (frame.n_groups >= frame.expected_groups) & (frame.n_indicators >= frame.expected_indicators)
    )
    empty = ~frame.has_total & frame.n_groups.eq(0) & frame.n_indicators.eq(0)
    frame["status"] = np.select([complete, empty], [COMPLETE, NO_DATA], default=PARTIAL)
    return frame


def matrix(period_type: str, kinds: tuple[str, ...] = DEFAULT_KINDS, path=None) -> pd.DataFrame:
    """One row per unit (unit_id, name, kind), one column per period key (oldest first) holding
    the unit's total score, NaN where the warehouse has none."""
    long = sql.query("coverage_matrix", path, index_code=INDEX, period_type=period_type, kinds=list(kinds))
    if long.empty:
        return pd.DataFrame(columns=["unit_id", "name", "kind"])
    keys = list(dict.fromkeys(long.sort_values("period_end").period_key))
    wide = long.pivot(index=["unit_id", "name", "kind"], columns="period_key", values="total")
    return wide[keys].reset_index().rename_axis(columns=None)


def tthc_missing(period: Period, kinds: tuple[str, ...] = DEFAULT_KINDS, path=None) -> pd.DataFrame:
    """Columns: unit_id, name, kind, n_items, expected_items, status (docs/052)."""
    from metrics import tthc  # the report module is small; imported here to keep this one light

    frame = sql.query("tthc_coverage", path, period_type=period.type, period_key=period.key, kinds=list(kinds))
    frame["expected_items"] = len(tthc.ITEMS)
    frame["status"] = np.select(
        [frame.n_items >= len(tthc.ITEMS), frame.n_items.eq(0)], [COMPLETE, NO_DATA], default=PARTIAL
    )
    return frame


def tthc_matrix(period_type: str = "month", kinds: tuple[str, ...] = DEFAULT_KINDS, path=None) -> pd.DataFrame:
    """One row per unit, one column per period key (oldest first): dossiers received, NaN where
    the unit did not report."""
    from metrics import tthc

    long = sql.query("tthc_figures", path, period_type=period_type, since_key="", until_key="9999", unit_id=None)
    units = sql.query("unit_lookup", path).drop_duplicates("unit_id")
    units = units[units.kind.isin(kinds)]
    if long.empty:
        return units[["unit_id", "name", "kind"]].reset_index(drop=True)
    long = tthc.derive(long)
    keys = list(dict.fromkeys(long.sort_values("period_end").period_key))
    wide = long.pivot(index="unit_id", columns="period_key", values="received").reindex(columns=keys)
    out = units[["unit_id", "name", "kind"]].merge(wide, left_on="unit_id", right_index=True, how="left")
    return out.sort_values(["kind", "unit_id"]).reset_index(drop=True).rename_axis(columns=None)
