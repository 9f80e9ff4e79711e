"""Page speed in a real browser, side by side with Streamlit's own floor, in one run (issue 13).

    python -m benchmarks render        # or: make bench-render

Two apps are served by `streamlit run` on 127.0.0.1 (ports 8660–8699) and driven by Debian's
Chromium through Playwright, one after the other, in the same run:

* the floor (`benchmarks/floor/`): two trivial pages, each a title, a metric and one 10-bar
  Plotly chart: what Streamlit itself costs on this machine at this moment;
* this project (`serve.py`, as `make run` serves `app.py`) on the bundled sample, clicking
  Tổng quan → Xếp hạng → Đơn vị.

For each app: the first visitor after a (re)start; a new browser session on the running server;
a warm click in the sidebar until the page is drawn; the server's CPU per page view (utime +
stime of the server process and its children, from /proc, over the series of warm clicks);
30 sessions opened at once, all drawn, the slowest reported; the server's memory (RSS). The
project is also served on the national-scale warehouse of `benchmarks/bench_metrics.py` for its
memory there. The command line is timed against Python's own start-up.

"Drawn" (see `DRAWN_JS`): Streamlit's script state is notRunning, no running indicator, no stale
or skeleton element, the page's title and last text are on screen, at least the page's number
of Plotly charts are present and every visible one has drawn its `.main-svg`, every visible
table its canvas.

Every figure is printed with its ratio to the floor and its target, PASS or FAIL. The machine is
shared, so absolute times are noisy: the ratios are what the targets are about; times are
medians of repeated views. Nothing here is a test: tests/ only checks that this module imports
and that the floor app runs.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = Path(__file__).resolve().parent / "floor"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PORTS = range(8660, 8700)
VIEWPORT = {"width": 1366, "height": 768}
TIMEOUT_MS = 120_000

# How many times each thing is measured (medians are reported). BENCH_QUICK=1 for a fast look.
QUICK = os.environ.get("BENCH_QUICK") == "1"
RESTARTS = 1 if QUICK else 2
NEW_SESSIONS = 3 if QUICK else 5
CLICK_ROUNDS = 2 if QUICK else 5
CROWD = int(os.environ.get("BENCH_CROWD", "10" if QUICK else "30"))
CROWD_TIMEOUT_S = 300  # all sessions must be drawn within this, or they count as not drawn
CLI_RUNS = 3 if QUICK else 5

# Targets (issue 13).
WARM_RATIO, NEW_SESSION_RATIO, FIRST_VISIT_RATIO = 1.5, 1.3, 1.0
CPU_PER_VIEW_MS = 150
MEMORY_SAMPLE_MB, MEMORY_NATIONAL_MB = 400, 1024
HELP_S, UNIT_S = 0.5, 1.0


@dataclass(frozen=True)
class Page:
    nav: str  # the sidebar link's text
    path: str  # URL path
    title: str  # text of the page's h1
    last: str  # text of the page's last element (drawn last)
    charts: int = 0  # Plotly charts at least on screen when drawn


@dataclass
class App:
    name: str
    script: Path
    pages: list[Page]
    env: dict = field(default_factory=dict)


FLOOR_APP = App(
    "floor",
    FLOOR / "app.py",
    [
        Page("Trang A", "", "Trang A", "Hết trang A", 1),
        Page("Trang B", "trang_b", "Trang B", "Hết trang B", 1),
    ],
)


def project_app(warehouse: Path) -> App:
    # served as `make run` serves it: serve.py runs app.py and warms the server up at start (docs/083)
    return App(
        "project",
        ROOT / "serve.py",
        [
            Page("Tổng quan", "", "Tổng quan", "Thay đổi hạng nhiều nhất", 2),
            Page("Xếp hạng", "xep_hang", "Xếp hạng", "Tải về Excel", 0),
            Page("Đơn vị", "don_vi", "Chi tiết đơn vị", "Nhiệm vụ đơn vị chủ trì", 2),
        ],
        {"CCHC_DB": str(warehouse)},
    )


# Polled on every animation frame until it returns "drawn" (or an error text).
DRAWN_JS = """(page) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  const failed = document.querySelector("[data-testid='stException'], [data-testid='stAlertContentError']");
  if (failed) return "error: " + failed.innerText.slice(0, 200);
  const dialog = document.querySelector("[role='dialog']");  // e.g. Streamlit's "Page not found"
  if (dialog) return "dialog: " + dialog.innerText.slice(0, 200);
  if (document.querySelector("[data-testid='stStatusWidgetRunningIcon'], [data-testid='stStatusWidgetRunningManIcon']"))
    return false;
  if (document.querySelector("[data-testid='stElementContainer'][data-stale='true'], [data-testid='stSkeleton']"))
    return false;
  const main = document.querySelector("[data-testid='stMain']") || document.body;
  const heading = [...main.querySelectorAll("h1")].some(h => h.innerText.includes(page.title));
  if (!heading || !main.innerText.includes(page.last)) return false;
  const charts = main.querySelectorAll("[data-testid='stPlotlyChart']");
  if (charts.length < page.charts) return false;
  // what is on screen must be drawn (a hidden tab or a closed expander draws when opened)
  for (const chart of charts) if (chart.checkVisibility() && !chart.querySelector(".main-svg")) return false;
  for (const table of main.querySelectorAll("[data-testid='stDataFrame']"))
    if (table.checkVisibility() && !table.querySelector("canvas")) return false;
  return "drawn";
}"""


class NotDrawn(RuntimeError):
    pass


def drawn(tab, page: Page, polling="raf", timeout_ms: float = TIMEOUT_MS) -> None:
    result = tab.wait_for_function(
        DRAWN_JS,
        arg={"title": page.title, "last": page.last, "charts": page.charts},
        polling=polling,
        timeout=timeout_ms,
    ).json_value()
    if result != "drawn":
        raise NotDrawn(f"{page.path}: {result}")


# --- the server ----------------------------------------------------------------------------------


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}–{PORTS.stop - 1}")


def _tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process, its live descendants and its reaped children."""
    ticks = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


@dataclass
class Server:
    process: subprocess.Popen
    base: str

    @property
    def pid(self) -> int:
        return self.process.pid

    def url(self, page: Page) -> str:
        return f"{self.base}/{page.path}"


@contextmanager
def serve(app: App, log: Path):
    """`streamlit run` of the app on 127.0.0.1; yields once /_stcore/health answers; always stops it."""
    port = _free_port()
    with log.open("a") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(app.script),
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env={**os.environ, **app.env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{app.name}: streamlit did not start, see {log}")
            time.sleep(0.05)
        yield Server(process, base)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the measurements ----------------------------------------------------------------------------


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def nav_link(tab, page: Page):
    return tab.locator("[data-testid='stSidebarNav']").get_by_role("link", name=page.nav, exact=True)


def open_session(browser, server: Server, page: Page) -> tuple[object, float]:
    """A new browser context (no cache, no cookies) opening the page: (context, ms until drawn)."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    start = time.perf_counter()
    tab.goto(server.url(page))
    drawn(tab, page)
    return context, _ms(start)


def warm_clicks(browser, server: Server, app: App) -> tuple[dict[str, float], float, int]:
    """Click through the sidebar CLICK_ROUNDS times: median ms per page, server CPU ms per view."""
    context, _ = open_session(browser, server, app.pages[0])
    tab = context.pages[0]
    order = app.pages[1:] + app.pages[:1]
    # one untimed round: every page's modules, caches and front-end components loaded once
    for page in order:
        nav_link(tab, page).click()
        drawn(tab, page)
    times: dict[str, list[float]] = {p.nav: [] for p in app.pages}
    cpu_before = cpu_seconds(server.pid)
    for _ in range(CLICK_ROUNDS):
        for page in order:
            start = time.perf_counter()
            nav_link(tab, page).click()
            drawn(tab, page)
            times[page.nav].append(_ms(start))
    views = CLICK_ROUNDS * len(order)
    cpu_ms = (cpu_seconds(server.pid) - cpu_before) * 1000 / views
    context.close()
    return {nav: statistics.median(t) for nav, t in times.items()}, cpu_ms, views


def crowd(browser, server: Server, page: Page, n: int) -> dict:
    """n sessions opened at once; each one's time until drawn, counted from the first request."""
    contexts = [browser.new_context(viewport=VIEWPORT) for _ in range(n)]
    tabs = [c.new_page() for c in contexts]
    cpu_before = cpu_seconds(server.pid)
    start = time.perf_counter()
    for tab in tabs:
        tab.goto(server.url(page), wait_until="commit")
    times, failures = [], []
    deadline = start + CROWD_TIMEOUT_S
    for tab in tabs:
        try:  # polled every 100 ms, not on animation frames: 30 tabs on 2 cores starve rAF polling
            drawn(tab, page, polling=100, timeout_ms=max(1.0, (deadline - time.perf_counter()) * 1000))
            times.append(_ms(start))
        except Exception as exc:  # a page that never draws is the finding, not a crash of the benchmark
            failures.append(str(exc).splitlines()[0][:200])
    cpu_ms = (cpu_seconds(server.pid) - cpu_before) * 1000 / n
    for context in contexts:
        context.close()
    return {
        "drawn": len(times),
        "n": n,
        "slowest_ms": max(times, default=float("nan")),
        "median_ms": statistics.median(times) if times else float("nan"),
        "cpu_ms": cpu_ms,
        "failures": failures,
    }


def measure_app(browser, app: App, log: Path) -> dict:
    out: dict = {"first_visit": []}
    for restart in range(RESTARTS):
        with serve(app, log) as server:
            context, ms = open_session(browser, server, app.pages[0])
            context.close()
            out["first_visit"].append(ms)
            if restart < RESTARTS - 1:
                continue
            sessions = []
            for _ in range(NEW_SESSIONS):
                context, ms = open_session(browser, server, app.pages[0])
                context.close()
                sessions.append(ms)
            out["new_session"] = statistics.median(sessions)
            out["warm"], out["cpu_per_view"], out["views"] = warm_clicks(browser, server, app)
            out["rss_after_views"] = rss_mb(server.pid)
            out["crowd"] = crowd(browser, server, app.pages[0], CROWD)
            out["rss"] = rss_mb(server.pid)
    out["first_visit"] = statistics.median(out["first_visit"])
    return out


def national_memory(browser, app: App, log: Path) -> tuple[float, list[str]]:
    """The project on the national-scale warehouse: every measured page opened, then its RSS."""
    errors = []
    with serve(app, log) as server:
        context = browser.new_context(viewport=VIEWPORT)
        tab = context.new_page()
        for page in app.pages:
            tab.goto(server.url(page))
            try:
                drawn(tab, page)
            except Exception as exc:
                errors.append(str(exc).splitlines()[0][:200])
        context.close()
        return rss_mb(server.pid), errors


def _time_command(args: list[str], runs: int = CLI_RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_times(warehouse: Path) -> dict[str, float]:
    py = sys.executable
    return {
        "python -c pass": _time_command([py, "-c", "pass"]),
        "python -m etl --help": _time_command([py, "-m", "etl", "--help"]),
        "python -m metrics --help": _time_command([py, "-m", "metrics", "--help"]),
        "python -m metrics unit H15": _time_command([py, "-m", "metrics", "--db", str(warehouse), "unit", "H15"]),
    }


# --- the report ----------------------------------------------------------------------------------


class Report:
    def __init__(self) -> None:
        self.failed = 0

    def header(self) -> None:
        print(f"  {'figure':<44}{'floor':>10}{'project':>10}{'× floor':>9}   {'target':<24}result")

    def row(self, label: str, floor: float | None, value: float, unit: str, target: str, ok: bool | None) -> None:
        ratio = f"{value / floor:7.2f}×" if floor else f"{'':>8}"
        floor_text = f"{floor:8.0f} {unit}" if floor is not None else f"{'':>10}"
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        self.failed += ok is False
        print(f"  {label:<44}{floor_text:>10}{value:7.0f} {unit:<2}{ratio:>9}   {target:<24}{verdict}")


def build_sample(folder: Path) -> Path:
    """A warehouse with the reference data and the sample, as `python -m etl init --samples` makes it."""
    path = folder / "warehouse.duckdb"
    subprocess.run(
        [sys.executable, "-m", "etl", "--db", str(path), "init", "--samples"], cwd=ROOT, check=True, capture_output=True
    )
    return path


def main() -> None:
    from benchmarks import bench_metrics

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = build_sample(folder)
        national = bench_metrics.OUTPUT
        print(f"National-scale warehouse: {bench_metrics.build(national):,} observations ({bench_metrics.SHAPE}).")
        print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start.")
        cli = cli_times(sample)
        report = Report()
        print(f"\nCommand line (median of {CLI_RUNS}; floor: Python's own start-up):")
        report.header()
        base = cli.pop("python -c pass") * 1000
        for command, seconds in cli.items():
            limit = UNIT_S if " unit " in command else HELP_S
            report.row(command, base, seconds * 1000, "ms", f"< {limit * 1000:.0f} ms", seconds < limit)
        if not CHROMIUM.exists():
            print(f"\nBrowser: skipped ({CHROMIUM} missing: apt-get install chromium fonts-dejavu-core)")
            return
        from playwright.sync_api import sync_playwright

        project = project_app(sample)
        log = folder / "streamlit.log"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                floor = measure_app(browser, FLOOR_APP, log)
                print(f"(floor measured; load average {os.getloadavg()[0]:.1f})", flush=True)
                mine = measure_app(browser, project, log)
                print(f"(project measured; load average {os.getloadavg()[0]:.1f})", flush=True)
                national_copy = folder / "national.duckdb"
                shutil.copy(national, national_copy)  # the server never touches the cached original
                national_rss, national_errors = national_memory(browser, project_app(national_copy), log)
            finally:
                browser.close()
        print(f"\nReal server and Chromium, sample data (load average now {os.getloadavg()[0]:.1f}):")
        report.header()
        floor_warm = statistics.median(floor["warm"].values())
        for page in project.pages:
            value = mine["warm"][page.nav]
            report.row(
                f"warm click → {page.nav} (median of {CLICK_ROUNDS})",
                floor_warm,
                value,
                "ms",
                f"≤ {WARM_RATIO}× floor",
                value <= WARM_RATIO * floor_warm,
            )
        report.row(
            f"new session (median of {NEW_SESSIONS})",
            floor["new_session"],
            mine["new_session"],
            "ms",
            f"≤ {NEW_SESSION_RATIO}× floor",
            mine["new_session"] <= NEW_SESSION_RATIO * floor["new_session"],
        )
        report.row(
            f"first visitor after a restart (median of {RESTARTS})",
            floor["first_visit"],
            mine["first_visit"],
            "ms",
            "≤ project's new session",
            mine["first_visit"] <= FIRST_VISIT_RATIO * mine["new_session"],
        )
        report.row(
            f"server CPU per page view ({mine['views']} views)",
            floor["cpu_per_view"],
            mine["cpu_per_view"],
            "ms",
            f"≤ {CPU_PER_VIEW_MS} ms",
            mine["cpu_per_view"] <= CPU_PER_VIEW_MS,
        )
        fc, mc = floor["crowd"], mine["crowd"]
        report.row(
            f"{CROWD} sessions at once: slowest drawn",
            fc["slowest_ms"],
            mc["slowest_ms"],
            "ms",
            f"all {CROWD} drawn",
            mc["drawn"] == CROWD,
        )
        report.row(f"{CROWD} sessions at once: median drawn", fc["median_ms"], mc["median_ms"], "ms", "", None)
        report.row(f"{CROWD} sessions at once: server CPU per session", fc["cpu_ms"], mc["cpu_ms"], "ms", "", None)
        print(f"  ({mc['drawn']}/{CROWD} project sessions drawn, {fc['drawn']}/{CROWD} floor sessions drawn)")
        for failure in mc["failures"][:3] + fc["failures"][:3]:
            print(f"    not drawn: {failure}")
        report.row(
            "memory (RSS) after the views, sample",
            floor["rss_after_views"],
            mine["rss_after_views"],
            "MB",
            f"< {MEMORY_SAMPLE_MB} MB",
            mine["rss_after_views"] < MEMORY_SAMPLE_MB,
        )
        report.row(
            f"memory (RSS) after {CROWD} sessions, sample",
            floor["rss"],
            mine["rss"],
            "MB",
            f"< {MEMORY_SAMPLE_MB} MB",
            mine["rss"] < MEMORY_SAMPLE_MB,
        )
        report.row(
            "memory (RSS), national-scale warehouse",
            floor["rss"],
            national_rss,
            "MB",
            f"< {MEMORY_NATIONAL_MB} MB",
            national_rss < MEMORY_NATIONAL_MB and not national_errors,
        )
        for error in national_errors:
            print(f"    national-scale page not drawn: {error}")
        print(
            "\nFloor, for reference: warm click "
            + ", ".join(f"{k} {v:.0f} ms" for k, v in floor["warm"].items())
            + f"; first visitor {floor['first_visit']:.0f} ms."
        )
        print(f"{report.failed} target(s) missed." if report.failed else "Every target met.")
