"""766 scoring: points recomputed from numerators and denominators with the formula config,
kept beside the official points, every difference over the tolerance flagged.

Public API (docs/020, docs/021):
- `recompute(period, unit_id=None, kind=None)`: one row per unit x indicator.
- `group_scores(period, unit_id=None, kind=None)`: one row per unit x group.
- `indicator_points(code, numerator, denominator, formula=None, round_mode=None)`: the rule
  itself for arrays (what-if and tests).
- `prepare(con, formula)`: registers the formula and the scoring macros on a connection, for
  other metrics modules that score inside their own SQL.

The rule lives once, in SQL (`metrics/sql/scoring_rules.sql`), driven by the TOML.
The DVC trực tuyến group (`official_only`) is never recomputed: its status says so.
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from core import settings
from core.formula import INDEX, Formula, formula_for
from core.periods import Period
from metrics import sql

MATCH = "khớp"
DIFFERS = "lệch"
UNKNOWN = "không xác định"
NO_OFFICIAL = "chưa có điểm chính thức"
NO_DETAIL = "chưa có số liệu chỉ tiêu"
TRACKING = "theo dõi"
MISSING = "chưa có dữ liệu"
SCORED_RULES = ("linear", "threshold")


def rules_frame(formula: Formula, round_mode: str | None = None) -> pd.DataFrame:
    """The formula's indicators as a relation the SQL macros join."""
    return pd.DataFrame(
        [
            {
                "index_code": INDEX,
                "criterion_code": ind.criterion_code,
                "indicator": ind.code,
                "indicator_name": ind.name,
                "group_code": ind.group,
                "group_name": formula.group(ind.group).name,
                "rule": ind.rule,
                "max_points": float(ind.max_points),
                "full_at": None if ind.full_at is None else float(ind.full_at),
                "zero_full": ind.zero_denominator == "full",
                "digits": formula.round_digits,
                "mode": round_mode or formula.round_mode,
                "sort_order": order,
            }
            for order, ind in enumerate(formula.indicators)
        ]
    ).astype({"full_at": "float64"})


def groups_frame(formula: Formula) -> pd.DataFrame:
    rows = []
    for order, group in enumerate(formula.groups):
        members = [i for i in formula.indicators if i.group == group.code]
        rows.append(
            {
                "index_code": INDEX,
                "criterion_code": group.criterion_code,
                "group_code": group.code,
                "group_name": group.name,
                "max_points": float(group.max_points),
                "sort_order": order,
                "official_only": any(i.rule == "official_only" for i in members),
                "n_scored": sum(i.rule in SCORED_RULES for i in members),
                "digits": formula.round_digits,
            }
        )
    return pd.DataFrame(rows)


def prepare(
    con: duckdb.DuckDBPyConnection, formula: Formula, round_mode: str | None = None, tables: bool = True
) -> None:
    """Register the formula relations and create the scoring macros (temporary, per connection)."""
    con.register("formula_rules", rules_frame(formula, round_mode))
    con.register("formula_groups", groups_frame(formula))
    sql.install(con, "scoring_rules")
    if tables:
        sql.install(con, "scoring_tables")


def _with_points(frame: pd.DataFrame) -> pd.DataFrame:
    """`diff` = recomputed − official; `points` = official where published, else recomputed."""
    frame["diff"] = (frame.points_recomputed - frame.points_official).round(6)
    frame["points"] = frame.points_official.where(frame.points_official.notna(), frame.points_recomputed)
    return frame


def _differs(frame: pd.DataFrame, tolerance: float) -> pd.Series:
    return frame["diff"].abs() > tolerance + 1e-9


def _scored(
    query: str, period: Period, unit_id: str | None, kind: str | None, path, round_mode: str | None
) -> pd.DataFrame:
    """Run a scoring query of a period with the formula in force; add `diff` and `points`."""
    with sql.connect(path) as con:
        prepare(con, formula_for(period.end), round_mode)
        frame = sql.run(con, query, period_type=period.type, period_key=period.key, unit_id=unit_id, kind=kind)
    return _with_points(frame)


def recompute(
    period: Period, unit_id: str | None = None, kind: str | None = None, path=None, round_mode: str | None = None
) -> pd.DataFrame:
    """Indicators of a period: numerator, denominator, ratio, recomputed and official points, status."""
    frame = _scored("score_indicators", period, unit_id, kind, path, round_mode)
    frame["status"] = np.select(
        [
            frame.rule.eq("tracking"),
            frame.rule.eq("official_only"),
            frame.points_recomputed.isna(),
            frame.points_official.isna(),
            _differs(frame, settings.get("scoring", "tolerance")),
        ],
        [TRACKING, UNKNOWN, MISSING, NO_OFFICIAL, DIFFERS],
        default=MATCH,
    )
    return frame


def group_scores(
    period: Period, unit_id: str | None = None, kind: str | None = None, path=None, round_mode: str | None = None
) -> pd.DataFrame:
    """Groups of a period: the sum of recomputed indicator points beside the official score."""
    frame = _scored("score_groups", period, unit_id, kind, path, round_mode)
    frame["status"] = np.select(
        [
            frame.official_only,
            frame.points_recomputed.isna(),
            frame.points_official.isna(),
            _differs(frame, settings.get("scoring", "tolerance")),
        ],
        [UNKNOWN, NO_DETAIL, NO_OFFICIAL, DIFFERS],
        default=MATCH,
    )
    return frame.drop(columns="official_only")


def indicator_points(
    code, numerator, denominator, formula: Formula | None = None, round_mode: str | None = None
) -> np.ndarray:
    """Points the formula gives for arrays of numerators and denominators; `code` is one
    indicator code or one per value. Unknown codes and unscored rules give NaN."""
    formula = formula or formula_for(date.today())
    values = pd.DataFrame(
        {
            "numerator": np.atleast_1d(np.asarray(numerator, dtype="float64")),
            "denominator": np.atleast_1d(np.asarray(denominator, dtype="float64")),
        }
    )
    values["code"] = code if isinstance(code, str) else list(code)
    values["pos"] = range(len(values))
    con = duckdb.connect()
    try:
        prepare(con, formula, round_mode, tables=False)
        con.register("input_values", values)
        out = sql.run(con, "indicator_points")
    finally:
        con.close()
    return out["points"].to_numpy(dtype="float64")
