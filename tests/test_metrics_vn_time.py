"""Vietnam time (issue 10 item 6): whatever the server's zone, people read Asia/Ho_Chi_Minh;
the warehouse keeps UTC. Run in a child process with TZ=UTC (and another zone) as servers are."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import duckdb
import pytest

from core.periods import Period
from tests.conftest import ROOT
from tests.support.metrics import load, obs

SCRIPT = textwrap.dedent("""
    import time
    time.tzset()
    from views import tthc, quality
    from metrics import tthc as report
    from core import clock
    found = tthc.tthc()
    print(found.source)
    (period,) = report.periods()
    print(period.loaded_at.isoformat())
    import os
    loads = quality.quality(None, "TTHC", ("department",)).loads
    print(loads[loads.batch_id == int(os.environ["BATCH"])].loaded_at.iloc[0])
""")


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_a_load_at_11_20_utc_reads_18_20_in_dak_lak(sample_db, zone):
    month = Period("month", "2026-11")
    batch = load(
        sample_db,
        [
            obs(f"TTHC.{item}", "H15.17", month, value=1.0)
            for item in (
                "RECEIVED_CARRIED",
                "RECEIVED_ONLINE",
                "RECEIVED_DIRECT",
                "RESOLVED_EARLY",
                "RESOLVED_ON_TIME",
                "RESOLVED_LATE",
                "PENDING_WITHIN",
                "PENDING_OVERDUE",
                "APOLOGIES",
            )
        ],
    )
    with duckdb.connect(str(sample_db)) as con:  # the load happened at 11:20 UTC on 02/12/2026
        con.execute("UPDATE batches SET loaded_at = TIMESTAMP '2026-12-02 11:20:00' WHERE batch_id = ?", [batch])
        stored = con.execute("SELECT loaded_at FROM batches WHERE batch_id = ?", [batch]).fetchone()[0]
    assert stored.hour == 11  # stored as UTC, untouched
    env = os.environ | {"CCHC_DB": str(sample_db), "TZ": zone, "BATCH": str(batch)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    source, aware, table = done.stdout.splitlines()[:3]
    assert "Nạp lúc 18:20 02/12/2026" in source
    assert aware.startswith("2026-12-02T18:20:00+07:00")
    assert table == "18:20 02/12/2026"
