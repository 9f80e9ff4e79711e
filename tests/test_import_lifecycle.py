"""Every load: archived, recorded, a no-op when repeated, superseding by period, undoable to the
exact prior state, all or nothing, and safe while the app holds the warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd

from etl import importer
from tests.conftest import ROOT
from tests.support.imports import (
    SCORES_MERGES,
    archive,
    assert_unchanged,
    current,
    run_cli,
    sample_units,
    scores_rows,  # noqa: F401 (fixture)
    snapshot,
    workbook,
)
from tests.test_import_bad_input import tthc_rows

VIEW = "SELECT * EXCLUDE (loaded_at) FROM v_observations"


def write(tmp_path, name, rows, **kw):
    path = tmp_path / name
    path.write_bytes(workbook(rows, **kw))
    return path


def test_the_same_file_twice_is_a_no_op(capsys, sample_db, archive, tmp_path):
    path = write(tmp_path, "bc.xlsx", tthc_rows())
    code, out = run_cli(capsys, sample_db, "load", str(path), "--user", "lan")
    assert code == 0
    batch = current(sample_db, "SELECT * FROM batches WHERE format = 'tthc'").iloc[0]
    assert (batch.loaded_by, batch.file_name, batch.period_key, batch.row_count) == ("lan", "bc.xlsx", "2026-09", 27)
    assert batch.archive_path == str((archive / f"{batch.sha256}.xlsx").resolve())
    assert (archive / f"{batch.sha256}.xlsx").read_bytes() == path.read_bytes()
    before = snapshot(sample_db)
    code, out = run_cli(capsys, sample_db, "load", str(path))
    assert code == 0 and f"tệp này đã được nạp (lô {batch.batch_id})" in out
    assert_unchanged(before, sample_db)


def test_a_new_file_supersedes_the_sample_and_undo_restores_it_exactly(capsys, sample_db, archive, tmp_path):
    """A department re-sends the 10/10/2026 scores with one unit corrected."""
    original = current(sample_db, VIEW)
    units = sample_units()
    first = units.iloc[0]
    units.loc[units.index[0], ["transparency", "total_score"]] = [first.transparency - 1, first.total_score - 1]
    path = write(tmp_path, "sua.xlsx", scores_rows(units, "NGÀY 10/10/2026"), merges=SCORES_MERGES)

    code, out = run_cli(capsys, sample_db, "load", str(path), "--dry-run")
    assert code == 0 and f"thay thế {len(units) * 7} dòng đang dùng" in out, out
    assert current(sample_db, VIEW).equals(original)

    code, out = run_cli(capsys, sample_db, "load", str(path))
    assert code == 0
    batch_id = int(current(sample_db, "SELECT max(batch_id) AS b FROM batches").b[0])
    changed = current(
        sample_db,
        "SELECT o.points FROM v_observations o JOIN units u USING (unit_id)"
        " WHERE u.portal_code = ? AND criterion_code = 'SVC766'",
        [first.department_code],
    )
    assert changed.points[0] == first.total_score - 1
    others = current(sample_db, VIEW + " WHERE batch_id <> ?", [batch_id])
    assert len(others) == len(original) - len(units) * 7  # every unit's total and groups now come from the file

    code, out = run_cli(capsys, sample_db, "undo", str(batch_id), "--user", "lan")
    assert code == 0 and f"Đã hoàn tác lô {batch_id}" in out
    pd.testing.assert_frame_equal(current(sample_db, VIEW), original)
    code, out = run_cli(capsys, sample_db, "undo", str(batch_id))
    assert code == 2 and "đã được hoàn tác" in out


def test_history_lists_loads_as_json_with_superseded_batches(capsys, sample_db, archive, tmp_path):
    run_cli(capsys, sample_db, "load", str(write(tmp_path, "a.xlsx", tthc_rows())))
    rows = tthc_rows()
    rows[3][2] = 6
    run_cli(capsys, sample_db, "load", str(write(tmp_path, "b.xlsx", rows)))
    code, out = run_cli(capsys, sample_db, "batches", "--format", "json")
    assert code == 0
    loads = {b["file_name"]: b for b in json.loads(out)}
    assert loads["a.xlsx"]["effective_status"] == "superseded" and loads["b.xlsx"]["effective_status"] == "active"
    assert loads["b.xlsx"]["batch_id"] > loads["a.xlsx"]["batch_id"]
    code, out = run_cli(capsys, sample_db, "batches")
    assert "Đã được thay thế" in out and "b.xlsx" in out


def test_several_files_load_all_or_nothing(capsys, sample_db, archive, tmp_path, monkeypatch):
    september = write(tmp_path, "t9.xlsx", tthc_rows())
    august = write(tmp_path, "t8.xlsx", tthc_rows(title="BÁO CÁO THÁNG 8/2026"))
    before = snapshot(sample_db)
    calls = []

    def failing_second(con, meta, **kw):
        calls.append(meta.file_name)
        if len(calls) == 2:
            raise RuntimeError("đĩa đầy")
        return real(con, meta, **kw)

    real = importer.insert_batch
    monkeypatch.setattr(importer, "insert_batch", failing_second)
    code, out = run_cli(capsys, sample_db, "load", str(september), str(august))
    assert code == 1 and "Lỗi nội bộ (RuntimeError): đĩa đầy" in out and "Traceback" not in out
    assert calls == ["t9.xlsx", "t8.xlsx"]
    assert_unchanged(before, sample_db)


def test_a_load_waits_while_another_process_reads_the_warehouse(sample_db, archive, tmp_path):
    """A reader (the app) holds the file: the CLI says it waits, and loads once the reader lets go."""
    path = write(tmp_path, "bc.xlsx", tthc_rows())
    release = tmp_path / "release"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import duckdb, pathlib, time\n"
                f"con = duckdb.connect({str(sample_db)!r}, read_only=True)\n"
                "print('open', flush=True)\n"
                f"while not pathlib.Path({str(release)!r}).exists(): time.sleep(0.05)\n"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "open"
    load = subprocess.Popen(
        [sys.executable, "-m", "etl", "--db", str(sample_db), "load", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CCHC_ARCHIVE": str(archive), "PYTHONUNBUFFERED": "1"},
    )
    waiting = load.stderr.readline()
    release.touch()
    holder.wait(timeout=30)
    out, err = load.communicate(timeout=120)
    assert "đang chờ" in waiting, waiting + err
    assert load.returncode == 0 and "Đã nạp 'bc.xlsx'" in out, out + err
    assert len(current(sample_db, "SELECT * FROM batches WHERE format = 'tthc'")) == 1


def test_the_app_notices_a_load_without_restarting(capsys, sample_db, archive, tmp_path):
    from views.store import data_version

    before = data_version()
    run_cli(capsys, sample_db, "load", str(write(tmp_path, "bc.xlsx", tthc_rows())))
    assert data_version() != before
