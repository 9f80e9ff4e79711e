"""Render speed of Tổng quan and Xếp hạng on the sample, and the app's memory.

Targets (issue 5): warm render < 300 ms, cold < 2 s, app process < 400 MB.

1. Script time (AppTest): a page's script run as the server runs it, in a fresh process. Cold =
   the first run (app modules imported, caches empty; Xếp hạng can only be reached after the
   app's default page has run once, so its "cold" has the imports and the shared period data
   already done); warm = the median of later runs. Baseline: a trivial page (a title and a
   metric) run the same way, for the framework's share.
2. Real server (when /usr/bin/chromium exists): a fresh `streamlit run` per page, driven by
   Chromium. Cold = from opening the page's URL until its script has finished and its key text
   is visible (this includes the browser loading Streamlit's own front end); warm = from a click
   on the page's entry in the sidebar (coming from the other page) until the same, median of 3.
   Then the server process's resident memory.
"""
from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
WARM_TARGET_MS, COLD_TARGET_MS, MEMORY_TARGET_MB = 300, 2000, 400
PAGES = {"tong_quan": ("", "Điểm của tỉnh"), "xep_hang": ("xep_hang", "Bình quân khối")}
WARM_RUNS = 10

# Runs in a fresh interpreter: prints the cold and warm script times of one page as JSON.
_SCRIPT_TIMER = """
import json, statistics, sys, time
from streamlit.testing.v1 import AppTest
script, page, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
at = AppTest.from_file(script, default_timeout=60)
if page:
    at.run(); at.switch_page(page)  # the app's own script must run before a page can be switched to
start = time.perf_counter(); at.run(); cold = time.perf_counter() - start
assert not at.exception, at.exception
warm = []
for _ in range(runs):
    start = time.perf_counter(); at.run(); warm.append(time.perf_counter() - start)
print(json.dumps({"cold_ms": cold * 1000, "warm_ms": statistics.median(warm) * 1000}))
"""
_BASELINE_PAGE = 'import streamlit as st\nst.title("Trang trống")\nst.metric("Điểm", "65,49")\n'


def build_sample(folder: Path) -> Path:
    """A warehouse with the reference data and the sample, as `python -m etl init --samples` makes it."""
    path = folder / "warehouse.duckdb"
    subprocess.run([sys.executable, "-m", "etl", "--db", str(path), "init", "--samples"], cwd=ROOT, check=True,
                   capture_output=True)
    return path


def script_times(script: Path, page: str, warehouse: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _SCRIPT_TIMER, str(script), page, str(WARM_RUNS)], cwd=ROOT,
                         env={**os.environ, "CCHC_DB": str(warehouse)}, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def _start_server(warehouse: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1", "--server.port",
         str(port), "--server.headless", "true"], cwd=ROOT, env={**os.environ, "CCHC_DB": str(warehouse)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return server, base


def _drawn(page, text: str) -> None:
    page.get_by_text(text).first.wait_for(state="visible", timeout=60_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


NAV_LABELS = {"tong_quan": "Tổng quan", "xep_hang": "Xếp hạng"}


def browser_times(warehouse: Path) -> tuple[dict, float]:
    from playwright.sync_api import sync_playwright

    times, rss = {}, 0.0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"])
        for name, (path, text) in PAGES.items():
            other = next(n for n in PAGES if n != name)
            server, base = _start_server(warehouse)
            try:
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                start = time.perf_counter()
                page.goto(f"{base}/{path}")
                _drawn(page, text)
                cold = (time.perf_counter() - start) * 1000
                warm = []
                for _ in range(3):
                    page.get_by_role("link", name=NAV_LABELS[other]).click()
                    _drawn(page, PAGES[other][1])
                    start = time.perf_counter()
                    page.get_by_role("link", name=NAV_LABELS[name]).click()
                    _drawn(page, text)
                    warm.append((time.perf_counter() - start) * 1000)
                times[name] = {"cold_ms": cold, "warm_ms": statistics.median(warm)}
                rss = max(rss, _rss_mb(server.pid))
                page.close()
            finally:
                server.terminate()
                server.wait(timeout=10)
        browser.close()
    return times, rss


def _line(label: str, ms: float, target_ms: float, baseline_ms: float | None = None) -> str:
    text = f"  {label:<34}{ms:8.0f} ms   {ms / target_ms:5.2f} × target ({target_ms} ms)"
    if baseline_ms:
        text += f"   {ms / baseline_ms:5.1f} × empty page"
    return text


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warehouse = build_sample(folder)
        baseline_script = folder / "empty_page.py"
        baseline_script.write_text(_BASELINE_PAGE, "utf-8")
        baseline = script_times(baseline_script, "", warehouse)
        load = os.getloadavg()[0]
        print(f"Machine: {os.cpu_count()} CPUs, load average {load:.1f} (timings grow with the load).")
        print("Script time (AppTest), sample data:")
        print(_line("empty page, warm", baseline["warm_ms"], WARM_TARGET_MS))
        for name, (path, _) in PAGES.items():
            times = script_times(ROOT / "app.py", f"pages/{name}.py" if path else "", warehouse)
            print(_line(f"{name}, cold", times["cold_ms"], COLD_TARGET_MS, baseline["cold_ms"]))
            print(_line(f"{name}, warm (median of {WARM_RUNS})", times["warm_ms"], WARM_TARGET_MS,
                        baseline["warm_ms"]))
        if not CHROMIUM.exists():
            print(f"Real server: skipped ({CHROMIUM} missing: apt-get install chromium fonts-dejavu-core)")
            return
        times, rss = browser_times(warehouse)
        print("Real server (streamlit run + Chromium), until the page is drawn:")
        for name, t in times.items():
            print(_line(f"{name}, cold (URL opened)", t["cold_ms"], COLD_TARGET_MS))
            print(_line(f"{name}, warm (sidebar click)", t["warm_ms"], WARM_TARGET_MS))
        print(f"  {'app process memory (RSS)':<34}{rss:8.0f} MB   {rss / MEMORY_TARGET_MB:5.2f} × target "
              f"({MEMORY_TARGET_MB} MB)")
