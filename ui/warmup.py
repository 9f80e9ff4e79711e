"""Warm the server up at start (serve.py runs this in a thread): import what the pages import and
compute the newest period's view models and figures, into the caches every session shares.
A failure here is logged and otherwise ignored: the pages compute what they need anyway."""
from __future__ import annotations

import time

from streamlit.logger import get_logger

log = get_logger("cchc.warmup")  # Streamlit's handler: the line shows in the server's output


def run() -> None:
    start = time.perf_counter()
    try:
        _warm()
    except Exception:  # never stop the server for a warm-up
        log.exception("warm-up failed")
        return
    log.info("warm-up done in %.1f s", time.perf_counter() - start)


def _warm() -> None:
    import pandas  # noqa: F401  (the pages' heavy imports, once)
    import plotly.graph_objects  # noqa: F401

    from core.access import Viewer
    from core.db import WarehouseMissing
    from ui import charts, layout, sidebar, tables  # noqa: F401
    from views import overview, ranking, unit
    from views.common import periods

    try:
        newest = periods("SVC766")
    except WarehouseMissing:
        return
    if not newest:
        return
    period = newest[0]
    found = overview.overview(period)
    if isinstance(found, overview.Overview):
        charts.once(found, "groups", charts.groups_vs_max, found.groups, "Điểm theo nhóm (số đỏ: điểm bị mất)")
        charts.once(found, "bands", charts.band_bars, found.band_counts, "Số đơn vị theo xếp loại")
    kinds = ("department", "commune")
    ranking.ranking(period, kinds, ranking.Filters())
    picked = unit.picker(period, kinds, Viewer.local())
    if picked.default:
        unit.unit(period, picked.default, Viewer.local())
