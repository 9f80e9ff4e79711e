"""Cached access to metrics for the pages (caching and picking rows only: no rule lives here).

Every cache is keyed by the warehouse's data version (the file's size and modification
time), so a load from the command line shows up on the next rerun without a restart, and
every cache has a ttl and a size bound. A period's rankings and points lost come from one
`metrics.board.period_board` call, shared by the pages.
"""
from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from core import db
from core.access import can_view_unit, require_unit
from core.periods import Period
from core.settings import home_unit
from metrics import bands, board as boards, completeness, gaps, overview, quality, scoring, targets, tasks, trends
from metrics import yearly

CACHE = {"ttl": 600, "max_entries": 64, "show_spinner": False}


def data_version() -> tuple:
    """Changes whenever the warehouse file (or its write-ahead log) changes."""
    path = db.warehouse_path()
    stats = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            s = os.stat(p)
            stats.append((s.st_size, s.st_mtime_ns))
        except FileNotFoundError:
            stats.append(None)
    return (str(path), *stats)


@st.cache_data(**CACHE)
def periods(version: tuple, index_code: str) -> list[Period]:
    return overview.periods(index_code)


@st.cache_data(**CACHE)
def period_source(version: tuple, period: Period):
    return quality.period_source(period)


@st.cache_data(**{**CACHE, "max_entries": 8})
def board(version: tuple, period: Period) -> boards.Board:
    return boards.period_board(period)


@st.cache_data(**CACHE)
def league_ranking(version: tuple, period: Period, league: str) -> pd.DataFrame:
    return board(version, period).rankings.get(league, pd.DataFrame())


@st.cache_data(**CACHE)
def target_status(version: tuple, period: Period) -> pd.DataFrame:
    """Every applicable target of every unit in the period's year."""
    return targets.target_status(period)


@st.cache_data(**CACHE)
def _unit_targets(version: tuple, period: Period, unit_id: str) -> pd.DataFrame:
    status = target_status(version, period)
    return status[status["unit_id"] == unit_id].reset_index(drop=True) if not status.empty else status


@st.cache_data(**CACHE)
def league_table(version: tuple, period: Period, league: str) -> pd.DataFrame:
    """The league's ranking with each unit's score target (target, target_status, below_target)."""
    return quality.with_targets(league_ranking(version, period, league), target_status(version, period))


@st.cache_data(**CACHE)
def _points_lost(version: tuple, period: Period, unit_id: str, level: str = "indicator") -> pd.DataFrame:
    found = board(version, period)
    lost = found.groups_lost if level == "group" else found.indicators_lost
    return lost[lost["unit_id"] == unit_id].reset_index(drop=True)


@st.cache_data(**CACHE)
def band_table(version: tuple, period: Period) -> pd.DataFrame:
    return bands.band_table(period)


@st.cache_data(**CACHE)
def top_gap(version: tuple, period: Period):
    return gaps.top_gap(period)


@st.cache_data(**CACHE)
def _what_it_takes(version: tuple, period: Period, unit_id: str) -> pd.DataFrame:
    return gaps.what_it_takes(period, unit_id)


@st.cache_data(**CACHE)
def _recompute(version: tuple, period: Period, unit_id: str) -> pd.DataFrame:
    return scoring.recompute(period, unit_id)


@st.cache_data(**CACHE)
def _criterion_across_units(version: tuple, period: Period, code: str) -> pd.DataFrame:
    return quality.criterion_across_units(period, code, target_status(version, period))


@st.cache_data(**CACHE)
def _series(version: tuple, criterion_code: str, unit_id: str, period_type: str) -> pd.DataFrame:
    return trends.series(criterion_code, unit_id, period_type)


@st.cache_data(**CACHE)
def yearly_results(version: tuple, index_code: str, year: int) -> pd.DataFrame:
    return yearly.results(index_code, year)


@st.cache_data(**CACHE)
def rank_history(version: tuple, index_code: str) -> pd.DataFrame:
    return yearly.rank_history(index_code)


@st.cache_data(**CACHE)
def task_list(version: tuple, today) -> pd.DataFrame:
    return tasks.task_list(today=today)


@st.cache_data(**CACHE)
def loads(version: tuple) -> pd.DataFrame:
    return quality.loads()


@st.cache_data(**CACHE)
def freshness(version: tuple, today) -> pd.DataFrame:
    return quality.freshness(today=today)


@st.cache_data(**CACHE)
def completeness_missing(version: tuple, period: Period, kinds: tuple[str, ...]) -> pd.DataFrame:
    return completeness.missing(period, kinds)


@st.cache_data(**CACHE)
def completeness_matrix(version: tuple, period_type: str, kinds: tuple[str, ...]) -> pd.DataFrame:
    return completeness.matrix(period_type, kinds)


@st.cache_data(**CACHE)
def mismatches(version: tuple, period: Period):
    return quality.mismatches(period)


# Unit detail goes through these, outside the caches, so a cached answer is never handed to a
# viewer who may not see it (a focal officer sees their own unit and the province only, docs/063).

def _viewer():
    from ui import auth  # late: ui.auth reads the request of this run
    return auth.viewer()


def _require(unit_id: str) -> None:
    if unit_id != home_unit():  # the province is everyone's overview
        require_unit(_viewer(), unit_id)


def unit_targets(version: tuple, period: Period, unit_id: str) -> pd.DataFrame:
    _require(unit_id)
    return _unit_targets(version, period, unit_id)


def points_lost(version: tuple, period: Period, unit_id: str, level: str = "indicator") -> pd.DataFrame:
    _require(unit_id)
    return _points_lost(version, period, unit_id, level)


def what_it_takes(version: tuple, period: Period, unit_id: str) -> pd.DataFrame:
    _require(unit_id)
    return _what_it_takes(version, period, unit_id)


def recompute(version: tuple, period: Period, unit_id: str) -> pd.DataFrame:
    _require(unit_id)
    return _recompute(version, period, unit_id)


def series(version: tuple, criterion_code: str, unit_id: str, period_type: str) -> pd.DataFrame:
    _require(unit_id)
    return _series(version, criterion_code, unit_id, period_type)


def criterion_across_units(version: tuple, period: Period, code: str) -> pd.DataFrame:
    """One criterion in every unit; a focal officer gets the rows of their unit and the province only."""
    rows = _criterion_across_units(version, period, code)
    viewer = _viewer()
    if viewer is not None and viewer.role != "don_vi":
        return rows
    if rows.empty or "unit_id" not in rows.columns:
        return rows.iloc[0:0]
    return rows[[u == home_unit() or can_view_unit(viewer, u) for u in rows["unit_id"]]].reset_index(drop=True)
