"""The steering-committee meeting pack: one view model for the presentation page and every
export (deck, monthly notice, one-page PDF, workbook, chart images).

`meeting_pack(period)` returns a frozen `MeetingPack` holding every number a slide, page or
sheet shows, computed once from the metrics functions the pages use (issue 8's rule: an
export renders the same view model as the page). Renderers only lay it out and format it.

Public API (docs/070):
- `meeting_pack(period, path=None, today=None) -> MeetingPack`
- `SLIDES`: the slide keys and titles, in order (shared by the page and the deck).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from core import clock, settings
from core.cli import UsageError, choose_period
from core.formula import INDEX, formula_for
from core.periods import Period
from metrics import targets
from views import data
from views import overview as overview_view

INDEX_NAME = "Bộ chỉ số phục vụ người dân, doanh nghiệp (Bộ chỉ số 766)"
LEAGUE_LABELS = {"departments": "Sở, ban, ngành", "communes": "UBND xã, phường"}
LEAGUE_UNITS = {"departments": "sở, ban, ngành", "communes": "xã, phường"}
AT_RISK = (targets.NOT_MET, targets.NEAR)
LOWEST, IMPROVED, LOST_INDICATORS, OVERDUE_SHOWN = 5, 5, 5, 8

# Slide keys and titles, in order: the presentation page and the deck walk the same list.
SLIDES = (
    ("title", "Kết quả Bộ chỉ số 766"),
    ("province", "Kết quả của tỉnh"),
    ("groups", "Sáu nhóm chỉ số và điểm bị mất"),
    ("bands", "Xếp loại các đơn vị"),
    ("departments", "Sở, ban, ngành"),
    ("communes", "UBND xã, phường"),
    ("targets", "Chỉ tiêu chưa đạt và điều cần làm"),
    ("tasks", "Nhiệm vụ quá hạn"),
)


def _num(value) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def _int(value) -> int | None:
    value = _num(value)
    return None if value is None else int(value)


@dataclass(frozen=True)
class UnitLine:
    unit_id: str
    name: str
    total: float | None
    rank: int | None
    rank_of: int
    movement: int | None  # places gained since the previous period (+ = up); None = no previous
    band: str | None
    below_average: bool | None
    target: float | None  # the unit's score target (None when none applies)
    gap: float | None  # total − target (negative = short of it)


@dataclass(frozen=True)
class GroupLine:
    code: str
    name: str
    points: float | None
    max_points: float
    lost: float | None
    national_rank: int | None  # the province's rank on this group among the provinces


@dataclass(frozen=True)
class IndicatorLine:
    group: str
    code: str
    name: str
    points: float | None
    max_points: float
    lost: float | None


@dataclass(frozen=True)
class LeagueSummary:
    key: str  # departments | communes
    label: str
    n_units: int
    average: float | None
    target: float | None  # the score target the plan sets for the league's units (from targets data)
    lowest: tuple[UnitLine, ...]
    improved: tuple[UnitLine, ...]  # biggest rank gains (empty without a previous period)
    below_target: tuple[UnitLine, ...]  # every unit short of its score target, lowest first
    below_average: tuple[UnitLine, ...]  # every unit below the league's average, lowest first
    bands: tuple[tuple[str, int], ...]  # (band, units), best band first
    table: pd.DataFrame = field(repr=False, compare=False)  # the whole league, as the ranking page


@dataclass(frozen=True)
class TargetLine:
    criterion_code: str
    name: str
    target: float | None
    actual: float | None
    gap: float | None
    status: str
    text: str  # the plan's wording


@dataclass(frozen=True)
class TaskLine:
    task_id: str
    title: str
    lead: str
    deadline: str
    status: str
    progress: float | None


@dataclass(frozen=True)
class MeetingPack:
    period: Period
    period_label: str
    provisional: bool
    previous: Period | None
    source: str
    data_date: date
    loaded_at: datetime | None  # Vietnam time
    generated_at: datetime  # Vietnam time
    filters: tuple[tuple[str, str], ...]
    province_name: str
    total: float | None
    band: str | None
    rank: int | None
    rank_of: int
    rank_label: str  # the national ranking's date ("10/10/2026"; a month's label for a monthly period)
    previous_rank: int | None
    previous_rank_of: int | None
    movement: int | None
    previous_total: float | None
    score_change: float | None
    national_average: float | None
    top_n: int
    top_threshold: float | None
    points_to_top: float | None
    groups: tuple[GroupLine, ...]
    lost_indicators: tuple[IndicatorLine, ...]
    leagues: tuple[LeagueSummary, ...]
    targets_at_risk: tuple[TargetLine, ...]
    tasks_total: int
    tasks_overdue: int
    overdue_tasks: tuple[TaskLine, ...]  # every overdue task, earliest deadline first (slides show OVERDUE_SHOWN)
    band_limits: tuple[tuple[str, float], ...]  # (band, lowest score), best first

    @property
    def change(self) -> float | None:
        """Points gained since the period the province is compared with (metrics.ranking's rule)."""
        return self.score_change

    @property
    def points_lost(self) -> float | None:
        lost = [g.lost for g in self.groups if g.lost is not None]
        return round(sum(lost), 2) if lost else None

    def league(self, key: str) -> LeagueSummary | None:
        return next((league for league in self.leagues if league.key == key), None)

    @property
    def filters_text(self) -> str:
        return "; ".join(f"{name}: {value}" for name, value in self.filters)


def _unit_line(row) -> UnitLine:
    below = row.get("below_average")
    return UnitLine(
        unit_id=str(row["unit_id"]),
        name=str(row["name"]),
        total=_num(row.get("total")),
        rank=_int(row.get("rank")),
        rank_of=_int(row.get("rank_of")) or 0,
        movement=_int(row.get("movement")),
        band=row.get("band") if isinstance(row.get("band"), str) else None,
        below_average=None if below is None or pd.isna(below) else bool(below),
        target=_num(row.get("target")),
        gap=None
        if _num(row.get("target")) is None or _num(row.get("total")) is None
        else round(_num(row.get("total")) - _num(row.get("target")), 2),
    )


def _lines(frame: pd.DataFrame) -> tuple[UnitLine, ...]:
    return tuple(_unit_line(row) for _, row in frame.iterrows())


def _league(key: str, table: pd.DataFrame, band_limits) -> LeagueSummary:
    label = LEAGUE_LABELS[key]
    if table.empty:
        return LeagueSummary(key, label, 0, None, None, (), (), (), (), tuple((b, 0) for b, _ in band_limits), table)
    scored = table.dropna(subset=["total"])
    lowest = scored.sort_values(["total", "unit_id"], ascending=[True, True], kind="stable")
    moved = scored.dropna(subset=["movement"])
    moved = moved[moved["movement"] > 0].sort_values(["movement", "total"], ascending=False, kind="stable")
    targets_set = table["target"].dropna() if "target" in table else pd.Series(dtype=float)
    # The plan's threshold for the league: the target most of its units carry (one per kind in the plan).
    target = float(targets_set.mode().iloc[0]) if not targets_set.empty else None
    short = lowest[lowest["total"] < lowest["target"]] if "target" in lowest else lowest.iloc[0:0]
    below_avg = lowest[lowest["below_average"].fillna(False).astype(bool)]
    counts = scored["band"].value_counts()
    return LeagueSummary(
        key=key,
        label=label,
        n_units=len(scored),
        average=_num(table["average"].iloc[0]),
        target=target,
        lowest=_lines(lowest.head(LOWEST)),
        improved=_lines(moved.head(IMPROVED)),
        below_target=_lines(short),
        below_average=_lines(below_avg),
        bands=tuple((b, int(counts.get(b, 0))) for b, _ in band_limits),
        table=table,
    )


def _filters(period: Period) -> tuple[tuple[str, str], ...]:
    basis = {
        "league": "bình quân của khối",
        "all_units": "bình quân các sở và xã",
        "province_score": "điểm của tỉnh",
    }.get(settings.get("ranking", "average_basis"), "")
    return (
        ("Chỉ số", "Bộ chỉ số 766"),
        ("Kỳ", period.label),
        ("Đơn vị", "tỉnh; sở, ban, ngành; UBND xã, phường"),
        ("So sánh bình quân", basis),
    )


def meeting_pack(period: Period, today: date | None = None) -> MeetingPack | None:
    """Everything the meeting pack shows for a period; None when the province has no score in it.

    The headline (score, band, rank, movement) is the overview page's view model and the leagues
    are the ranking page's tables (`views.data.league_table`), so a slide, a file and a page show
    the same numbers from the same functions."""
    today = today or clock.today_vn()
    home = settings.home_unit()
    formula = formula_for(period.end)
    head = overview_view.overview(period)
    if isinstance(head, overview_view.Empty):
        return None
    provinces = data.league_ranking(period, "provinces")
    me = provinces.set_index("unit_id").loc[home]
    gap = data.top_gap(period)
    source, loaded_at = data.period_source(period)
    # The period the province is compared with: the ranking's own rule (metrics.ranking, docs/050).
    previous = (
        Period(str(me["previous_type"]), str(me["previous_key"]))
        if isinstance(me.get("previous_type"), str) and isinstance(me.get("previous_key"), str)
        else None
    )

    lost_groups = data.points_lost(period, home, "group").set_index("code")
    groups = tuple(
        GroupLine(
            code=g.code,
            name=g.name,
            points=_num(me.get(g.code)),
            max_points=float(g.max_points),
            lost=_num(lost_groups["lost"].get(g.code))
            if g.code in lost_groups.index
            else (None if _num(me.get(g.code)) is None else round(g.max_points - _num(me.get(g.code)), 2)),
            national_rank=_int(me.get(f"rank_official_{g.code}")) or _int(me.get(f"rank_{g.code}")),
        )
        for g in formula.groups
    )
    lost = data.points_lost(period, home, "indicator").dropna(subset=["lost"])
    lost = lost[lost["lost"] > 0].sort_values("lost", ascending=False, kind="stable").head(LOST_INDICATORS)
    lost_indicators = tuple(
        IndicatorLine(
            str(r["group"]),
            str(r["code"]),
            str(r["name_vi"]),
            _num(r["points"]),
            float(r["max_points"]),
            _num(r["lost"]),
        )
        for _, r in lost.iterrows()
    )

    band_limits = tuple((b.label, float(b.min)) for b in sorted(formula.bands, key=lambda b: -b.min))
    leagues = tuple(_league(key, data.league_table(period, key), band_limits) for key in LEAGUE_LABELS)

    mine = data.unit_targets(period, home)
    mine = mine[mine["status"].isin(AT_RISK)].sort_values("gap", kind="stable") if not mine.empty else mine
    at_risk = tuple(
        TargetLine(
            str(r["criterion_code"]),
            str(r["criterion_name"]),
            _num(r["target"]),
            _num(r["actual"]),
            _num(r["gap"]),
            str(r["status"]),
            str(r["text_vi"] or ""),
        )
        for _, r in mine.iterrows()
    )

    task_frame = data.task_list(today)
    overdue = task_frame[task_frame["overdue"]] if not task_frame.empty else task_frame
    if not overdue.empty:
        overdue = overdue.assign(_d=pd.to_datetime(overdue["deadline"])).sort_values(["_d", "task_id"], kind="stable")
    overdue_lines = tuple(
        TaskLine(
            str(r["task_id"]),
            str(r["title"]),
            str(r["lead"]),
            str(r["deadline_text"] or ""),
            str(r["status_label"]),
            _num(r["progress"]),
        )
        for _, r in overdue.iterrows()
    )

    return MeetingPack(
        period=period,
        period_label=period.label,
        provisional=period.is_open(today),
        previous=previous,
        source=source or "—",
        data_date=period.end,
        loaded_at=clock.to_vn(loaded_at),
        generated_at=clock.now_vn(),
        filters=_filters(period),
        province_name=head.home_name,
        total=head.score,
        band=head.band,
        rank=head.rank,
        rank_of=head.rank_of or len(provinces),
        rank_label=str(me.get("rank_label") or f"{period.end:%d/%m/%Y}"),
        previous_rank=_int(me["previous_rank"]),
        previous_rank_of=_int(me.get("previous_rank_of")),
        movement=head.movement,
        previous_total=_num(me.get("previous_total")),
        score_change=_num(me.get("score_change")),
        national_average=_num(me["league_average"]),
        top_n=gap.top,
        top_threshold=gap.threshold,
        points_to_top=gap.points_needed,
        groups=groups,
        lost_indicators=lost_indicators,
        leagues=leagues,
        targets_at_risk=at_risk,
        tasks_total=len(task_frame),
        tasks_overdue=int(task_frame["overdue"].sum()) if not task_frame.empty else 0,
        overdue_tasks=overdue_lines,
        band_limits=band_limits,
    )


def periods() -> list[Period]:
    """The 766 periods with data, newest first (what the page and the CLI offer)."""
    return data.periods(INDEX)


class UnknownPeriod(UsageError):
    """A period the user named that has no 766 data (the message is Vietnamese)."""


def resolve_period(text: str | None) -> Period:
    """The period a user named (any text `parse_period` reads), or the newest; `UnknownPeriod` else."""
    try:
        return choose_period(text, periods())
    except UsageError as exc:
        raise UnknownPeriod(str(exc)) from exc
