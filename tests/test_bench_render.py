"""The render benchmark stays runnable (no timing here: speed is measured by
`python -m benchmarks render`, never asserted in tests)."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from benchmarks import bench_render
from tests.conftest import ROOT


def test_floor_app_draws_both_pages():
    at = AppTest.from_file(str(bench_render.FLOOR_APP.script), default_timeout=60)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Trang A"
    assert at.metric[0].value == "65,49"
    at.switch_page("trang_b.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Trang B"
    assert at.caption[-1].value == bench_render.FLOOR_APP.pages[1].last


def test_measured_pages_are_the_apps_pages(tmp_path):
    """The benchmark clicks sidebar entries by their titles: they must exist in app.py."""
    titles = set(re.findall(r'title="([^"]+)"', (ROOT / "app.py").read_text("utf-8")))
    assert '"app.py"' in (ROOT / "serve.py").read_text("utf-8")  # what the benchmark serves runs app.py
    project = bench_render.project_app(tmp_path / "warehouse.duckdb")
    assert {p.nav for p in project.pages} <= titles
    assert project.env["CCHC_DB"].endswith("warehouse.duckdb")


def test_server_cpu_and_memory_counters_read_this_process():
    import os

    before = bench_render.cpu_seconds(os.getpid())
    sum(i * i for i in range(2_000_000))  # burn some CPU so the counter must move
    assert bench_render.cpu_seconds(os.getpid()) > before
    assert bench_render.rss_mb(os.getpid()) > 10
