"""The periods an index has data for (newest first): what the sidebar offers; and which
period the overview opens on and what a period holds (docs/051).

Periods follow the data: `opening_period()` is the newest period holding the province's own
score (never a commune-only month); `period_coverage(period)` says which leagues a period holds
and which it lacks, and from which national ranking the province's rank of 34 is read."""

from __future__ import annotations

from dataclasses import dataclass

from core import clock, settings
from core.formula import INDEX, formula_for
from core.periods import Period
from metrics import national, sql

LEAGUE_LABELS = {"provinces": "Xếp hạng 34 tỉnh, thành phố", "departments": "Sở, ban, ngành", "communes": "Xã, phường"}
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
    frame = sql.query(
        "home_periods",
        path,
        index_code=INDEX,
        home=home or settings.home_unit(),
        group_codes=[g.criterion_code for g in formula.groups],
    )
    return [Period(t, k) for t, k in zip(frame.period_type, frame.period_key)]


def opening_period(path=None, home: str | None = None) -> Period | None:
    """The period the overview opens on: the newest holding the province's score, else the
    newest with any 766 data (so a first load of communes still shows something), else None."""
    found = province_periods(path, home)
    return found[0] if found else latest_period(path=path)


@dataclass(frozen=True)
class PeriodCoverage:
    period: Period
    counts: dict  # league → units holding a total in the period
    present: tuple[str, ...]
    lacking: tuple[str, ...]  # leagues with no score in the period
    lacking_labels: tuple[str, ...]  # the same in Vietnamese
    has_province: bool  # the home province's own score is there
    national_as_of: Period | None  # the national ranking its rank comes from (maybe earlier)

    @property
    def partial(self) -> bool:
        return bool(self.lacking)

    @property
    def note_vi(self) -> str | None:
        """ "Kỳ này chưa có: Xếp hạng 34 tỉnh, thành phố; Sở, ban, ngành." or None."""
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
    return PeriodCoverage(
        period, counts, present, lacking, tuple(LEAGUE_LABELS[lg] for lg in lacking), has_province, standing.as_of
    )
