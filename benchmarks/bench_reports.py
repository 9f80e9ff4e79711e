"""Speed of the meeting pack's files on the sample (`python -m benchmarks reports`).

Targets (issue 12): the deck for a period ready in under 5 s, the monthly notice and the
one-page PDF in under 2 s, judged on the cold time. Each file is timed two ways, in a process
whose renderer library is already imported: cold = from an empty data cache (the pack computed
from the warehouse: rankings, targets, tasks) to the file's bytes, as the command line or the
first download after a load meets it; warm = from the page's cache (a download from a page that
is showing the period) to the bytes. Baseline, measured in the same run: the period's
rankings and points lost (`metrics.board.period_board`), the one query every page needs.
Median of 5 runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
TARGETS_S = {"deck": 5.0, "notice": 2.0, "onepager": 2.0, "workbook": None, "charts": None}


def _median(func) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        warehouse = Path(folder) / "warehouse.duckdb"
        subprocess.run(
            [sys.executable, "-m", "etl", "--db", str(warehouse), "init", "--samples"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        os.environ["CCHC_DB"] = str(warehouse)
        from metrics import board
        from reports import cli
        from views import meeting
        from views.store import clear_all

        period = meeting.resolve_period(None)
        baseline = _median(lambda: board.period_board(period))
        pack = meeting.meeting_pack(period)

        def cold_pack():
            clear_all()
            return meeting.meeting_pack(period)

        pack_s = _median(cold_pack)
        print(
            f"Kỳ {period.label}; baseline period_board: {baseline * 1000:.0f} ms; "
            f"view model (cold cache): {pack_s * 1000:.0f} ms ({pack_s / baseline:.1f}× baseline)"
        )
        print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        print(f"{'file':<10}{'warm':>10}{'cold':>10}{'× baseline':>12}{'target':>9}  verdict")
        for kind, target in TARGETS_S.items():
            cli.render(kind, pack)  # import the renderer's library once, as a running server has
            render_s = _median(lambda kind=kind: cli.render(kind, meeting.meeting_pack(period)))
            total_s = _median(lambda kind=kind: cli.render(kind, cold_pack()))
            verdict = "—" if target is None else ("OK" if total_s < target else "TOO SLOW")
            shown = "—" if target is None else f"< {target:.0f} s"
            print(
                f"{kind:<10}{render_s * 1000:>7.0f} ms{total_s * 1000:>7.0f} ms{total_s / baseline:>11.1f}×"
                f"{shown:>9}  {verdict}"
            )


if __name__ == "__main__":
    main()
