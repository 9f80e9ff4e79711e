"""The portal's unit list drifts: codes are matched by code only (spaces folded), an unknown code is
reported as such with its name, a file can be loaded without its unknown units knowingly
(--skip-unknown, every skipped row listed and kept with the batch), undo restores, and an admin
adds the unit the portal has started to score."""

from __future__ import annotations

import duckdb

from tests.support.imports import (
    GROUP_HEADERS,
    archive,
    current,
    run_cli,
    sample_units,
    snapshot,
    workbook,  # noqa: F401 (fixture)
)
from tests.test_import_bad_input import refuse, write

HEAD = ["STT", "Mã đơn vị", "Tên đơn vị", *GROUP_HEADERS.values(), "Tổng điểm", "Xếp loại"]


def scores_book(units, title="ĐIỂM BỘ CHỈ SỐ 766 (Số liệu cập nhật đến ngày 10/10/2026)") -> list[list]:
    """Unit scores with the portal's codes; every group and total is the sample's minus one point
    for departments' satisfaction, so what was loaded is told apart from the sample."""
    rows = [["UBND TỈNH ĐẮK LẮK"], [title], HEAD]
    for i, r in enumerate(units.itertuples(), start=1):
        groups = [getattr(r, k) for k in GROUP_HEADERS]
        groups[-1] = round(groups[-1] - 1, 2)
        rows.append([i, r.department_code, r.department_name, *groups, round(sum(groups), 2), None])
    return rows


def totals(db) -> dict:
    frame = current(
        db, "SELECT unit_id, value FROM v_observations WHERE criterion_code = 'SVC766' AND period_key = '2026-10-10'"
    )
    return dict(zip(frame.unit_id, frame.value))


def drifting(units) -> list[list]:
    """Row 4 carries a code with a stray space; row 7 a code the registry lacks, under the name of
    a unit that is also in the file (the old matcher guessed that unit and reported a duplicate)."""
    rows = scores_book(units)
    rows[3][1] = rows[3][1].replace(".", ". ")  # "H15. 15"
    rows[6][1] = "H15.999"
    rows[6][2] = rows[4][2]
    return rows


def test_an_unknown_code_is_reported_with_its_name_never_guessed(capsys, sample_db, tmp_path):
    units = sample_units().head(12)
    path = write(tmp_path, "lech.xlsx", workbook(drifting(units)))
    out = refuse(
        capsys,
        sample_db,
        path,
        f"Mã đơn vị 'H15.999' (tên trong tệp: '{units.department_name.iloc[1]}') không có trong danh mục",
        "dòng 7, cột B",
        "--skip-unknown",
        "python -m etl unit add",
    )
    assert "xuất hiện nhiều lần" not in out
    assert "H15. 15" not in out, "a code with a stray space is the same code"


def test_skip_unknown_loads_exactly_the_known_rows_and_undo_restores(capsys, sample_db, tmp_path):
    units = sample_units().head(12)
    before_values, before = totals(sample_db), snapshot(sample_db)
    path = write(tmp_path, "lech.xlsx", workbook(drifting(units)))
    code, out = run_cli(capsys, sample_db, "load", str(path), "--skip-unknown", "--user", "cb")
    assert code == 0, out
    assert "Bỏ qua 1 dòng" in out and "dòng 7: mã H15.999" in out, out
    after = totals(sample_db)
    skipped_unit = units.department_code.iloc[3]  # the unit whose row carried H15.999
    loaded = [c for c in units.department_code if c != skipped_unit]
    file_totals = {r[1].replace(" ", ""): r[-2] for r in drifting(units)[3:] if r[1] != "H15.999"}
    for unit in loaded:
        assert abs(after[unit] - file_totals[unit]) < 1e-9, unit
        assert after[unit] != before_values[unit]
    assert after[skipped_unit] == before_values[skipped_unit]
    untouched = set(before_values) - set(units.department_code)
    assert {u: after[u] for u in untouched} == {u: before_values[u] for u in untouched}
    with duckdb.connect(str(sample_db), read_only=True) as con:
        batch, note, rows = con.execute(
            "SELECT batch_id, note, row_count FROM batches ORDER BY batch_id DESC LIMIT 1"
        ).fetchone()
        skipped = con.execute(
            "SELECT sheet, row_number, unit_name, unit_code, reason FROM batch_skipped_rows WHERE batch_id = ?", [batch]
        ).fetchall()
    assert skipped == [("Dữ liệu", 7, units.department_name.iloc[1], "H15.999", "mã đơn vị chưa có trong danh mục")]
    assert "bỏ qua 1 dòng" in note and rows == 11 * 7
    code, out = run_cli(capsys, sample_db, "undo", str(batch), "--user", "cb")
    assert code == 0, out
    assert totals(sample_db) == before_values
    assert before["observations"].shape[0] + 77 == snapshot(sample_db)["observations"].shape[0]


def test_without_the_choice_nothing_is_loaded_and_unknown_names_are_skippable(capsys, sample_db, tmp_path):
    rows = scores_book(sample_units().head(5))
    for r in rows[3:]:
        del r[1]  # no code column: names only
    rows[2] = [h for h in HEAD if h != "Mã đơn vị"]
    rows[5][1] = "UBND xã Chưa Có Trong Danh Mục"
    rows[6][1] = "UBND xã Chưa Có Trong Danh Mục"  # the same unknown unit twice: one line
    path = write(tmp_path, "ten_la.xlsx", workbook(rows))
    out = refuse(capsys, sample_db, path, "Không tìm thấy đơn vị 'UBND xã Chưa Có Trong Danh Mục'", "(các dòng 6, 7)")
    assert out.count("Không tìm thấy đơn vị") == 1, out
    code, out = run_cli(capsys, sample_db, "load", str(path), "--skip-unknown", "--dry-run")
    assert code == 0 and "Bỏ qua 2 dòng" in out and "3 dòng" not in out.split("\n")[0], out


def test_an_admin_adds_the_unit_the_portal_started_to_score(capsys, sample_db, tmp_path):
    units = sample_units().head(12)
    code, out = run_cli(
        capsys,
        sample_db,
        "unit",
        "add",
        "h15. 999",
        "UBND xã Ea Mới",
        "--kind",
        "commune",
        "--valid-from",
        "2026-10-05",
        "--user",
        "qt",
    )
    assert code == 0 and "Đã thêm đơn vị H15.999" in out and "05/10/2026" in out, out
    with duckdb.connect(str(sample_db), read_only=True) as con:
        row = con.execute(
            "SELECT kind, subkind, name, valid_from, source, added_by FROM units WHERE unit_id = 'H15.999'"
        ).fetchone()
    assert row[:3] == ("commune", "xa", "UBND xã Ea Mới") and str(row[3]) == "2026-10-05" and row[4:] == ("admin", "qt")
    # The same code again, a malformed code, an existing name: refused, nothing written.
    for args, text in (
        (("H15.999", "UBND xã Khác"), "đã có trong danh mục"),
        (("XYZ", "UBND xã Khác"), "không đúng dạng"),
        (("H15.998", units.department_name.iloc[2]), "trùng với đơn vị đã có"),
    ):
        before = snapshot(sample_db)
        code, out = run_cli(capsys, sample_db, "unit", "add", *args, "--kind", "commune")
        assert code == 2 and text in out, out
        assert before["units"].equals(snapshot(sample_db)["units"])
    rows = drifting(units)
    rows[6][2] = "UBND xã Ea Mới (tên mới)"  # matched by its code, whatever the name says
    path = write(tmp_path, "moi.xlsx", workbook(rows))
    code, out = run_cli(capsys, sample_db, "load", str(path))
    assert code == 0, out
    assert "H15.999" in totals(sample_db)
    # Before its valid-from date the unit does not exist: a file of an earlier day names an unknown unit.
    early = write(
        tmp_path, "som.xlsx", workbook(scores_book(units.head(0), title="tính đến ngày 01/10/2026") + [rows[6]])
    )
    refuse(
        capsys, sample_db, early, "UBND xã Ea Mới chỉ có trong danh mục từ 05/10/2026, không có trong Ngày 01/10/2026"
    )


def test_added_units_survive_a_reinit(capsys, sample_db):
    code, _ = run_cli(capsys, sample_db, "unit", "add", "H15.999", "UBND xã Ea Mới", "--kind", "commune")
    assert code == 0
    code, out = run_cli(capsys, sample_db, "init")
    assert code == 0, out
    with duckdb.connect(str(sample_db), read_only=True) as con:
        assert con.execute("SELECT name FROM units WHERE unit_id = 'H15.999'").fetchone() == ("UBND xã Ea Mới",)


def test_close_name_suggestions_stop_at_their_time_budget(sample_db, monkeypatch):
    """Suggestions are computed once per distinct unknown name, within FUZZY_BUDGET_SECONDS; past
    it, unknown names are still reported (and skippable), only without suggestions."""
    from etl import staging
    from etl.importer import check_files

    rows = scores_book(sample_units().head(3))
    for r in rows[3:]:
        del r[1]
    rows[2] = [h for h in HEAD if h != "Mã đơn vị"]
    rows[3][1] = "Sở Y tếe"
    (p,) = check_files([("a.xlsx", workbook(rows))], path=sample_db)
    assert any("Gần giống: Sở Y tế" in x.message for x in p.problems), p.problems
    monkeypatch.setattr(staging, "FUZZY_BUDGET_SECONDS", 0.0)
    (p,) = check_files([("a.xlsx", workbook(rows))], path=sample_db)
    (problem,) = p.problems
    assert "Không tìm thấy đơn vị 'Sở Y tếe'" in problem.message and "Gần giống" not in problem.message
