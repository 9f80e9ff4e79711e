"""Cached access to the metrics for the view models (caching and picking rows only: no rule lives here).

A period's rankings and points lost come from one `metrics.board.period_board` call, shared by every
view and every session (see views/store.py for the cache and its key).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from core.formula import formula_for
from core.periods import Period
from metrics import (
    bands,
    completeness,
    gaps,
    national,
    overview,
    quality,
    scoring,
    targets,
    tasks,
    trends,
    tthc,
    yearly,
)
from metrics import board as boards
from views.store import cached


@cached()
def periods(index_code: str) -> list[Period]:
    return overview.periods(index_code)


@cached()
def period_source(period: Period):
    return quality.period_source(period)


@cached(maxsize=8)
def board(period: Period) -> boards.Board:
    return boards.period_board(period)


@cached()
def league_ranking(period: Period, league: str) -> pd.DataFrame:
    return board(period).rankings.get(league, pd.DataFrame())


@cached()
def target_status(period: Period) -> pd.DataFrame:
    """Every applicable target of every unit in the period's year."""
    return targets.target_status(period)


@cached(maxsize=256)
def unit_targets(period: Period, unit_id: str) -> pd.DataFrame:
    status = target_status(period)
    return status[status["unit_id"] == unit_id].reset_index(drop=True) if not status.empty else status


@cached()
def league_table(period: Period, league: str) -> pd.DataFrame:
    """The league's ranking with each unit's score target (target, target_status, below_target)."""
    return quality.with_targets(league_ranking(period, league), target_status(period))


@cached(maxsize=256)
def points_lost(period: Period, unit_id: str, level: str = "indicator") -> pd.DataFrame:
    found = board(period)
    lost = found.groups_lost if level == "group" else found.indicators_lost
    return lost[lost["unit_id"] == unit_id].reset_index(drop=True)


@cached()
def band_table(period: Period) -> pd.DataFrame:
    # Counted from the period's cached board: ranking the leagues a second time cost 0,2 s cold.
    rankings = board(period).rankings
    return bands.band_table_of(
        {league: rankings.get(league, pd.DataFrame()) for league in bands.DEFAULT_LEAGUES}, formula_for(period.end)
    )


@cached()
def top_gap(period: Period):
    return gaps.top_gap(period)


@cached(maxsize=256)
def what_it_takes(period: Period, unit_id: str) -> pd.DataFrame:
    return gaps.what_it_takes(period, unit_id)


@cached(maxsize=256)
def recompute(period: Period, unit_id: str) -> pd.DataFrame:
    return scoring.recompute(period, unit_id)


@cached(maxsize=128)
def criterion_across_units(period: Period, code: str) -> pd.DataFrame:
    return quality.criterion_across_units(period, code, target_status(period))


@cached(maxsize=512)
def series(criterion_code: str, unit_id: str, period_type: str) -> pd.DataFrame:
    return trends.series(criterion_code, unit_id, period_type)


@cached()
def yearly_results(index_code: str, year: int) -> pd.DataFrame:
    return yearly.results(index_code, year)


@cached()
def rank_history(index_code: str) -> pd.DataFrame:
    return yearly.rank_history(index_code)


@cached()
def task_list(today: date) -> pd.DataFrame:
    return tasks.task_list(today=today)


@cached()
def loads() -> pd.DataFrame:
    return quality.loads()


@cached()
def freshness(today: date) -> pd.DataFrame:
    return quality.freshness(today=today)


@cached()
def completeness_missing(period: Period, kinds: tuple[str, ...]) -> pd.DataFrame:
    return completeness.missing(period, kinds)


@cached()
def completeness_matrix(period_type: str, kinds: tuple[str, ...]) -> pd.DataFrame:
    return completeness.matrix(period_type, kinds)


@cached()
def mismatches(period: Period):
    return quality.mismatches(period)


# --- Periods that follow the data, dated national ranks, the TTHC report (issue 10, docs/050–052) ---


@cached()
def opening_period() -> Period | None:
    """The newest period holding the province's own score (what Tổng quan opens on)."""
    return overview.opening_period()


@cached()
def period_coverage(period: Period) -> overview.PeriodCoverage:
    return overview.period_coverage(period)


@cached()
def national_standing(period: Period) -> national.NationalStanding:
    return national.national_standing(period)


@cached(maxsize=256)
def loss_status(period: Period, unit_id: str) -> gaps.LossStatus:
    return gaps.loss_status(period, unit_id)


@cached(maxsize=256)
def trend(criterion_code: str, unit_id: str, period_type: str) -> trends.Trend:
    return trends.trend(criterion_code, unit_id, period_type)


@cached()
def tthc_periods() -> list:
    return tthc.periods()


@cached()
def tthc_report(period: Period) -> tthc.TthcReport:
    return tthc.report(period)


@cached(maxsize=256)
def tthc_unit_trend(unit_id: str, period_type: str) -> pd.DataFrame:
    return tthc.unit_trend(unit_id, period_type)


@cached()
def tthc_missing(period: Period, kinds: tuple[str, ...]) -> pd.DataFrame:
    return completeness.tthc_missing(period, kinds)


@cached()
def tthc_matrix(period_type: str, kinds: tuple[str, ...]) -> pd.DataFrame:
    return completeness.tthc_matrix(period_type, kinds)
