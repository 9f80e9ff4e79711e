"""Formula versions honoured by imports: a file is matched, staged and validated against the
formula of its own period, and the reference keeps every version's row per criterion."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

import core.formula
from etl import db, reference
from etl.importer import check_files
from tests.support.imports import GROUP_HEADERS, sample_units, workbook

NEW_GROUP = """
[[groups]]
code = "DLDC"
key = "population_data"
name = "Khai thác dữ liệu dân cư"
max_points = 10
"""
LATER = date(2027, 2, 15)


@pytest.fixture
def formulas_2027(tmp_path, monkeypatch):
    """The shipped 2026 formula plus a 2027 version with a seventh group."""
    folder = tmp_path / "formulas"
    folder.mkdir()
    shipped = next(core.formula.FORMULAS.glob("766-2026.toml"))
    shutil.copy(shipped, folder / shipped.name)
    text = shipped.read_text("utf-8")
    text = text.replace('version = "766-2026"', 'version = "766-2027"')
    text = text.replace('valid_from = "2026-01-01"', 'valid_from = "2027-01-01"')
    head, tail = text.split("\n[[indicators]]", 1)  # the new group goes with the others, before the indicators
    (folder / "766-2027.toml").write_text(head + NEW_GROUP + "\n[[indicators]]" + tail, "utf-8")
    monkeypatch.setattr(core.formula, "FORMULAS", folder)
    assert [f.version for f in core.formula.load_formulas()] == ["766-2026", "766-2027"]
    return folder


def scores(title: str, extra: bool) -> bytes:
    units = sample_units().head(6)
    head = ["STT", "Mã đơn vị", "Tên đơn vị", *GROUP_HEADERS.values()] + (["Khai thác dữ liệu dân cư"] if extra else [])
    rows = [[title], head + ["Tổng điểm"]]
    for i, r in enumerate(units.itertuples(), start=1):
        groups = [getattr(r, k) for k in GROUP_HEADERS] + ([4.5] if extra else [])
        rows.append([i, r.department_code, r.department_name, *groups, round(sum(groups), 2)])
    return workbook(rows)


def test_an_earlier_month_loads_under_its_own_formula(formulas_2027, sample_db):
    (p,) = check_files([("t9.xlsx", scores("Điểm tính đến ngày 30/09/2026", extra=False))], path=sample_db, today=LATER)
    assert p.ok, p.problems
    assert "SVC766.DLDC" not in set(p.rows.criterion_code)


def test_a_later_month_needs_the_new_column(formulas_2027, sample_db):
    (p,) = check_files([("t1.xlsx", scores("Điểm tính đến ngày 31/01/2027", extra=False))], path=sample_db, today=LATER)
    assert any("Thiếu cột bắt buộc 'Khai thác dữ liệu dân cư (10)'" in x.message for x in p.problems), p.problems
    (p,) = check_files([("t1.xlsx", scores("Điểm tính đến ngày 31/01/2027", extra=True))], path=sample_db, today=LATER)
    assert p.ok, p.problems
    new = p.rows[p.rows.criterion_code == "SVC766.DLDC"]
    assert len(new) == 6 and (new.points == 4.5).all() and (new.max_points == 10).all()


def test_the_reference_keeps_every_version_of_a_criterion(formulas_2027, empty_db):
    with db.connect(empty_db) as con:
        reference.load_criteria(con)
    with duckdb.connect(str(empty_db), read_only=True) as con:
        versions = con.execute(
            "SELECT formula_version, name_vi, max_points FROM criterion_versions"
            " WHERE code = 'SVC766.CKMB' ORDER BY formula_version"
        ).fetchall()
        new = con.execute("SELECT formula_version FROM criterion_versions WHERE code = 'SVC766.DLDC'").fetchall()
        in_criteria = con.execute("SELECT count(*) FROM criteria WHERE code = 'SVC766.DLDC'").fetchone()[0]
    assert [v[0] for v in versions] == ["766-2026", "766-2027"]
    assert new == [("766-2027",)] and in_criteria == 1
