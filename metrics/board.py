"""One period at a glance: every league's ranking and every unit's points lost, on one
connection. What a league or province-wide page needs at once, and what
`benchmarks/bench_metrics.py` times.

Public API (docs/020):
- `period_board(period)`: a `Board` with `rankings` (league → DataFrame as
  `ranking.league_ranking`), `groups_lost` and `indicators_lost` (as `gaps.points_lost`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.formula import formula_for
from core.periods import Period
from metrics import gaps, ranking, scoring, sql


@dataclass(frozen=True)
class Board:
    period: Period
    rankings: dict[str, pd.DataFrame] = field(repr=False)
    groups_lost: pd.DataFrame = field(repr=False)
    indicators_lost: pd.DataFrame = field(repr=False)


def period_board(
    period: Period, leagues: tuple[str, ...] = tuple(ranking.LEAGUES), top: int | None = None, path=None
) -> Board:
    """Rankings of the leagues and points lost (per group and per indicator, `top` biggest per
    unit if given) of every unit in a period."""
    with sql.connect(path) as con:
        scoring.prepare(con, formula_for(period.end))
        return Board(
            period,
            ranking.rank_leagues(con, period, leagues),
            gaps.lost_on(con, period, "group"),
            gaps.lost_on(con, period, "indicator", top=top),
        )
