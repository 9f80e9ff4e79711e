"""The server's warm-up (serve.py → ui.warmup) fills the caches every session shares, and figures
are built once per view model (docs/082, docs/083)."""

from __future__ import annotations

import gc

from core.access import Viewer
from ui import charts, warmup
from views import overview, ranking, unit
from views.common import periods


def test_warm_up_computes_the_newest_periods_views_once_for_everyone(sample_db):
    warmup.run()
    period = periods("SVC766")[0]
    calls = []
    original = overview.data.league_ranking
    try:
        overview.data.league_ranking = lambda *a: calls.append(a) or original(*a)
        found = overview.overview(period)
    finally:
        overview.data.league_ranking = original
    assert isinstance(found, overview.Overview)
    assert calls == []  # served from the warm cache: the view was not computed again
    assert ranking.ranking(period, ("department", "commune"), ranking.Filters()) is ranking.ranking(
        period, ("department", "commune"), ranking.Filters()
    )
    home = unit.picker(period, ("department", "commune"), Viewer.local()).default
    assert unit.unit(period, home, Viewer.local()) is unit.unit(period, home, Viewer.local())


def test_warm_up_without_a_warehouse_does_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "missing.duckdb"))
    warmup.run()  # logs nothing worse than "done"; never raises
    assert not (tmp_path / "missing.duckdb").exists()


def test_a_figure_is_built_once_per_view_model():
    built = []

    class Owner:
        pass

    def build(title):
        built.append(title)
        return charts.go.Figure(layout={"title": title})

    first, second = Owner(), Owner()
    assert charts.once(first, "x", build, "a") is charts.once(first, "x", build, "a")
    assert built == ["a"]
    assert charts.once(first, "y", build, "b") is not charts.once(first, "x", build, "a")
    charts.once(second, "x", build, "c")
    assert built == ["a", "b", "c"]
    old_id = id(first)
    del first
    gc.collect()
    reborn = [Owner() for _ in range(50)]  # an object reusing the id must not get the old figure
    for owner in reborn:
        if id(owner) == old_id:
            assert charts.once(owner, "x", build, "d").layout.title.text == "d"


def test_health_says_not_ready_until_the_warm_up_is_done():
    import asyncio

    passed, sent = [], []

    async def inner(scope, receive, send):
        passed.append(scope["path"])

    async def send(message):
        sent.append(message)

    ready = warmup.ReadyWhenWarm(inner)
    health = {"type": "http", "path": "/_stcore/health"}
    warmup.WARM.clear()
    asyncio.run(ready(health, None, send))
    asyncio.run(ready({"type": "http", "path": "/"}, None, send))  # pages are served meanwhile
    assert sent[0]["status"] == 503 and passed == ["/"]
    warmup.WARM.set()
    asyncio.run(ready(health, None, send))
    assert passed == ["/", "/_stcore/health"]


def test_serve_serves_app_py_with_the_warm_up():
    import serve

    assert warmup.lifespan in serve.LIFESPANS
    assert any(m.cls is warmup.ReadyWhenWarm for m in serve.MIDDLEWARE)
