"""Rankings within separate leagues (departments, communes, the 34 provinces), overall and
per group, with the official rank beside the computed one and the movement since the
previous comparable period of each unit (docs/050).

Public API (docs/020, docs/022, docs/050, docs/051):
- `league_ranking(period, league)`: one row per unit of the league, best first.
- `rank_leagues(con, period, leagues)`: several leagues on an open connection.
- `previous_by_unit(con, period, kinds)`: per unit, the latest earlier period of any type
  whose data cover it (what its movement is measured against).
- `previous_period(period)`: the latest earlier period holding data for any unit, or None.

A rank always comes with its league's size (`rank_of`, the units scored in that period) and
date (`rank_label`); a league of fewer than `ranking.min_league_size` scored units is no
ranking, so its ranks stay missing (never "1 of 1").

Computed ranks are standard competition ranks: equal scores share a rank and the next rank
is skipped (1, 2, 2, 4). The portal breaks some ties by a rule it does not publish, so the
official rank (`rank_official`) can differ from `rank` on ties only (docs/022).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from core import settings
from core.formula import INDEX, Formula, formula_for
from core.periods import Period
from metrics import sql

LEAGUES = {"departments": "department", "communes": "commune", "provinces": "province"}
AVERAGE_BASES = ("league", "all_units", "province_score")


def short_label(period: Period | None) -> str | None:
    """ "01/10/2026" for a snapshot, "Tháng 9/2026" otherwise: what "so với …" names."""
    if period is None:
        return None
    return period.end.strftime("%d/%m/%Y") if period.type == "day" else period.label


def min_league_size() -> int:
    return int(settings.get("ranking", "min_league_size"))


def previous_period(period: Period, path=None, kinds: tuple[str, ...] | None = None) -> Period | None:
    with sql.connect(path) as con:
        return previous_on(con, period, kinds)


def _latest_end(con, before: date) -> date | None:
    """The latest end date before `before` of any period of the index (a year back first: the
    max() then reads few row groups)."""
    for since in (before - timedelta(days=400), date.min):
        end = sql.run(con, "previous_end", index_code=INDEX, before=before, since=since).period_end.iloc[0]
        if pd.notna(end):
            return pd.Timestamp(end).date()
    return None


def _covered(con, period: Period, kinds, before: date, since: date, units: list | None) -> pd.DataFrame:
    formula = formula_for(period.end)
    found = sql.run(
        con,
        "previous_by_unit",
        index_code=INDEX,
        before=before,
        since=since,
        kinds=list(kinds),
        period_type=period.type,
        group_codes=[g.criterion_code for g in formula.groups],
        units=units,
        min_size=min_league_size(),
    )
    found["period_end"] = pd.to_datetime(found.period_end).dt.date
    found["same_type"] = found.period_type == period.type
    return found


def previous_on(con, period: Period, kinds: tuple[str, ...] | None = None) -> Period | None:
    """The latest period of any type ending before `period` starts that holds a score of some
    unit of the kinds (all leagues by default). Each unit's own comparison may be older
    (`previous_by_unit`): a unit missing from that period compares with its last one."""
    kinds = kinds or tuple(LEAGUES.values())
    before = period.start
    while (end := _latest_end(con, before)) is not None:
        found = _covered(con, period, kinds, end + timedelta(days=1), end, None)
        if not found.empty:
            top = found.sort_values("same_type", ascending=False, kind="stable").iloc[0]
            return Period(top.period_type, top.period_key)
        before = end
    return None


WALK_BACK = 3  # end dates tried one by one before one bounded-free query for the units still unmatched


def previous_by_unit(con, period: Period, kinds: tuple[str, ...], units=None) -> pd.DataFrame:
    """unit_id, period_type, period_key, period_end, same_type: per unit of the kinds (of `units`
    if given), the latest period of any type ending before `period` starts that covers it
    (docs/050). Walks back end date by end date (cheap: usually the first date covers every
    unit); the units still unmatched after WALK_BACK dates are looked up in one query."""
    remaining = None if units is None else set(units)
    parts, before = [], period.start
    for _ in range(WALK_BACK if remaining is not None else 0):
        end = _latest_end(con, before)
        if end is None:
            remaining = set()
            break
        found = _covered(con, period, kinds, end + timedelta(days=1), end, None)
        found = found[found.unit_id.isin(remaining)]
        parts.append(found)
        remaining -= set(found.unit_id)
        if not remaining:
            break
        before = end
    if remaining is None or remaining:
        found = _covered(con, period, kinds, before, date.min, None if remaining is None else sorted(remaining))
        parts.append(found)
    if not parts:
        return _covered(con, period, kinds, before, before, [])  # the empty frame, typed
    return pd.concat(parts, ignore_index=True)


def _previous_ranks(con, period: Period, kinds: list[str], units) -> pd.DataFrame:
    """Per unit: the period it is compared with, its rank there (with that league's size) and
    its total there. One ranking query per distinct earlier period (usually one or two)."""
    columns = [
        "unit_id",
        "previous_type",
        "previous_key",
        "previous_label",
        "previous_rank",
        "previous_rank_of",
        "previous_total",
    ]
    found = previous_by_unit(con, period, tuple(kinds), units)
    if found.empty:
        return pd.DataFrame(columns=columns)
    parts = []
    for (ptype, pkey), members in found.groupby(["period_type", "period_key"], sort=False):
        earlier = Period(ptype, pkey)
        formula = formula_for(earlier.end)
        long = sql.run(
            con,
            "league_ranking",
            arrow=True,
            index_code=INDEX,
            period_type=ptype,
            period_key=pkey,
            previous_key=None,
            kinds=kinds,
            group_codes=[g.criterion_code for g in formula.groups],
            home=settings.home_unit(),
        )
        totals = long[long.position.isna() & long.unit_id.isin(set(members.unit_id))]
        ranked = totals.rank_of >= min_league_size()
        parts.append(
            pd.DataFrame(
                {
                    "unit_id": totals.unit_id.to_numpy(),
                    "previous_type": ptype,
                    "previous_key": pkey,
                    "previous_label": short_label(earlier),
                    "previous_rank": totals["rank"].where(ranked).to_numpy(dtype="float64", na_value=np.nan),
                    "previous_rank_of": totals.rank_of.to_numpy(dtype="float64", na_value=np.nan),
                    "previous_total": totals.points.to_numpy(dtype="float64", na_value=np.nan),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)[columns]


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

    points, ranks, official = (grid(f) for f in ("points", "rank", "rank_official"))
    columns = {
        "unit_id": np.asarray(units, dtype=object),
        "total": points[:, 0],
        "rank": ranks[:, 0],
        "rank_official": official[:, 0],
    }
    for i, group in enumerate(formula.groups, start=1):
        columns.update(
            {group.code: points[:, i], f"rank_{group.code}": ranks[:, i], f"rank_official_{group.code}": official[:, i]}
        )
    total_rows = long.position.isna().to_numpy()
    at = np.full(len(units), -1)
    at[row[total_rows]] = np.flatnonzero(total_rows)
    for name in ("rank_of", "league_average", "all_units_average", "province_score"):
        columns[name] = np.where(at >= 0, long[name].to_numpy(dtype="float64", na_value=np.nan)[at], np.nan)
    columns["band_official"] = pd.Series(long.band_official.to_numpy(dtype=object)[at]).where(at >= 0)
    return pd.DataFrame(columns)


def league_ranking(period: Period, league: str, path=None) -> pd.DataFrame:
    """Every unit of a league in a period, best first: scores, ranks, movement, band, average flag.

    Columns: unit_id, name, short_name, subkind, total, rank, rank_of (units of the league
    scored in the period), rank_label (the league's date), rank_official, previous_type,
    previous_key, previous_label (the period the unit is compared with, "01/10/2026"),
    previous_rank, previous_rank_of, previous_total, movement (places gained, + = up),
    score_change, <GROUP> and rank_<GROUP> and rank_official_<GROUP> per group, band,
    band_official, league_average, all_units_average, province_score, average (the one
    `average_basis` selects), below_average. Ranks stay missing in a league smaller than
    `min_league_size`. Empty when the league has no score in the period.
    """
    with sql.connect(path) as con:
        return rank_leagues(con, period, (league,))[league]


def rank_leagues(con, period: Period, leagues: tuple[str, ...] = tuple(LEAGUES)) -> dict[str, pd.DataFrame]:
    """`league_ranking` for several leagues on an open connection."""
    formula = formula_for(period.end)
    kinds = [LEAGUES[league] for league in leagues]
    long = sql.run(
        con,
        "league_ranking",
        arrow=True,
        index_code=INDEX,
        period_type=period.type,
        period_key=period.key,
        previous_key=None,
        kinds=kinds,
        group_codes=[g.criterion_code for g in formula.groups],
        home=settings.home_unit(),
    )
    previous = _previous_ranks(con, period, kinds, long.unit_id.unique()) if not long.empty else None
    names = sql.run(con, "unit_names", kinds=kinds).set_index("unit_id")
    basis = settings.get("ranking", "average_basis")
    if basis not in AVERAGE_BASES:
        raise ValueError(f"average_basis must be one of {AVERAGE_BASES}, not {basis!r} (metrics.toml)")
    return {
        league: _board(long[long.kind == LEAGUES[league]], formula, names, basis, period, previous)
        for league in leagues
    }


def _board(
    long: pd.DataFrame, formula: Formula, names: pd.DataFrame, basis: str, period: Period, previous: pd.DataFrame | None
) -> pd.DataFrame:
    if long.empty:
        return pd.DataFrame()
    out = _wide(long, formula).join(names, on="unit_id")
    ranks = [c for c in out.columns if c.startswith("rank") and c != "rank_of"]
    unranked = ~(out.rank_of >= min_league_size())
    computed = [c for c in ranks if not c.startswith("rank_official")]
    out.loc[unranked, computed] = np.nan  # a league of one is no ranking (docs/051)
    out[ranks] = out[ranks].astype("Int64")
    out["rank_of"] = out.rank_of.astype("Int64")
    out["rank_label"] = short_label(period)
    out = out.merge(previous, on="unit_id", how="left")
    for column in ("previous_rank", "previous_rank_of"):
        out[column] = out[column].astype("float64").astype("Int64")
    out["movement"] = out.previous_rank - out["rank"]
    out["score_change"] = (out.total - out.previous_total.astype("float64")).round(formula.round_digits)
    out["band"] = band_labels(out.total, formula)
    out["average"] = out[f"{basis}_average" if basis != "province_score" else basis]
    out["below_average"] = (out.total < out.average).where(out.total.notna() & out.average.notna())
    first = [
        "unit_id",
        "name",
        "short_name",
        "subkind",
        "total",
        "rank",
        "rank_of",
        "rank_label",
        "rank_official",
        "previous_type",
        "previous_key",
        "previous_label",
        "previous_rank",
        "previous_rank_of",
        "previous_total",
        "movement",
        "score_change",
    ]
    out = out[first + [c for c in out.columns if c not in first]]
    return out.sort_values(
        ["rank", "total", "unit_id"], ascending=[True, False, True], na_position="last", kind="stable"
    ).reset_index(drop=True)
