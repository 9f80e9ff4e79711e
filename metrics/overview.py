"""What the overview page shows: the province's score, band, rank and groups,
and how many departments and communes fall in each band."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from etl.periods import Period
from metrics import sql
from metrics.formula import INDEX, TOTAL_CODE, formula_for

HOME_UNIT = "H15"
LEAGUE_KINDS = {"departments": "department", "communes": "commune", "provinces": "province"}


def periods(index_code: str = INDEX, path=None) -> list[Period]:
    """Periods with data for an index, newest first."""
    frame = sql.query("periods", path, index_code=index_code)
    return [Period(t, k) for t, k in zip(frame.period_type, frame.period_key)]


def latest_period(index_code: str = INDEX, path=None) -> Period | None:
    found = periods(index_code, path)
    return found[0] if found else None


def league_scores(period: Period, kind: str, path=None) -> pd.DataFrame:
    """One row per unit of a kind: total, band, official rank and the six group scores (wide)."""
    long = sql.query("unit_scores", path, index_code=INDEX, period_type=period.type,
                     period_key=period.key, kind=kind)
    if long.empty:
        return pd.DataFrame()
    formula = formula_for(period.end)
    totals = long[long.criterion_code == TOTAL_CODE].set_index("unit_id")
    wide = long.pivot_table(index="unit_id", columns="criterion_code", values="points", aggfunc="first")
    out = totals[["name", "short_name", "subkind", "rank_official", "band_official", "source_label", "loaded_at"]].copy()
    out["total"] = totals["points"]
    for group in formula.groups:
        out[group.code] = wide.get(group.criterion_code)
    out["band"] = out["total"].map(formula.band_of)
    return out.reset_index().sort_values("total", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class ProvinceSummary:
    period: Period
    total: float | None
    band: str | None
    rank: int | None
    rank_of: int
    national_average: float | None
    groups: pd.DataFrame  # code, name, points, max_points, ratio
    source: str
    loaded_at: datetime | None


def province_summary(period: Period, path=None, home: str = HOME_UNIT) -> ProvinceSummary | None:
    provinces = league_scores(period, "province", path)
    if provinces.empty or home not in set(provinces.unit_id):
        return None
    formula = formula_for(period.end)
    row = provinces.set_index("unit_id").loc[home]
    groups = pd.DataFrame([{"code": g.code, "name": g.name, "points": row[g.code], "max_points": g.max_points}
                           for g in formula.groups])
    groups["ratio"] = groups.points / groups.max_points * 100
    rank = row["rank_official"]
    source = sql.query("period_source", path, index_code=INDEX, period_type=period.type, period_key=period.key)
    return ProvinceSummary(
        period=period, total=row["total"], band=formula.band_of(row["total"]),
        rank=None if pd.isna(rank) else int(rank), rank_of=len(provinces),
        national_average=float(provinces.total.mean()) if len(provinces) > 1 else None,
        groups=groups, source=source.source.iloc[0] if not source.empty else "",
        loaded_at=source.loaded_at.max() if not source.empty else None,
    )


def band_counts(period: Period, path=None) -> pd.DataFrame:
    """Number of departments and communes per band (every band listed, zeros included)."""
    formula = formula_for(period.end)
    labels = [b.label for b in sorted(formula.bands, key=lambda b: -b.min)]
    rows = []
    for league, kind in (("departments", "department"), ("communes", "commune")):
        scores = league_scores(period, kind, path)
        counts = scores["band"].value_counts() if not scores.empty else pd.Series(dtype=int)
        for label in labels:
            rows.append({"league": league, "band": label, "count": int(counts.get(label, 0)),
                         "of": len(scores)})
    return pd.DataFrame(rows)
