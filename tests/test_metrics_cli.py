"""`python -m metrics`: the same numbers on the command line; Vietnamese errors, exit 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd

from etl.samples import CAPTURE_DAY, SAMPLES
from metrics import cli
from tests.conftest import ROOT


def run(capsys, *argv) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_ranking_as_json_and_csv(sample_db, capsys):
    status, out, _ = run(capsys, "ranking", "--league", "departments", "--format", "json")
    rows = json.loads(out)
    units = pd.read_csv(SAMPLES / f"units-{CAPTURE_DAY}.csv", dtype={"department_code": str})
    departments = units[units.group == "PROVINCE"].set_index("department_code")
    assert status == 0 and len(rows) == len(departments)
    assert {r["unit_id"]: r["total"] for r in rows} == departments.total_score.to_dict()
    status, out, _ = run(capsys, "ranking", "--league", "provinces", "--period", "10/10/2026")
    frame = pd.read_csv(io.StringIO(out))
    assert status == 0 and len(frame) == 34 and frame["rank"].is_monotonic_increasing


def test_gaps_for_a_unit_named_in_words(sample_db, capsys):
    status, out, _ = run(capsys, "gaps", "--unit", "Sở Xây dựng - Tỉnh Đắk Lắk", "--level", "group")
    frame = pd.read_csv(io.StringIO(out))
    assert status == 0 and set(frame.unit_id) == {"H15.16"} and len(frame) == 6
    assert frame.lost.is_monotonic_decreasing


def test_unit_report(sample_db, capsys):
    status, out, _ = run(capsys, "unit", "xã Ea Súp")
    report = json.loads(out)
    assert status == 0 and report["unit_id"] == "H15.131" and report["kind"] == "commune"
    assert report["ranking"]["rank_of"] == 102
    assert {"groups", "indicators", "points_lost", "targets", "what_it_takes"} <= set(report)
    status, out, _ = run(capsys, "unit", "H15", "--format", "json")
    assert status == 0 and json.loads(out)["top_gap"]["top"] == 10


def test_unknown_unit_and_period_exit_2_in_vietnamese(sample_db, capsys):
    status, out, err = run(capsys, "gaps", "--unit", "xã Không Tồn Tại")
    assert status == 2 and out == "" and "Không tìm thấy đơn vị" in err
    status, _, err = run(capsys, "ranking", "--league", "communes", "--period", "Tháng 9/2026")
    assert status == 2 and "Không có dữ liệu kỳ Tháng 9/2026" in err
    status, _, err = run(capsys, "unit", "H15", "--period", "chưa rõ")
    assert status == 2 and "Không hiểu kỳ" in err


def test_the_module_entry_point(sample_db):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "metrics",
            "--db",
            str(sample_db),
            "ranking",
            "--league",
            "communes",
            "--format",
            "json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and len(json.loads(done.stdout)) == 102
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "metrics",
            "--db",
            str(sample_db.parent / "none.duckdb"),
            "ranking",
            "--league",
            "communes",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "Chưa có kho dữ liệu" in missing.stderr
