"""What the overview page shows: the province's score, band, rank and groups,
and how many departments and communes fall in each band.

Periods follow the data (docs/051): `opening_period()` is the newest period holding the
province's own score (never a commune-only month); `period_coverage(period)` says which
leagues a period holds and which it lacks; the province's national rank and average come from
`metrics.national` with the date of the ranking they were read from."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from etl.periods import Period
from metrics import clock, national, settings, sql
from metrics.formula import INDEX, TOTAL_CODE, formula_for

HOME_UNIT = "H15"  # kept for etl.registry until the core refactor; the setting is the truth
LEAGUE_LABELS = {"provinces": "Xếp hạng 34 tỉnh, thành phố", "departments": "Sở, ban, ngành",
                 "communes": "Xã, phường"}
LEAGUE_KINDS = {"departments": "department", "communes": "commune", "provinces": "province"}


def periods(index_code: str = INDEX, path=None) -> list[Period]:
    """Periods with data for an index, newest first."""
    frame = sql.query("periods", path, index_code=index_code)
    return [Period(t, k) for t, k in zip(frame.period_type, frame.period_key)]


def latest_period(index_code: str = INDEX, path=None) -> Period | None:
    found = periods(index_code, path)
    return found[0] if found else None


def province_periods(path=None, home: str | None = None) -> list[Period]:
    """Periods holding the home province's own 766 score, newest first."""
    formula = formula_for(clock.today_vn())
    frame = sql.query("home_periods", path, index_code=INDEX, home=home or settings.home_unit(),
                      group_codes=[g.criterion_code for g in formula.groups])
    return [Period(t, k) for t, k in zip(frame.period_type, frame.period_key)]


def opening_period(path=None, home: str | None = None) -> Period | None:
    """The period the overview opens on: the newest holding the province's score, else the
    newest with any 766 data (so a first load of communes still shows something), else None."""
    found = province_periods(path, home)
    return found[0] if found else latest_period(path=path)


@dataclass(frozen=True)
class PeriodCoverage:
    period: Period
    counts: dict            # league → units holding a total in the period
    present: tuple[str, ...]
    lacking: tuple[str, ...]          # leagues with no score in the period
    lacking_labels: tuple[str, ...]   # the same in Vietnamese
    has_province: bool                # the home province's own score is there
    national_as_of: Period | None     # the national ranking its rank comes from (maybe earlier)

    @property
    def partial(self) -> bool:
        return bool(self.lacking)

    @property
    def note_vi(self) -> str | None:
        """"Kỳ này chưa có: Xếp hạng 34 tỉnh, thành phố; Sở, ban, ngành." or None."""
        return f"Kỳ này chưa có: {'; '.join(self.lacking_labels)}." if self.lacking else None


def period_coverage(period: Period, path=None, home: str | None = None) -> PeriodCoverage:
    home = home or settings.home_unit()
    frame = sql.query("league_counts", path, index_code=INDEX, period_type=period.type, period_key=period.key)
    by_kind = dict(zip(frame.kind, frame.n_units))
    counts = {league: int(by_kind.get(kind, 0)) for league, kind in LEAGUE_KINDS.items()}
    standing = national.national_standing(period, home, path)
    has_national = standing.current and (standing.rank_of or 0) >= 2
    present = tuple(lg for lg in LEAGUE_KINDS if (has_national if lg == "provinces" else counts[lg] > 0))
    lacking = tuple(lg for lg in LEAGUE_KINDS if lg not in present)
    has_province = period in province_periods(path, home)
    return PeriodCoverage(period, counts, present, lacking, tuple(LEAGUE_LABELS[lg] for lg in lacking),
                          has_province, standing.as_of)


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
    rank: int | None                  # national rank, from `rank_as_of` (None without a ranking)
    rank_of: int | None               # provinces in that ranking
    national_average: float | None    # from the same ranking
    groups: pd.DataFrame  # code, name, points, max_points, ratio
    source: str
    loaded_at: datetime | None        # Vietnam time
    rank_as_of: Period | None = None  # the national ranking the rank comes from
    rank_label: str | None = None     # its date, "10/10/2026"
    rank_current: bool = False        # the period has its own national ranking


def province_summary(period: Period, path=None, home: str | None = None) -> ProvinceSummary | None:
    """The home province's own score and groups in the period (None when it has none) and its
    national rank and the national average from the latest national ranking at or before it."""
    home = home or settings.home_unit()
    provinces = league_scores(period, "province", path)
    if provinces.empty or home not in set(provinces.unit_id):
        return None
    formula = formula_for(period.end)
    row = provinces.set_index("unit_id").loc[home]
    groups = pd.DataFrame([{"code": g.code, "name": g.name, "points": row[g.code], "max_points": g.max_points}
                           for g in formula.groups])
    groups["ratio"] = groups.points / groups.max_points * 100
    standing = national.national_standing(period, home, path)
    source = sql.query("period_source", path, index_code=INDEX, period_type=period.type, period_key=period.key)
    return ProvinceSummary(
        period=period, total=row["total"], band=formula.band_of(row["total"]),
        rank=standing.rank, rank_of=standing.rank_of, national_average=standing.national_average,
        groups=groups, source=source.source.iloc[0] if not source.empty else "",
        loaded_at=clock.to_vn(source.loaded_at.max()) if not source.empty else None,
        rank_as_of=standing.as_of, rank_label=standing.as_of_label, rank_current=standing.current,
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
