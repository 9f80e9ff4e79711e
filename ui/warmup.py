"""Warm the server up at start (docs/083): import what the pages import and compute the newest
period's view models and figures into the caches every session shares. `lifespan` starts it in a
thread when the server starts (serve.py); `ReadyWhenWarm` makes `/_stcore/health` answer 503
until it is done, so whatever waits for the server to be ready sends the first visitor to a warm
server. A failure is logged and otherwise ignored: the pages compute what they need anyway."""

from __future__ import annotations

import threading
import time
from contextlib import asynccontextmanager

from streamlit.logger import get_logger

log = get_logger("cchc.warmup")  # Streamlit's handler: the line shows in the server's output
WARM = threading.Event()


def run() -> None:
    start = time.perf_counter()
    try:
        _warm()
    except Exception:  # never stop the server for a warm-up
        log.exception("warm-up failed")
        return
    finally:
        WARM.set()  # ready even if the warm-up failed
    log.info("warm-up done in %.1f s", time.perf_counter() - start)


@asynccontextmanager
async def lifespan(_app):
    """Start the warm-up in a thread when the server starts (Streamlit answers the health check
    before a lifespan finishes, hence `ReadyWhenWarm` rather than waiting here)."""
    threading.Thread(target=run, name="cchc-warm-up", daemon=True).start()
    yield


class ReadyWhenWarm:
    """ASGI middleware: the health check says "not yet" (503) while the warm-up runs; pages are served."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].endswith("/_stcore/health") and not WARM.is_set():
            await send(
                {
                    "type": "http.response.start",
                    "status": 503,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                }
            )
            await send({"type": "http.response.body", "body": b"warming up"})
            return
        await self.app(scope, receive, send)


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
