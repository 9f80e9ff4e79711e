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
from views.store import cached
from views.common import SourceLine, source_line
from views.overview import Metric

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
    benchmarks: pd.DataFrame           # groups against the league's median and 75th percentile
    lost: pd.DataFrame                 # indicators that lost points, most first
    lost_links: tuple[Link, ...]       # the three that lost most
    lost_message: str | None           # when nothing was lost, or points are missing
    indicators: pd.DataFrame           # every indicator: numerator, denominator, ratio, points …
    indicator_codes: tuple[str, ...]   # criterion code of each indicators row, for clicks
    mismatched: pd.Series              # rows whose recomputed points differ from the official ones
    trend: pd.DataFrame                # series, label, value: the total and the groups over periods
    trend_message: str | None
    trend_indicators: dict             # criterion code → name, for the indicator trend picker
    targets: pd.DataFrame
    targets_at_risk: pd.Series
    what_it_takes: pd.DataFrame
    tasks: pd.DataFrame
    tasks_overdue: pd.Series
    tasks_caption: str | None
    tasks_message: str | None


def _leagues(period: Period) -> dict[str, pd.DataFrame]:
    return {"provinces": data.league_ranking(period, "provinces"),
            **{league: data.league_table(period, league) for league in LEAGUE_OF_KIND.values()}}


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
            options.update({u: f"{n} — {fmt_num(t)} điểm" for u, n, t in
                            frame.sort_values("name")[["unit_id", "name", "total"]].itertuples(index=False)})
    if wanted in league_of and wanted not in options:
        frame = leagues[league_of[wanted]].set_index("unit_id")
        options[wanted] = f"{frame.loc[wanted, 'name']} — {fmt_num(frame.loc[wanted, 'total'])} điểm"
    options = {u: label for u, label in options.items() if can_view_unit(viewer, u)}
    default = viewer.unit_id if viewer.unit_id in options else (wanted if wanted in options else None)
    return Picker(options, default or (next(iter(options)) if options else None))


def indicator_trend(period: Period, unit_id: str, code: str, viewer: Viewer) -> pd.DataFrame:
    require_unit(viewer, unit_id)
    return data.series(code, unit_id, period.type)


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
        Metric("Hạng trong khối", fmt_rank(row["rank"], row["rank_of"]),
               help=f"Hạng trên Cổng: {fmt_rank(row['rank_official'], row['rank_of'])}. Điểm bằng nhau cùng hạng."),
        Metric("Thay đổi hạng", fmt_movement(row["movement"]), help="So với kỳ trước cùng loại"),
        Metric("So với bình quân khối", fmt_delta(row["total"] - row["average"]),
               help=f"Bình quân: {fmt_num(row['average'])} điểm{below}"),
    )
    lost = data.points_lost(period, unit_id)
    lost = lost[lost["lost"] > 0].reset_index(drop=True)
    links = tuple(Link(formula.indicator(item.code).criterion_code, f"{item.name_vi}: mất {fmt_num(item.lost)} điểm")
                  for item in lost.head(3).itertuples())
    detail = data.recompute(period, unit_id)
    indicators = detail[["group_name", "indicator_name", "numerator", "denominator", "ratio", "max_points",
                         "points_recomputed", "points_official", "status"]] if not detail.empty else detail
    codes = {"SVC766": "Tổng điểm", **{g.criterion_code: g.name for g in formula.groups}}
    history = [data.series(c, unit_id, period.type).assign(series=n) for c, n in codes.items()]
    history = [h for h in history if not h.empty]
    n_periods = max((len(h) for h in history), default=0)
    goals = data.unit_targets(period, unit_id)
    takes = data.what_it_takes(period, unit_id) if unit_id != home else pd.DataFrame()
    led = data.task_list(today)
    led = led[led["lead_unit_id"] == unit_id].reset_index(drop=True)
    return Unit(
        period=period, source=source_line(period), unit_id=unit_id, name=str(row["name"]), is_home=unit_id == home,
        metrics=metrics, benchmarks=group_benchmarks(league, unit_id, formula),
        lost=lost, lost_links=links,
        lost_message=None if not lost.empty else "Đơn vị không bị mất điểm ở chỉ tiêu nào trong kỳ này.",
        indicators=indicators,
        indicator_codes=tuple(formula.indicator(i).criterion_code for i in detail["indicator"]) if not detail.empty
        else (),
        mismatched=detail["status"].eq("lệch") if not detail.empty else pd.Series(dtype=bool),
        trend=pd.concat(history) if n_periods >= 2 else pd.DataFrame(),
        trend_message=None if n_periods >= 2 else
        f"Mới có {n_periods} kỳ dữ liệu loại này: cần từ 2 kỳ trở lên để vẽ xu hướng.",
        trend_indicators={i.criterion_code: i.name for i in formula.indicators if i.rule != "tracking"},
        targets=goals[["criterion_name", "target", "actual", "gap", "status", "measure"]] if not goals.empty
        else goals,
        targets_at_risk=goals["status"].isin(AT_RISK) if not goals.empty else pd.Series(dtype=bool),
        what_it_takes=takes[["indicator_name", "unit_ratio", "target_ratio", "extra_numerator", "province_gain",
                             "reason"]] if not takes.empty else takes,
        tasks=led[["task_id", "title", "deadline_text", "status_label", "progress"]] if not led.empty else led,
        tasks_overdue=led["overdue"] if not led.empty else pd.Series(dtype=bool),
        tasks_caption=f"{fmt_int(led['overdue'].sum())} nhiệm vụ quá hạn (tô màu)." if not led.empty else None,
        tasks_message=None if not led.empty or unit_id == home else
        "Đơn vị không chủ trì nhiệm vụ nào trong Kế hoạch.")
