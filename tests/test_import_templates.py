"""The project's templates: the furniture a new user relies on, and a filled template loads."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from etl.formats.catalog import FORMATS
from etl.importer import check_files, load_checked
from etl.templates import DATA_SHEET, HEADER_ROW, HELP_SHEET, LIST_SHEET
from tests.support.imports import archive, current, run_cli, sample_provinces, sample_units  # noqa: F401


@pytest.fixture
def template(capsys, empty_db, tmp_path):
    def make(kind: str):
        out = tmp_path / f"mau_{kind}.xlsx"
        code, text = run_cli(capsys, empty_db, "template", kind, str(out))
        assert code == 0 and str(out) in text
        return load_workbook(out)

    return make


def fill_and_check(wb, period: str | None = None):
    sheet = wb[DATA_SHEET]
    if period:
        sheet["C3"] = period
    out = io.BytesIO()
    wb.save(out)
    (prepared,) = check_files([("mau.xlsx", out.getvalue())])
    assert prepared.ok, prepared.problems[:5]
    load_checked([prepared], "kiểm thử")
    return prepared


def headers(sheet) -> dict[str, int]:
    return {c.value: c.column for c in sheet[HEADER_ROW] if c.value}


@pytest.mark.parametrize("kind", list(FORMATS))
def test_every_template_has_its_furniture(template, kind):
    wb = template(kind)
    assert wb.sheetnames[0] == DATA_SHEET and {HELP_SHEET, LIST_SHEET} <= set(wb.sheetnames)
    sheet = wb[DATA_SHEET]
    assert sheet.freeze_panes == f"C{HEADER_ROW + 1}"
    assert sheet.protection.sheet and sheet[f"B{HEADER_ROW}"].protection.locked
    assert not sheet[f"B{HEADER_ROW + 1}"].protection.locked and not sheet["C3"].protection.locked
    assert wb[LIST_SHEET].sheet_state == "hidden"
    help_text = " ".join(str(c.value) for row in wb[HELP_SHEET].iter_rows() for c in row if c.value)
    assert FORMATS[kind].title in help_text and all(line[:40] in help_text for line in FORMATS[kind].instructions)
    for rule in sheet.data_validations.dataValidation:
        name = rule.formula1.lstrip("=")
        assert name in wb.defined_names and LIST_SHEET in wb.defined_names[name].attr_text
    if FORMATS[kind].unit_kinds and kind != "targets":
        assert any(r.formula1 == "=DS_UNIT" for r in sheet.data_validations.dataValidation)


def test_the_unit_scores_template_filled_with_the_official_scores_loads(template, empty_db, archive):
    wb = template("scores766")
    sheet = wb[DATA_SHEET]
    col = headers(sheet)
    names = current(empty_db, "SELECT name, portal_code FROM units WHERE portal_code IS NOT NULL")
    code_of = dict(zip(names.name, names.portal_code))
    official = sample_units().set_index("department_code")
    keys = {
        "Công khai, minh bạch (18)": "transparency",
        "Tiến độ giải quyết (20)": "progress",
        "Dịch vụ công trực tuyến (12)": "online_service",
        "Thanh toán trực tuyến (10)": "payment",
        "Số hóa hồ sơ (22)": "digitized",
        "Mức độ hài lòng (18)": "satisfaction",
        "Tổng điểm": "total_score",
        "Xếp loại": "classification_label",
        "Xếp hạng": "rank_in_group",
    }
    filled = 0
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        code = code_of.get(sheet.cell(row, col["Tên đơn vị"]).value)
        if code in official.index:
            for header, key in keys.items():
                sheet.cell(row, col[header], official.at[code, key])
            filled += 1
    assert filled == len(official)
    prepared = fill_and_check(wb, "10/10/2026")
    assert prepared.period.key == "2026-10-10"
    got = (
        current(
            empty_db,
            "SELECT u.portal_code, o.points FROM v_observations o JOIN units u USING (unit_id)"
            " WHERE criterion_code = 'SVC766'",
        )
        .set_index("portal_code")
        .points
    )
    assert (got.sort_index() == official.total_score.sort_index()).all()


def test_the_ranking_template_filled_from_the_capture_loads(template, empty_db, archive):
    wb = template("ranking766")
    sheet = wb[DATA_SHEET]
    col = headers(sheet)
    data = sample_provinces()
    short = current(empty_db, "SELECT short_name, unit_id FROM units WHERE kind = 'province'")
    by_unit = {p["departmentCode"]: p for p in data["provinces"]}
    unit_of = dict(zip(short.short_name, short.unit_id))
    groups = {
        "Công khai, minh bạch (18)": "CKMB",
        "Tiến độ giải quyết (20)": "TDGQ",
        "Dịch vụ công trực tuyến (12)": "CLGQ",
        "Thanh toán trực tuyến (10)": "TTTT",
        "Số hóa hồ sơ (22)": "MDSH",
        "Mức độ hài lòng (18)": "MDHL",
    }
    for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + len(by_unit)):
        p = by_unit[unit_of[sheet.cell(row, col["Tỉnh, thành phố"]).value]]
        for header, code in groups.items():
            sheet.cell(row, col[header], p["scores"][code])
        sheet.cell(row, col["Tổng điểm"], p["totalScore"])
        sheet.cell(row, col["Xếp hạng"], p["rank"])
    fill_and_check(wb, data["date"])
    got = current(empty_db, "SELECT unit_id, rank_official FROM v_observations WHERE criterion_code = 'SVC766'")
    assert dict(zip(got.unit_id, got.rank_official)) == {u: p["rank"] for u, p in by_unit.items()}


def test_the_other_templates_filled_in_load(template, empty_db, archive):
    wb = template("tthc")
    sheet, col = wb[DATA_SHEET], headers(wb[DATA_SHEET])
    for header in list(col)[2:-1]:
        sheet.cell(HEADER_ROW + 1, col[header], 1)
    assert len(fill_and_check(wb, "Tháng 9/2026").rows) == 9

    wb = template("indicators766")
    sheet, col = wb[DATA_SHEET], headers(wb[DATA_SHEET])
    choice = wb[LIST_SHEET]["A2"].value  # the first indicator of the dropdown, as a user picks it
    for c, value in zip(("Tên đơn vị", "Chỉ tiêu", "Tử số", "Mẫu số", "Điểm"), ("Sở Y tế", choice, 41, 82, 3)):
        sheet.cell(HEADER_ROW + 1, col[c], value)
    assert len(fill_and_check(wb, "Quý III/2026").rows) == 1

    wb = template("index_results")
    sheet, col = wb[DATA_SHEET], headers(wb[DATA_SHEET])
    assert sheet.cell(HEADER_ROW + 1, col["Mã tiêu chí"]).value == "PAR"
    for c, value in (("Điểm tối đa", 100), ("Điểm đạt", 84.5), ("Xếp hạng", 20), ("Số tỉnh xếp hạng", 34)):
        sheet.cell(HEADER_ROW + 1, col[c], value)
    rows = fill_and_check(wb, "Năm 2025").rows
    assert rows.rank_official.tolist() == [20] and rows.rank_of.tolist() == [34]

    wb = template("tasks")
    sheet, col = wb[DATA_SHEET], headers(wb[DATA_SHEET])
    sheet.cell(HEADER_ROW + 1, col["Trạng thái"], "Hoàn thành")
    sheet.cell(HEADER_ROW + 2, col["Trạng thái"], "Đang thực hiện")
    sheet.cell(HEADER_ROW + 2, col["Tiến độ (%)"], 40)
    assert len(fill_and_check(wb, "Tháng 10/2026").rows) == 2

    wb = template("targets")
    sheet, col = wb[DATA_SHEET], headers(wb[DATA_SHEET])
    for c, value in (("Mã tiêu chí", "SVC766.SCORE.XA"), ("Năm", 2027), ("Phạm vi", "Xã, phường"), ("Giá trị", 97)):
        sheet.cell(HEADER_ROW + 1, col[c], value)
    fill_and_check(wb)
    assert current(empty_db, "SELECT value FROM v_targets WHERE year = 2027").value.tolist() == [97]
