"""The Nhập dữ liệu page in the real app (AppTest): login and roles, upload, the report of a
bad file, mapping an unknown name, preview and confirm, history and undo."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from etl import auth, db
from tests.conftest import ROOT
from tests.support.imports import archive, assert_unchanged, current, snapshot, workbook  # noqa: F401
from tests.test_import_bad_input import tthc_rows

APP = str(ROOT / "app.py")
PAGE = "pages/nhap_du_lieu.py"
PASSWORD = "mot-mat-khau-dai"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def users(sample_db):
    with db.connect(sample_db) as con:
        auth.add_user(con, "lan", PASSWORD, "can_bo", "Nguyễn Thị Lan")
        auth.add_user(con, "minh", PASSWORD, "lanh_dao", "Trần Minh")


def open_page(login: str | None = None, password: str = PASSWORD) -> AppTest:
    """Open the app (its gate asks for a login once an account exists), log in, go to the page."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    if login:
        at.text_input(key="login_username").input(login)
        at.text_input(key="login_password").input(password)
        at.button(key="FormSubmitter:dang_nhap-Đăng nhập").click().run()
        assert not at.exception, at.exception
        if at.error:  # refused at the gate: stay there, with its message
            return at
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label.startswith(label))


def test_without_accounts_the_page_says_how_to_create_one(sample_db):
    at = open_page()
    assert any("python -m etl user add" in i.value for i in at.info)
    assert not at.get("file_uploader")


def test_the_page_needs_a_role_that_may_upload(users):
    at = open_page()
    assert at.text_input(key="login_username") and not at.get("file_uploader")
    at = open_page("lan", "sai-mat-khau-roi")
    assert any("Sai tên đăng nhập hoặc mật khẩu" in e.value for e in at.error) and not at.get("file_uploader")
    at = open_page("minh")
    assert any("Trần Minh (Lãnh đạo) không có quyền nạp dữ liệu" in w.value for w in at.warning)
    assert not at.get("file_uploader")
    at = open_page("lan")
    assert at.get("file_uploader") and [t.label for t in at.tabs] == ["Nạp tệp", "Lịch sử nạp", "Tệp mẫu"]
    assert any("Nguyễn Thị Lan" in c.value for c in at.sidebar.caption)


def test_a_bad_file_shows_every_problem_and_loads_nothing(users, sample_db, archive):
    rows = tthc_rows()
    rows[3][2], rows[4][3] = "mười", -1
    at = open_page("lan")
    before = snapshot(sample_db)  # after the login, which the audit log records
    at.get("file_uploader")[0].set_value(("sai.xlsx", workbook(rows), XLSX))
    at.run()
    button(at, "Kiểm tra tệp").click().run()
    assert not at.exception, at.exception
    assert any("sai.xlsx" in e.value and "2 lỗi" in e.value for e in at.error)
    report = at.dataframe[0].value
    assert list(report["Dòng"]) == [4, 5] and list(report["Cột"]) == ["C", "D"]
    assert "'mười' không phải là số" in report["Vấn đề"].iloc[0]
    assert {b.label for b in at.get("download_button")} >= {"Tải báo cáo lỗi (.xlsx)", "Tải báo cáo lỗi (.csv)"}
    assert not [b for b in at.button if b.label.startswith("Xác nhận")]
    assert_unchanged(before, sample_db)


def test_map_an_unknown_name_preview_confirm_and_undo(users, sample_db, archive):
    rows = tthc_rows()
    rows[5][1] = "xã Ea Knuệch"
    at = open_page("lan")
    at.get("file_uploader")[0].set_value(("t9.xlsx", workbook(rows), XLSX))
    at.run()
    button(at, "Kiểm tra tệp").click().run()
    picker = next(s for s in at.selectbox if "xã Ea Knuệch" in s.label)
    target = current(sample_db, "SELECT unit_id FROM units WHERE name = 'Xã Ea Knuếc'").unit_id[0]
    assert picker.options[1] == "Xã Ea Knuếc"  # the closest candidate first
    picker.set_value(target).run()
    button(at, "Ghi nhớ và kiểm tra lại").click().run()
    assert not at.exception, at.exception
    alias = current(sample_db, "SELECT unit_id, source, created_by FROM unit_aliases WHERE alias = 'xã Ea Knuệch'")
    assert alias.values.tolist() == [[target, "user", "lan"]]
    assert any("t9.xlsx" in s.value and "27 dòng hợp lệ" in s.value for s in at.success)
    preview = at.dataframe[0].value
    assert set(preview["Đơn vị / tiêu chí"]) == {"Sở Y tế", "Phường Buôn Ma Thuột", "Xã Ea Knuếc"}

    button(at, "Xác nhận nạp 1 tệp (27 dòng)").click().run()
    assert any("Đã nạp **t9.xlsx** (lô" in s.value for s in at.success)
    batch = current(sample_db, "SELECT batch_id, loaded_by FROM batches WHERE file_name = 't9.xlsx'")
    assert batch.loaded_by.tolist() == ["lan"]
    assert len(current(sample_db, "SELECT * FROM v_observations WHERE index_code = 'TTHC'")) == 27

    assert at.selectbox(key="undo_batch").value is None  # nothing pre-selected
    at.selectbox(key="undo_batch").set_value(int(batch.batch_id[0])).run()
    assert any("t9.xlsx" in w.value and "27 dòng" in w.value for w in at.warning)  # the confirmation names it
    assert current(sample_db, "SELECT status FROM batches WHERE file_name = 't9.xlsx'").status.tolist() == ["active"]
    at.button(key="undo_confirm").click().run()
    assert not at.exception, at.exception
    assert any(f"Đã hoàn tác lô {batch.batch_id[0]}" in s.value for s in at.success)
    assert current(sample_db, "SELECT status FROM batches WHERE file_name = 't9.xlsx'").status.tolist() == ["undone"]
    assert current(sample_db, "SELECT * FROM v_observations WHERE index_code = 'TTHC'").empty


def test_the_same_file_again_is_said_to_be_loaded(users, sample_db, archive):
    data = workbook(tthc_rows())
    at = open_page("lan")
    at.get("file_uploader")[0].set_value(("t9.xlsx", data, XLSX))
    at.run()
    button(at, "Kiểm tra tệp").click().run()
    button(at, "Xác nhận nạp").click().run()
    at.get("file_uploader")[0].set_value(("t9 (1).xlsx", data, XLSX))
    at.run()
    button(at, "Kiểm tra tệp").click().run()
    assert any("đã được nạp (lô" in i.value for i in at.info)
    assert not [b for b in at.button if b.label.startswith("Xác nhận")]


def test_viewing_requires_a_login_once_an_account_exists(users):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and not at.metric
    assert at.text_input(key="login_username")


def test_a_focal_officer_lands_on_their_own_unit_after_login(users):
    with db.connect() as con:
        unit_id, name = con.execute(
            "SELECT unit_id, name FROM units WHERE kind = 'commune' ORDER BY unit_id DESC LIMIT 1"
        ).fetchone()
        auth.add_user(con, "xa", PASSWORD, "don_vi", unit_id=unit_id)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="login_username").input("xa")
    at.text_input(key="login_password").input(PASSWORD)
    at.button(key="FormSubmitter:dang_nhap-Đăng nhập").click().run()
    assert not at.exception and at.metric  # past the gate: the overview
    assert at.sidebar.button(key="logout")
    at.switch_page("pages/don_vi.py").run()
    assert not at.exception, at.exception
    assert [h.value for h in at.header][0] == name
    assert at.query_params["don_vi"] == unit_id


def test_the_report_downloads_open_in_excel(sample_db):
    import io

    import pandas as pd

    from etl.importer import check_files
    from etl.problems import report_csv, report_frame, report_xlsx

    rows = tthc_rows()
    rows[3][2] = "mười"
    (prepared,) = check_files([("sai.xlsx", workbook(rows))])
    report = report_frame(prepared.problems, prepared.name)
    back = pd.read_excel(io.BytesIO(report_xlsx(report)), engine="openpyxl")
    assert list(back.columns) == ["Tệp", "Trang", "Dòng", "Cột", "Tiêu đề cột", "Giá trị", "Vấn đề"]
    assert back.iloc[0].tolist()[:4] == ["sai.xlsx", "Dữ liệu", 4, "C"]
    csv = report_csv(report)
    assert csv.startswith("\ufeff".encode()) and "'mười' không phải là số" in csv.decode("utf-8-sig")
