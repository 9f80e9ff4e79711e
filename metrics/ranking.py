"""Rankings within separate leagues (departments, communes, the 34 provinces), overall and
per group, with the official rank beside the computed one and the movement since the
previous period of the same type.

Public API (docs/020, docs/022):
- `league_ranking(period, league)`: one row per unit of the league, best first.
- `rank_leagues(con, period, leagues)`: several leagues on an open connection, in one query.
- `previous_period(period)`: the previous period of the same type with data, or None.

Computed ranks are standard competition ranks: equal scores share a rank and the next rank
is skipped (1, 2, 2, 4). The portal breaks some ties by a rule it does not publish, so the
official rank (`rank_official`) can differ from `rank` on ties only (docs/022).
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from core.periods import Period
from core import settings
from metrics import sql
from core.formula import INDEX, Formula, formula_for

LEAGUES = {"departments": "department", "communes": "commune", "provinces": "province"}
AVERAGE_BASES = ("league", "all_units", "province_score")


def previous_period(period: Period, path=None) -> Period | None:
    with sql.connect(path) as con:
        return previous_on(con, period)


def previous_on(con, period: Period) -> Period | None:
    """`previous_period` on an open connection. Walks back end date by end date (a max() that
    row-group statistics make cheap, a year back first) until a period held by an active batch."""
    before, since = period.end, period.end - timedelta(days=400)
    while True:
        end = sql.run(con, "previous_period", index_code=INDEX, period_type=period.type, period_end=before,
                      since=since).period_end.iloc[0]
        if pd.isna(end):
            if since == date.min:
                return None
            since = date.min
            continue
        end = pd.Timestamp(end).date()
        held = sql.run(con, "period_at", index_code=INDEX, period_type=period.type, period_end=end)
        active = held[held.active]
        if not active.empty:
            return Period(period.type, active.period_key.iloc[0])
        before = end


def band_labels(totals: pd.Series, formula: Formula) -> pd.Series:
    """The band of each total (vectorised `Formula.band_of`); missing totals get none."""
    bands = sorted(formula.bands, key=lambda b: -b.min)
    values = totals.to_numpy(dtype="float64")
    labels = np.select([values >= b.min for b in bands], [b.label for b in bands], default="")
    if bands:
        labels = np.where(np.isnan(values) | (labels != ""), labels, bands[-1].label)
    return pd.Series(labels, index=totals.index).where(totals.notna(), None)


def _wide(long: pd.DataFrame, formula: Formula) -> pd.DataFrame:
    """One row per unit: total and groups with their computed, official and previous ranks.

    `position` is 0 for the total and 1.. for the groups in formula order; the pivot is done
    with numpy (pandas' own costs more than the query on a national league)."""
    row, units = pd.factorize(long.unit_id)
    col = long.position.fillna(0).to_numpy(dtype=int)

    def grid(field: str) -> np.ndarray:
        out = np.full((len(units), len(formula.groups) + 1), np.nan)
        out[row, col] = long[field].to_numpy(dtype="float64", na_value=np.nan)
        return out

    points, ranks, official, previous = (grid(f) for f in ("points", "rank", "rank_official", "previous_rank"))
    columns = {"unit_id": np.asarray(units, dtype=object), "total": points[:, 0], "rank": ranks[:, 0], "rank_official": official[:, 0],
               "previous_rank": previous[:, 0]}
    for i, group in enumerate(formula.groups, start=1):
        columns.update({group.code: points[:, i], f"rank_{group.code}": ranks[:, i],
                        f"rank_official_{group.code}": official[:, i]})
    total_rows = long.position.isna().to_numpy()
    at = np.full(len(units), -1)
    at[row[total_rows]] = np.flatnonzero(total_rows)
    for name in ("rank_of", "league_average", "all_units_average", "province_score"):
        columns[name] = np.where(at >= 0, long[name].to_numpy(dtype="float64", na_value=np.nan)[at], np.nan)
    columns["band_official"] = pd.Series(long.band_official.to_numpy(dtype=object)[at]).where(at >= 0)
    return pd.DataFrame(columns)


def league_ranking(period: Period, league: str, path=None) -> pd.DataFrame:
    """Every unit of a league in a period, best first: scores, ranks, movement, band, average flag.

    Columns: unit_id, name, short_name, subkind, total, rank, rank_of, rank_official,
    previous_rank, movement (places gained since the previous period, + = up), <GROUP> and
    rank_<GROUP> and rank_official_<GROUP> per group, band, band_official, league_average,
    all_units_average, province_score, average (the one `average_basis` selects),
    below_average. Empty when the league has no score in the period.
    """
    with sql.connect(path) as con:
        return rank_leagues(con, period, (league,))[league]


def rank_leagues(con, period: Period, leagues: tuple[str, ...] = tuple(LEAGUES)) -> dict[str, pd.DataFrame]:
    """`league_ranking` for several leagues on an open connection, in one query."""
    formula = formula_for(period.end)
    previous = previous_on(con, period)
    kinds = [LEAGUES[league] for league in leagues]
    long = sql.run(con, "league_ranking", arrow=True, index_code=INDEX, period_type=period.type,
                   period_key=period.key, previous_key=previous.key if previous else None, kinds=kinds,
                   group_codes=[g.criterion_code for g in formula.groups], home=settings.home_unit())
    names = sql.run(con, "unit_names", kinds=kinds).set_index("unit_id")
    basis = settings.get("ranking", "average_basis")
    if basis not in AVERAGE_BASES:
        raise ValueError(f"average_basis must be one of {AVERAGE_BASES}, not {basis!r} (metrics.toml)")
    return {league: _board(long[long.kind == LEAGUES[league]], formula, names, basis) for league in leagues}


def _board(long: pd.DataFrame, formula: Formula, names: pd.DataFrame, basis: str) -> pd.DataFrame:
    if long.empty:
        return pd.DataFrame()
    out = _wide(long, formula).join(names, on="unit_id")
    ranks = [c for c in out.columns if c.startswith(("rank", "previous_rank"))]
    out[ranks] = out[ranks].astype("Int64")
    out["movement"] = out.previous_rank - out["rank"]
    out["band"] = band_labels(out.total, formula)
    out["average"] = out[f"{basis}_average" if basis != "province_score" else basis]
    out["below_average"] = (out.total < out.average).where(out.total.notna() & out.average.notna())
    first = ["unit_id", "name", "short_name", "subkind", "total", "rank", "rank_of", "rank_official",
             "previous_rank", "movement"]
    out = out[first + [c for c in out.columns if c not in first]]
    return out.sort_values(["rank", "unit_id"], na_position="last", kind="stable").reset_index(drop=True)
