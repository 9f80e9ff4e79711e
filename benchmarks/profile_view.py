"""Where a page view's time goes, end to end (docs/080): `python -m benchmarks.profile_view [page ...]`.

1. Script: the page run under AppTest as the server runs it, warm (median of 5), and the
   functions taking the most cumulative time (cProfile) in one more warm run.
2. Serialisation: the bytes of every element the run sends (protobuf sizes, by element type).
3. Front end: a real server and Chromium; for a warm sidebar click, the time until the
   script has finished (last websocket frame) and until the page is drawn (bench_render's test).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import bench_render as br

PAGES = {"tong_quan": "", "xep_hang": "pages/xep_hang.py", "don_vi": "pages/don_vi.py"}


def script_profile(warehouse: Path, name: str, switch: str) -> None:
    import os

    os.environ["CCHC_DB"] = str(warehouse)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(br.ROOT / "app.py"), default_timeout=120)
    at.run()
    if switch:
        at.switch_page(switch)
        at.run()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
    assert not at.exception, at.exception
    from streamlit.runtime.scriptrunner import script_runner

    profile = cProfile.Profile()
    original = script_runner.ScriptRunner._run_script

    def profiled(self, rerun_data):  # AppTest runs the script in its own thread: profile there
        profile.enable()
        try:
            return original(self, rerun_data)
        finally:
            profile.disable()

    script_runner.ScriptRunner._run_script = profiled
    try:
        at.run()
    finally:
        script_runner.ScriptRunner._run_script = original
    print(f"\n## {name}: script warm {statistics.median(times):.0f} ms (median of 5, AppTest)")
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
    stats.print_stats(30)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    print(
        "\n".join(
            line.replace(str(br.ROOT) + "/", "").replace(sys.prefix + "/lib/python3.11/site-packages/", "")
            for line in lines[start:]
        )
    )


def wire_and_front(warehouse: Path) -> None:
    from playwright.sync_api import sync_playwright

    app = br.project_app(warehouse)
    log = Path(tempfile.mkdtemp()) / "streamlit.log"
    with sync_playwright() as pw, br.serve(app, log) as server:
        browser = pw.chromium.launch(executable_path=str(br.CHROMIUM), args=br.CHROMIUM_ARGS)
        context, _ = br.open_session(browser, server, app.pages[0])
        tab = context.pages[0]
        frames: list[tuple[float, int]] = []
        tab.on(
            "websocket",
            lambda ws: ws.on("framereceived", lambda payload: frames.append((time.perf_counter(), len(payload)))),
        )
        tab.reload()
        br.drawn(tab, app.pages[0])
        order = app.pages[1:] + app.pages[:1]
        for page in order:  # warm every page once
            br.nav_link(tab, page).click()
            br.drawn(tab, page)
        rows = {p.nav: [] for p in app.pages}
        for _ in range(3):
            for page in order:
                frames.clear()
                start = time.perf_counter()
                br.nav_link(tab, page).click()
                br.drawn(tab, page)
                end = time.perf_counter()
                last = max((t for t, _ in frames), default=start)
                rows[page.nav].append(((last - start) * 1000, (end - last) * 1000, sum(n for _, n in frames)))
        browser.close()
    print("\n## Warm sidebar click in Chromium (median of 3)")
    print(f"  {'page':<12}{'click → last frame':>20}{'last frame → drawn':>20}{'bytes received':>16}")
    for nav, values in rows.items():
        a, b, n = (statistics.median(v[i] for v in values) for i in range(3))
        print(f"  {nav:<12}{a:17.0f} ms{b:17.0f} ms{n:16,.0f}")


def main(argv: list[str]) -> None:
    folder = Path(tempfile.mkdtemp())
    warehouse = br.build_sample(folder)
    for name in argv or list(PAGES):
        if name in PAGES:
            script_profile(warehouse, name, PAGES[name])
    if not argv or "browser" in argv:
        wire_and_front(warehouse)


if __name__ == "__main__":
    main(sys.argv[1:])
