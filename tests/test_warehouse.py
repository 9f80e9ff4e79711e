"""The warehouse: migrations, idempotent init, reference data."""

from __future__ import annotations

import shutil
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from etl import db
from etl.reference import load_reference
from tests.conftest import ROOT

TABLES = ["units", "unit_aliases", "indices", "criteria", "batches", "observations", "targets", "tasks"]


def snapshot(path) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(path), read_only=True) as con:
        out = {}
        for table in TABLES:
            frame = con.execute(f"SELECT * FROM {table}").df()
            frame = frame.drop(columns=[c for c in ("created_at", "loaded_at") if c in frame.columns])
            out[table] = frame.sort_values(list(frame.columns)[:3]).reset_index(drop=True)
        return out


def run_init(path, *args):
    return subprocess.run(
        [sys.executable, "-m", "etl", "--db", str(path), "init", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )


def test_init_twice_gives_the_same_warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    latest = max(v for v, _, _ in db.migrations())
    first = run_init(path, "--samples")
    assert f"0 → {latest}" in first.stdout
    before = snapshot(path)
    second = run_init(path, "--samples")
    assert f"{latest} → {latest}" in second.stdout and "đã có sẵn" in second.stdout
    after = snapshot(path)
    for table in TABLES:
        pd.testing.assert_frame_equal(before[table], after[table], obj=table)


def test_migration_from_an_older_schema_keeps_data(tmp_path):
    path = tmp_path / "old.duckdb"
    with db.connect(path) as con:
        assert db.migrate(con, target=1) == 1
        assert "tasks" not in {r[0] for r in con.execute("SHOW TABLES").fetchall()}
        con.execute("INSERT INTO units (unit_id, kind, name) VALUES ('H15', 'province', 'UBND tỉnh Đắk Lắk')")
        con.execute("INSERT INTO batches (format, loaded_by) VALUES ('test', 'kiểm thử')")
    with db.connect(path) as con:
        assert db.migrate(con) == max(v for v, _, _ in db.migrations())
        assert con.execute("SELECT name FROM units WHERE unit_id = 'H15'").fetchone()[0] == "UBND tỉnh Đắk Lắk"
        assert con.execute("SELECT count(*) FROM batches").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM v_observations").fetchone()[0] == 0
        assert [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()] == [
            v for v, _, _ in db.migrations()
        ]


def test_communes_match_the_gso_list(empty_db):
    from vietnam_provinces import Ward

    expected = {f"{int(w.code):05d}": " ".join(w.name.split()) for w in Ward.iter_all() if int(w.province_code) == 66}
    with duckdb.connect(str(empty_db), read_only=True) as con:
        rows = con.execute("SELECT gso_code, name, subkind FROM units WHERE kind = 'commune'").fetchall()
    assert len(rows) == 102 == len(expected)
    assert {code: name for code, name, _ in rows} == expected
    assert all("  " not in name for _, name, _ in rows)
    assert {sub for *_, sub in rows} == {"xa", "phuong"}


def test_registry_counts_and_portal_codes(empty_db):
    with duckdb.connect(str(empty_db), read_only=True) as con:
        counts = dict(con.execute("SELECT kind, count(*) FROM units GROUP BY kind").fetchall())
        portal = pd.read_csv(ROOT / "data/samples/portal766/units-2026-10-10.csv", dtype=str)
        known = {r[0] for r in con.execute("SELECT portal_code FROM units WHERE portal_code IS NOT NULL").fetchall()}
        unmatched_alias = con.execute(
            "SELECT count(*) FROM unit_aliases a WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.unit_id = a.unit_id)"
        ).fetchone()[0]
    assert counts["department"] == 14
    assert counts["commune"] == 102
    assert counts["province"] == 34
    assert set(portal.department_code) <= known
    assert unmatched_alias == 0


def test_criteria_hierarchy_and_targets_are_consistent(empty_db):
    with duckdb.connect(str(empty_db), read_only=True) as con:
        orphans = con.execute("""
            SELECT c.code FROM criteria c
            WHERE c.parent_code IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM criteria p WHERE p.code = c.parent_code)""").fetchall()
        loose_targets = con.execute("""
            SELECT t.criterion_code FROM v_targets t
            WHERE NOT EXISTS (SELECT 1 FROM criteria c WHERE c.code = t.criterion_code)""").fetchall()
        dept = con.execute("""SELECT value FROM v_targets
                              WHERE criterion_code = 'SVC766.SCORE.SO' AND year = 2026""").fetchone()
        commune = con.execute("""SELECT scope, value FROM v_targets
                                 WHERE criterion_code = 'SVC766.SCORE.XA' AND year = 2026""").fetchone()
        indicators = con.execute("""SELECT count(*), sum(max_points) FROM criteria
                                    WHERE formula_version = '766-2026' AND level = 2""").fetchone()
        groups = con.execute("""SELECT sum(max_points) FROM criteria
                                WHERE formula_version = '766-2026' AND level = 1""").fetchone()[0]
    assert orphans == []
    assert loose_targets == []
    assert dept == (95.0,)
    assert commune == ("commune", 96.5)
    assert groups == 100
    assert indicators[1] == 100  # the indicators' points add up to the index


def test_tasks_have_lead_agencies_from_the_registry(empty_db):
    with duckdb.connect(str(empty_db), read_only=True) as con:
        total, matched = con.execute("SELECT count(*), count(lead_unit_id) FROM tasks").fetchone()
        lead = con.execute(
            "SELECT u.name FROM tasks t JOIN units u ON u.unit_id = t.lead_unit_id WHERE t.task_id = 'PAR.1.1'"
        ).fetchone()[0]
    assert total > 100
    assert matched / total > 0.8
    assert lead == "Sở Nội vụ"


def test_read_only_connection_to_missing_warehouse_is_explained(tmp_path):
    with pytest.raises(db.WarehouseMissing):
        with db.connect(tmp_path / "nothing.duckdb", read_only=True):
            pass


def test_a_migration_written_on_a_parallel_branch_still_applies(tmp_path, monkeypatch):
    """0005 landing after a warehouse already has 0006: applied by version, not skipped as "older"."""
    folder = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS, folder)
    monkeypatch.setattr(db, "MIGRATIONS", folder)
    path = tmp_path / "w.duckdb"
    with db.connect(path) as con:
        latest = db.migrate(con)
    (folder / "0000_parallel_probe.sql").write_text("CREATE TABLE parallel_probe (x INTEGER);", "utf-8")
    with db.connect(path) as con:
        assert db.migrate(con) == latest
        tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
        assert "parallel_probe" in tables
        assert 0 in {r[0] for r in con.execute("SELECT version FROM schema_version").fetchall()}
