"""Bands and averages per league.

Public API (docs/020, docs/023):
- `band_table(period, leagues=("departments", "communes"))`: units per band (every band
  listed, zeros included) and their share of the league.
- `averages(period)`: per league, the three candidate "provincial averages" and how many
  units fall below the one `average_basis` selects (seed 002: no annual award for their heads).

Bands come from the formula TOML (`[[bands]]`), the average basis from metrics.toml.
"""

from __future__ import annotations

import pandas as pd

from core import settings
from core.formula import formula_for
from core.periods import Period
from metrics import ranking, sql

DEFAULT_LEAGUES = ("departments", "communes")


def _boards(period: Period, leagues, path) -> dict[str, pd.DataFrame]:
    with sql.connect(path) as con:
        return ranking.rank_leagues(con, period, tuple(leagues))


def band_table(period: Period, leagues=DEFAULT_LEAGUES, path=None) -> pd.DataFrame:
    """Columns: league, band, min, count, of, share (%)."""
    return band_table_of(_boards(period, leagues, path), formula_for(period.end))


def band_table_of(boards: dict[str, pd.DataFrame], formula) -> pd.DataFrame:
    """`band_table` from leagues already ranked (`ranking.rank_leagues` frames, e.g. a period board's)."""
    bands = sorted(formula.bands, key=lambda b: -b.min)
    rows = []
    for league, board in boards.items():
        counts = board["band"].value_counts() if not board.empty else pd.Series(dtype=int)
        scored = int(board.total.notna().sum()) if not board.empty else 0
        for band in bands:
            count = int(counts.get(band.label, 0))
            rows.append(
                {
                    "league": league,
                    "band": band.label,
                    "min": band.min,
                    "count": count,
                    "of": scored,
                    "share": count / scored * 100 if scored else float("nan"),
                }
            )
    return pd.DataFrame(rows)


def averages(period: Period, leagues=DEFAULT_LEAGUES, path=None) -> pd.DataFrame:
    """Columns: league, n_units, league_average, all_units_average, province_score, basis, average,
    below_count."""
    rows = []
    for league, board in _boards(period, leagues, path).items():
        if board.empty:
            continue
        first = board.iloc[0]
        rows.append(
            {
                "league": league,
                "n_units": int(board.total.notna().sum()),
                "league_average": first.league_average,
                "all_units_average": first.all_units_average,
                "province_score": first.province_score,
                "basis": settings.get("ranking", "average_basis"),
                "average": first.average,
                "below_count": int(board.below_average.fillna(False).sum()),
            }
        )
    return pd.DataFrame(rows)
