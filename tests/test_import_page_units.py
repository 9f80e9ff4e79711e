"""The Nhập dữ liệu page with a drifting unit list (AppTest): loading a file without its unknown
units by an explicit choice, the skipped rows listed, and an admin adding the new unit."""

from __future__ import annotations

import pytest

from etl import auth, db
from tests.support.imports import archive, current, sample_units, workbook  # noqa: F401 (fixture)
from tests.test_import_drifting_units import drifting, totals
from tests.test_import_page import PASSWORD, XLSX, button, open_page


@pytest.fixture
def people(sample_db):
    with db.connect(sample_db) as con:
        auth.add_user(con, "lan", PASSWORD, "can_bo", "Nguyễn Thị Lan")
        auth.add_user(con, "qt", PASSWORD, "quan_tri", "Quản Trị")


def test_unknown_units_are_skipped_only_when_chosen(people, sample_db, archive):
    units = sample_units().head(12)
    at = open_page("lan")
    assert not [e for e in at.expander if "Thêm đơn vị mới" in e.label], "only an admin adds units"
    at.get("file_uploader")[0].set_value(("lech.xlsx", workbook(drifting(units)), XLSX))
    at.run()
    button(at, "Kiểm tra tệp").click().run()
    assert not at.exception, at.exception
    assert any("1 lỗi" in e.value for e in at.error)
    assert not [b for b in at.button if b.label.startswith("Xác nhận")]
    at.checkbox(key="nhap_skip_unknown").check().run()
    button(at, "Kiểm tra tệp").click().run()
    assert any("Bỏ qua 1 dòng" in w.value for w in at.warning)
    skipped = at.dataframe[0].value
    assert skipped.to_dict("records") == [
        {
            "Trang": "Dữ liệu",
            "Dòng": 7,
            "Tên đơn vị trong tệp": units.department_name.iloc[1],
            "Mã đơn vị": "H15.999",
            "Lý do": "mã đơn vị chưa có trong danh mục",
        }
    ]
    button(at, "Xác nhận nạp 1 tệp").click().run()
    assert any("Đã nạp **lech.xlsx** (lô" in s.value for s in at.success)
    batch = current(sample_db, "SELECT max(batch_id) AS b FROM batches").b[0]
    recorded = current(sample_db, "SELECT unit_code FROM batch_skipped_rows WHERE batch_id = ?", [int(batch)])
    assert recorded.unit_code.tolist() == ["H15.999"]


def test_an_admin_adds_a_unit_from_the_page(people, sample_db):
    at = open_page("qt")
    at.text_input(key="unit_code").input("H15.999")
    at.text_input(key="unit_name").input("UBND xã *Ea* Mới")
    at.selectbox(key="unit_kind").set_value("commune")
    at.button(key="FormSubmitter:them_don_vi-Thêm đơn vị").click().run()
    assert not at.exception, at.exception
    assert any("Đã thêm đơn vị H15.999" in s.value and r"\*Ea\*" in s.value for s in at.success)
    row = current(sample_db, "SELECT name, kind, added_by FROM units WHERE unit_id = 'H15.999'")
    assert row.values.tolist() == [["UBND xã *Ea* Mới", "commune", "qt"]]
    at.button(key="FormSubmitter:them_don_vi-Thêm đơn vị").click().run()
    assert any("đã có trong danh mục" in e.value for e in at.error)
    assert "H15.999" not in totals(sample_db)
