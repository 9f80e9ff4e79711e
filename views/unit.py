"""Đơn vị: one unit's total and groups against its league, each indicator, points lost,
trends, gaps to targets and the tasks it leads."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core import clock, settings
from core.access import AccessDenied, Viewer, can_view_unit, require_unit  # noqa: F401 (AccessDenied: for the page)
from core.format import fmt_delta, fmt_int, fmt_movement, fmt_num, fmt_rank
from core.formula import formula_for
from core.periods import Period
from metrics.quality import group_benchmarks
from metrics.targets import NEAR, NOT_MET
from views import data
from views.common import SourceLine, source_line, trend_summary
from views.overview import Metric
from views.store import cached

TITLE = "Chi tiết đơn vị"
AT_RISK = (NOT_MET, NEAR)
LEAGUE_OF_KIND = {"department": "departments", "commune": "communes"}


@dataclass(frozen=True)
class Picker:
    """The units the picker offers (id → label) and the one to open."""

    options: dict
    default: str | None


@dataclass(frozen=True)
class Link:
    """A link to the criterion page: the criterion's code and the sentence shown."""

    code: str
    label: str


@dataclass(frozen=True)
class Unit:
    period: Period
    source: SourceLine
    unit_id: str
    name: str
    is_home: bool
    metrics: tuple[Metric, ...]
    benchmarks: pd.DataFrame  # groups against the league's median and 75th percentile
    lost: pd.DataFrame  # indicators that lost points, most first
    lost_links: tuple[Link, ...]  # the three that lost most
    lost_message: str | None  # when nothing was lost, or points are missing
    indicators: pd.DataFrame  # every indicator: numerator, denominator, ratio, points …
    indicator_codes: tuple[str, ...]  # criterion code of each indicators row, for clicks
    mismatched: pd.Series  # rows whose recomputed points differ from the official ones
    trend: pd.DataFrame  # series, label, value: the total and the groups over periods
    trend_message: str | None
    trend_indicators: dict  # criterion code → name, for the indicator trend picker
    targets: pd.DataFrame
    targets_at_risk: pd.Series
    what_it_takes: pd.DataFrame
    tasks: pd.DataFrame
    tasks_overdue: pd.Series
    tasks_caption: str | None
    tasks_message: str | None
    trend_summary: str | None = None  # latest, change "so với …", year-end projection with its basis


def _leagues(period: Period) -> dict[str, pd.DataFrame]:
    return {
        "provinces": data.league_ranking(period, "provinces"),
        **{league: data.league_table(period, league) for league in LEAGUE_OF_KIND.values()},
    }


def _league_of(period: Period) -> dict[str, str]:
    return {u: name for name, frame in _leagues(period).items() if not frame.empty for u in frame["unit_id"]}


@cached()
def picker(period: Period, kinds: tuple[str, ...], viewer: Viewer, wanted: str | None = None) -> Picker:
    """The units this viewer may open in the period: the province first, then the chosen kinds by
    name; a unit asked for by the URL is offered even outside the kinds. A focal officer is offered
    their own unit only."""
    home = settings.home_unit()
    leagues = _leagues(period)
    league_of = _league_of(period)
    options = {}
    if home in league_of:
        home_name = leagues["provinces"].set_index("unit_id").loc[home, "name"]
        options[home] = f"Toàn tỉnh ({home_name})"
    for kind in kinds:
        frame = leagues[LEAGUE_OF_KIND[kind]]
        if not frame.empty:
            options.update(
                {
                    u: f"{n} — {fmt_num(t)} điểm"
                    for u, n, t in frame.sort_values("name")[["unit_id", "name", "total"]].itertuples(index=False)
                }
            )
    if wanted in league_of and wanted not in options:
        frame = leagues[league_of[wanted]].set_index("unit_id")
        options[wanted] = f"{frame.loc[wanted, 'name']} — {fmt_num(frame.loc[wanted, 'total'])} điểm"
    options = {u: label for u, label in options.items() if can_view_unit(viewer, u)}
    default = viewer.unit_id if viewer.unit_id in options else (wanted if wanted in options else None)
    return Picker(options, default or (next(iter(options)) if options else None))


def indicator_trend(period: Period, unit_id: str, code: str, viewer: Viewer) -> pd.DataFrame:
    require_unit(viewer, unit_id)
    return data.series(code, unit_id, period.type)


def _league_rank(row) -> tuple[Metric, Metric]:
    """The unit's rank with its league's size and date, and its movement against the period it is
    compared with (the latest earlier one holding its score, docs/050)."""
    official = "" if pd.isna(row["rank_official"]) else f" Hạng trên Cổng: {fmt_int(row['rank_official'])}."
    rank_help = (
        (
            f"Hạng ngày {row['rank_label']} trong {fmt_int(row['rank_of'])} đơn vị cùng khối được chấm điểm."
            f"{official} Điểm bằng nhau cùng hạng."
        )
        if pd.notna(row["rank"])
        else f"Kỳ này khối chỉ có {fmt_int(row['rank_of'])} đơn vị được chấm điểm: không xếp hạng."
    )
    if pd.isna(row.get("previous_key")):
        moved = Metric("Thay đổi hạng", fmt_movement(None), help="Chưa có kỳ trước có điểm của đơn vị để so sánh.")
    else:
        before = fmt_rank(row["previous_rank"], row["previous_rank_of"])
        moved = Metric(
            f"Thay đổi hạng (so với {row['previous_label']})",
            fmt_movement(row["movement"]),
            help=f"Ngày/kỳ {row['previous_label']}: hạng {before}, {fmt_num(row['previous_total'])} điểm; "
            f"điểm thay đổi {fmt_delta(row['score_change'])}.",
        )
    return Metric("Hạng trong khối", fmt_rank(row["rank"], row["rank_of"]), help=rank_help), moved


def _home_rank(period: Period) -> tuple[Metric, Metric]:
    """The province's rank of 34, from the period's national ranking or the latest one before it."""
    standing = data.national_standing(period)
    if standing.as_of is None:
        return (
            Metric("Xếp hạng toàn quốc", fmt_rank(None, None), help="Chưa có bảng xếp hạng 34 tỉnh, thành phố."),
            Metric("Thay đổi hạng", fmt_movement(None)),
        )
    dated = "" if standing.current else f" (ngày {standing.as_of_label})"
    rank = standing.rank_official if standing.rank_official is not None else standing.rank
    row = data.league_ranking(standing.as_of, "provinces").set_index("unit_id").loc[settings.home_unit()]
    moved = (
        Metric("Thay đổi hạng", fmt_movement(None), help="Chưa có bảng xếp hạng trước đó để so sánh.")
        if pd.isna(row["movement"])
        else Metric(
            f"Thay đổi hạng (so với {row['previous_label']})",
            fmt_movement(row["movement"]),
            help=f"Hạng {fmt_rank(row['previous_rank'], row['previous_rank_of'])} ngày {row['previous_label']}.",
        )
    )
    return (
        Metric(
            f"Xếp hạng toàn quốc{dated}",
            fmt_rank(rank, standing.rank_of),
            help=f"Theo bảng xếp hạng 34 tỉnh, thành phố ngày {standing.as_of_label}.",
        ),
        moved,
    )


def _lost_message(lost: pd.DataFrame, status) -> str | None:
    """ "No points lost" only when every point is really there (docs/051)."""
    if not status.complete:
        total = "—" if status.total is None else f"{fmt_num(status.total)}/{fmt_int(status.max_points)}"
        return (
            f"Kỳ này mới có số liệu {fmt_int(status.indicators_present)}/{fmt_int(status.indicators_expected)} "
            f"chỉ tiêu của đơn vị (tổng điểm {total}): chưa thể chỉ ra đủ các chỉ tiêu bị mất điểm."
        )
    if lost.empty:
        return (
            "Đơn vị không bị mất điểm ở chỉ tiêu nào trong kỳ này."
            if status.no_loss
            else f"Đơn vị mất {fmt_num(status.lost)} điểm nhưng chưa phân được theo chỉ tiêu."
        )
    return None


def _dated_targets(goals: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The targets table; a value read from another period than the one shown says which."""
    columns = ["criterion_name", "target", "actual", "as_of", "gap", "status", "measure"]
    if goals.empty:
        return goals.reindex(columns=columns)
    out = goals.copy()
    out["as_of"] = [
        None if not isinstance(p, Period) else ("kỳ này" if p == period else p.label) for p in out["actual_period"]
    ]
    return out[columns]


def unit(period: Period, unit_id: str, viewer: Viewer) -> Unit:
    """Everything the unit page shows; a focal officer asking for another unit is refused here."""
    require_unit(viewer, unit_id)
    return _unit(period, unit_id, clock.today_vn())  # today is in the key: overdue flags change at midnight


@cached()
def _unit(period: Period, unit_id: str, today) -> Unit:
    home = settings.home_unit()
    formula = formula_for(period.end)
    leagues = _leagues(period)
    league = leagues[_league_of(period)[unit_id]]
    row = league.set_index("unit_id").loc[unit_id]
    below = " · Dưới bình quân" if pd.notna(row["below_average"]) and bool(row["below_average"]) else ""
    metrics = (
        Metric("Tổng điểm", fmt_num(row["total"]), help="Trên 100 điểm, theo Cổng DVCQG"),
        Metric("Xếp loại", row["band"] or "—"),
        *(_home_rank(period) if unit_id == home else _league_rank(row)),
        Metric(
            "So với bình quân khối",
            fmt_delta(row["total"] - row["average"]),
            help=f"Bình quân: {fmt_num(row['average'])} điểm{below}",
        ),
    )
    lost = data.points_lost(period, unit_id)
    lost = lost[lost["lost"] > 0].reset_index(drop=True)
    status = data.loss_status(period, unit_id)
    links = tuple(
        Link(formula.indicator(item.code).criterion_code, f"{item.name_vi}: mất {fmt_num(item.lost)} điểm")
        for item in lost.head(3).itertuples()
    )
    detail = data.recompute(period, unit_id)
    indicators = (
        detail[
            [
                "group_name",
                "indicator_name",
                "numerator",
                "denominator",
                "ratio",
                "max_points",
                "points_recomputed",
                "points_official",
                "status",
            ]
        ]
        if not detail.empty
        else detail
    )
    codes = {"SVC766": "Tổng điểm", **{g.criterion_code: g.name for g in formula.groups}}
    history = [data.series(c, unit_id, period.type).assign(series=n) for c, n in codes.items()]
    history = [h for h in history if not h.empty]
    n_periods = max((len(h) for h in history), default=0)
    goals = data.unit_targets(period, unit_id)
    takes = data.what_it_takes(period, unit_id) if unit_id != home else pd.DataFrame()
    led = data.task_list(today)
    led = led[led["lead_unit_id"] == unit_id].reset_index(drop=True)
    return Unit(
        period=period,
        source=source_line(period),
        unit_id=unit_id,
        name=str(row["name"]),
        is_home=unit_id == home,
        metrics=metrics,
        benchmarks=group_benchmarks(league, unit_id, formula),
        lost=lost,
        lost_links=links,
        lost_message=_lost_message(lost, status),
        indicators=indicators,
        indicator_codes=tuple(formula.indicator(i).criterion_code for i in detail["indicator"])
        if not detail.empty
        else (),
        mismatched=detail["status"].eq("lệch") if not detail.empty else pd.Series(dtype=bool),
        trend=pd.concat(history) if n_periods >= 2 else pd.DataFrame(),
        trend_message=None
        if n_periods >= 2
        else f"Mới có {n_periods} kỳ dữ liệu loại này: cần từ 2 kỳ trở lên để vẽ xu hướng.",
        trend_indicators={i.criterion_code: i.name for i in formula.indicators if i.rule != "tracking"},
        targets=_dated_targets(goals, period),
        targets_at_risk=goals["status"].isin(AT_RISK) if not goals.empty else pd.Series(dtype=bool),
        what_it_takes=takes[
            ["indicator_name", "unit_ratio", "target_ratio", "extra_numerator", "province_gain", "reason"]
        ]
        if not takes.empty
        else takes,
        tasks=led[["task_id", "title", "deadline_text", "status_label", "progress"]] if not led.empty else led,
        tasks_overdue=led["overdue"] if not led.empty else pd.Series(dtype=bool),
        tasks_caption=f"{fmt_int(led['overdue'].sum())} nhiệm vụ quá hạn (tô màu)." if not led.empty else None,
        tasks_message=None if not led.empty or unit_id == home else "Đơn vị không chủ trì nhiệm vụ nào trong Kế hoạch.",
        trend_summary=trend_summary("SVC766", unit_id, period, "Tổng điểm"),
    )
