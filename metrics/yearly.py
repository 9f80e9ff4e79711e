"""PAR Index, SIPAS and PAPI: a year's results per area and criterion, and the rank history.

Public API (docs/020, docs/027):
- `results(index_code, year, unit_id=None)`: every area and criterion of the index with the
  unit's (default: the home province's) points, maximum, ratio, points lost, xhh_survey flag.
- `rank_history(index_code, unit_id=None)`: the national rank per year with what it is out of
  (63 provinces up to 2024, 34 from 2025) and the change where the two years are comparable.
- `years(index_code)`: years with results in the warehouse.

The warehouse holds what the yearly imports load; the ranks the seeds state (PAR 28/63 in
2023, 53/63 in 2024) come from `data/reference/facts.csv` where the warehouse has none.
"""

from __future__ import annotations

import pandas as pd

from core import settings
from metrics import facts, sql

WAREHOUSE = "Kho dữ liệu"


def _rank_of(loaded, provinces_held: int, year: int) -> int | None:
    """What a rank is out of: as loaded, else the provinces held that year, else the number
    of provinces in the country that year."""
    if pd.notna(loaded):
        return int(loaded)
    return int(provinces_held) if provinces_held > 1 else settings.provinces_in(year)


def years(index_code: str, path=None) -> list[int]:
    frame = sql.query("yearly_ranks", path, index_code=index_code, unit_id=settings.home_unit())
    return sorted({int(y) for y in frame.year}, reverse=True)


def results(index_code: str, year: int, unit_id: str | None = None, path=None) -> pd.DataFrame:
    """Columns: code, parent_code, level, name_vi, criterion_unit, direction, xhh_survey,
    max_points, value, points, ratio (points / max, %), points_lost, rank_official, observed."""
    frame = sql.query(
        "yearly_results", path, index_code=index_code, year=str(year), unit_id=unit_id or settings.home_unit()
    )
    frame["observed"] = frame.observed.fillna(False).astype(bool)
    frame["ratio"] = frame.points / frame.max_points * 100
    frame["points_lost"] = frame.max_points - frame.points
    return frame


def rank_history(index_code: str, unit_id: str | None = None, path=None) -> pd.DataFrame:
    """Columns: year, rank, of, change (places gained on the previous year, + = up; NaN when the
    two ranks are out of different numbers of provinces), source."""
    unit_id = unit_id or settings.home_unit()
    held = sql.query("yearly_ranks", path, index_code=index_code, unit_id=unit_id)
    held = held[held["rank"].notna()]
    rows = [
        {
            "year": int(r.year),
            "rank": int(r["rank"]),
            "of": _rank_of(r.rank_of, r.provinces_held, int(r.year)),
            "source": WAREHOUSE,
        }
        for _, r in held.iterrows()
    ]
    if unit_id == settings.home_unit():
        known = {r["year"] for r in rows}
        rows += [
            {
                "year": int(f.year),
                "rank": int(f["rank"]),
                "of": int(f["of"]) if pd.notna(f["of"]) else settings.provinces_in(int(f.year)),
                "source": facts.SOURCE_LABEL,
            }
            for _, f in facts.ranks(index_code).iterrows()
            if int(f.year) not in known
        ]
    out = pd.DataFrame(rows, columns=["year", "rank", "of", "source"]).sort_values("year").reset_index(drop=True)
    comparable = out["of"].eq(out["of"].shift())
    out["change"] = (out["rank"].shift() - out["rank"]).where(comparable).astype("Int64")
    return out[["year", "rank", "of", "change", "source"]]
