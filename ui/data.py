"""Cached access to metrics for the pages.

Every cache is keyed by the warehouse's data version (the file's size and
modification time), so a load from the command line shows up on the next rerun
without a restart, and every cache has a ttl and a size bound.
"""
from __future__ import annotations

import os

import streamlit as st

from etl import db
from etl.periods import Period
from metrics import overview

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
def province_summary(version: tuple, period: Period):
    return overview.province_summary(period)


@st.cache_data(**CACHE)
def band_counts(version: tuple, period: Period):
    return overview.band_counts(period)
