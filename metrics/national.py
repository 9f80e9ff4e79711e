"""The province among the 34: its national rank, the national average and the distance to the
top N, always from a real national ranking and labelled with that ranking's date (docs/051).

Public API:
- `national_standing(period)`: a `NationalStanding` from the period's own national ranking or,
  when the period has none (a day with unit files only), from the latest one ending on or before
  it, with `as_of` saying which; all missing when there is none. Never computed over the
  provinces that happen to be loaded: a period holding only the home province's own score has
  no national ranking.
- `national_periods(until)`: periods holding a national ranking, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from core import settings
from core.formula import INDEX
from core.periods import Period
from metrics import ranking, sql


@dataclass(frozen=True)
class NationalStanding:
    period: Period  # the period asked about
    as_of: Period | None  # the national ranking used; None when there is none yet
    as_of_label: str | None  # "10/10/2026"
    current: bool  # the period has its own national ranking
    total: float | None  # the province's score in that ranking
    rank: int | None
    rank_of: int | None  # provinces scored in that ranking
    rank_official: int | None
    national_average: float | None
    top: int
    threshold: float | None  # the score of the province ranked `top`
    points_needed: float | None  # 0 when already in the top


def national_periods(until: date, path=None, limit: int = 50) -> list[Period]:
    with sql.connect(path) as con:
        return national_on(con, until, limit)


def national_on(con, until: date, limit: int = 50) -> list[Period]:
    found = sql.run(
        con, "national_rankings", index_code=INDEX, until=until, min_size=max(2, ranking.min_league_size()), limit=limit
    )
    return [Period(t, k) for t, k in zip(found.period_type, found.period_key)]


def national_standing(period: Period, home: str | None = None, path=None) -> NationalStanding:
    home = home or settings.home_unit()
    top = int(settings.get("national", "top"))
    with sql.connect(path) as con:
        candidates = national_on(con, period.end)
        as_of = period if period in candidates else (candidates[0] if candidates else None)
        board = ranking.rank_leagues(con, as_of, ("provinces",))["provinces"] if as_of else pd.DataFrame()
    empty = NationalStanding(
        period,
        as_of,
        ranking.short_label(as_of),
        as_of == period,
        None,
        None,
        int(board.total.notna().sum()) if not board.empty else None,
        None,
        None,
        top,
        None,
        None,
    )
    if board.empty or home not in set(board.unit_id):
        return empty
    ours = board.set_index("unit_id").loc[home]
    totals = board.total.dropna().sort_values(ascending=False)
    threshold = float(totals.iloc[min(top, len(totals)) - 1])
    return NationalStanding(
        period,
        as_of,
        ranking.short_label(as_of),
        as_of == period,
        float(ours.total),
        None if pd.isna(ours["rank"]) else int(ours["rank"]),
        int(len(totals)),
        None if pd.isna(ours.rank_official) else int(ours.rank_official),
        float(totals.mean()),
        top,
        threshold,
        max(0.0, round(threshold - float(ours.total), 2)),
    )
