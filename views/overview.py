"""Tổng quan: where the province stands on the 766 index in one period."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core import settings
from core.format import fmt_compact, fmt_delta, fmt_int, fmt_movement, fmt_num, fmt_rank
from core.periods import Period
from metrics.targets import NEAR, NOT_MET
from views import data
from views.common import NO_DATA, SourceLine, source_line
from views.store import cached

AT_RISK = (NOT_MET, NEAR)
LEAGUES = {"departments": "Sở, ban, ngành", "communes": "Xã, phường"}
TITLE = "Tổng quan Bộ chỉ số 766"


@dataclass(frozen=True)
class Metric:
    """One headline number: label, formatted value, optional movement and explanation."""

    label: str
    value: str
    delta: int | None = None
    help: str | None = None


@dataclass(frozen=True)
class UnitLine:
    """A line naming a unit that links to its page."""

    unit_id: str
    label: str


@dataclass(frozen=True)
class Overview:
    period: Period
    source: SourceLine
    home_id: str
    home_name: str
    score: float
    band: str | None
    rank: int | None
    rank_of: int | None
    movement: int | None
    metrics: tuple[Metric, ...]  # the five headline numbers
    groups: pd.DataFrame  # name, points, max_points, lost: the chart of groups
    band_counts: pd.DataFrame  # league, band, count, of
    league_lines: tuple[str, ...]  # "Sở, ban, ngành: bình quân …; …"
    risks_title: str  # "Chỉ tiêu của tỉnh chưa đạt: N"
    risks: pd.DataFrame  # criterion_name, actual, target, gap, status
    risk_lines: tuple[str, ...]  # the first two, as sentences
    lowest: tuple[UnitLine, ...]
    movers: tuple[UnitLine, ...]
    movers_note: str | None  # when nothing can be compared
    rank_note: str | None = None  # "Hạng toàn quốc theo bảng xếp hạng ngày 17/09/2026" when older
    coverage_note: str | None = None  # "Kỳ này chưa có: Sở, ban, ngành; Xã, phường."


@dataclass(frozen=True)
class Empty:
    """No province score in the period: say so, in the users' words."""

    period: Period | None
    message: str


def _dated(actual_period, period: Period) -> str:
    """ " (số liệu Ngày 10/10/2026)" when a value comes from another period than the one shown."""
    return f" (số liệu {actual_period.label})" if isinstance(actual_period, Period) and actual_period != period else ""


def _missing_province(period: Period) -> Empty:
    """The period has no score of the province: say where one is (users never get a blank page)."""
    found = data.opening_period()
    where = f" Kỳ gần nhất có điểm của tỉnh: {found.label}." if found and found != period else ""
    return Empty(period, f"Kỳ {period.label} chưa có điểm của tỉnh.{where}")


@cached()
def overview(period: Period | None) -> Overview | Empty:
    """The province in the period. Its rank of 34, the national average and the distance to the top N
    come from the period's national ranking or, when the period has none, from the latest one before
    it, with that ranking's date said; a period lacking some leagues says which (docs/051)."""
    home = settings.home_unit()
    if period is None:
        return Empty(None, NO_DATA)
    provinces = data.league_ranking(period, "provinces")
    if provinces.empty or home not in set(provinces["unit_id"]):
        return _missing_province(period)
    row = provinces.set_index("unit_id").loc[home]
    standing = data.national_standing(period)
    gap = data.top_gap(period)
    coverage = data.period_coverage(period)
    rank = standing.rank_official if standing.rank_official is not None else standing.rank
    rank_of = standing.rank_of
    dated = "" if standing.current or standing.as_of is None else f" (ngày {standing.as_of_label})"
    movement = None if not standing.current or pd.isna(row["movement"]) else int(row["movement"])
    since = f" so với {row['previous_label']}" if movement is not None else ""
    n_provinces = fmt_int(rank_of) if rank_of else "các"
    rank_help = (
        "Chưa có bảng xếp hạng toàn quốc nào đến kỳ này."
        if standing.as_of is None
        else f"Hạng chính thức trên Cổng theo bảng xếp hạng ngày {standing.as_of_label}"
        + (f"; mũi tên: số bậc thay đổi{since}" if movement is not None else "")
    )
    metrics = (
        Metric("Điểm của tỉnh", fmt_num(row["total"]), help="Tổng điểm trên 100 theo Cổng DVCQG"),
        Metric("Xếp loại", row["band"] or "—"),
        Metric(f"Xếp hạng toàn quốc{dated}", fmt_rank(rank, rank_of), delta=movement, help=rank_help),
        Metric(
            f"So với hạng {gap.top}{dated}",
            "—" if gap.threshold is None else fmt_delta(gap.total - gap.threshold),
            help=f"Điểm của tỉnh trừ điểm của tỉnh đứng hạng {gap.top} ({fmt_num(gap.threshold)}) trên bảng "
            f"xếp hạng ngày {gap.as_of_label or '—'}: dương là đã trong top {gap.top}, âm là số điểm "
            "còn thiếu",
        ),
        Metric(
            f"Bình quân {n_provinces} tỉnh{dated}",
            fmt_num(standing.national_average),
            help=f"Trung bình cộng điểm của {n_provinces} tỉnh, thành phố trên bảng xếp hạng ngày "
            f"{standing.as_of_label or '—'} (tính từ điểm từng tỉnh; số bình quân Cổng công bố có thể "
            "lệch 0,01 do làm tròn)",
        ),
    )
    rank_note = None
    if standing.as_of is None:
        rank_note = "Chưa có bảng xếp hạng 34 tỉnh, thành phố: chưa có hạng toàn quốc."
    elif not standing.current:
        rank_note = (
            f"Kỳ này chưa có bảng xếp hạng 34 tỉnh, thành phố: hạng, bình quân và khoảng cách đến "
            f"top {gap.top} lấy theo bảng xếp hạng ngày {standing.as_of_label}."
        )
    lost = data.points_lost(period, home, "group")
    groups = lost.drop(columns="name").rename(columns={"name_vi": "name"}) if not lost.empty else lost
    leagues = {league: data.league_table(period, league) for league in LEAGUES}
    league_lines = tuple(
        f"{LEAGUES[league]}: bình quân {fmt_num(frame['average'].iloc[0])}; "
        f"{int(frame['below_average'].sum())}/{len(frame)} dưới bình quân; "
        f"{int(frame['below_target'].sum())} chưa đạt {fmt_compact(frame['target'].iloc[0])} điểm"
        for league, frame in leagues.items()
        if not frame.empty
    )
    risks = data.unit_targets(period, home)
    if not risks.empty:
        risks = risks[risks["status"].isin(AT_RISK)].sort_values("gap").reset_index(drop=True)
    risk_lines = tuple(
        f"{r.criterion_name}: đạt {fmt_compact(r.actual)}, mục tiêu {fmt_compact(r.target)}"
        + _dated(getattr(r, "actual_period", None), period)
        for r in risks.head(2).itertuples()
    )
    lowest = tuple(
        UnitLine(r.unit_id, f"{r.name}: {fmt_num(r.total)}")
        for frame in leagues.values()
        if not frame.empty
        for r in frame.dropna(subset=["total"]).tail(2).iloc[::-1].itertuples()
    )
    moved = sorted(
        (
            (abs(r.movement), r)
            for frame in leagues.values()
            if not frame.empty
            for r in frame.dropna(subset=["movement"]).itertuples()
            if r.movement != 0
        ),
        key=lambda m: -m[0],
    )
    movers = tuple(
        UnitLine(r.unit_id, f"{r.name}: {fmt_movement(r.movement)} (so với {r.previous_label})") for _, r in moved[:3]
    )
    return Overview(
        period=period,
        source=source_line(period),
        home_id=home,
        home_name=str(row["name"]),
        score=float(row["total"]),
        band=row["band"] or None,
        rank=rank,
        rank_of=rank_of,
        movement=movement,
        metrics=metrics,
        groups=groups,
        band_counts=data.band_table(period),
        league_lines=league_lines,
        risks_title=f"Chỉ tiêu của tỉnh chưa đạt: {len(risks)}",
        risks=risks,
        risk_lines=risk_lines,
        lowest=lowest,
        movers=movers,
        movers_note=None if movers else "Chưa có kỳ trước có số liệu của các đơn vị để so sánh.",
        rank_note=rank_note,
        coverage_note=coverage.note_vi,
    )
