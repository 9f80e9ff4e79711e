"""Access in the real app (AppTest): the gate once an account exists, sessions checked on every run,
each role's allowed and forbidden actions on the pages, undo with confirmation, the audit page."""

from __future__ import annotations

import ast
import io

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl import audit, auth, db, sessions
from tests.conftest import ROOT

APP = ROOT / "app.py"
PASSWORD = "mot-mat-khau-dai"  # test-only value, never a default of the code
LOGIN = "FormSubmitter:dang_nhap-Đăng nhập"


def app_pages() -> list[str]:
    """Every page app.py registers (read from its source, so a new page is covered without editing this test)."""
    tree = ast.parse(APP.read_text("utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", "") == "Page"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]


@pytest.fixture
def people(sample_db):
    with db.connect(sample_db) as con:
        units = con.execute(
            "SELECT unit_id, name FROM units WHERE kind = 'commune' ORDER BY unit_id LIMIT 2"
        ).fetchall()
        auth.add_user(con, "admin", PASSWORD, "quan_tri", "Quản Trị")
        auth.add_user(con, "lan", PASSWORD, "can_bo", "Nguyễn Thị Lan")
        auth.add_user(con, "minh", PASSWORD, "lanh_dao", "Trần Minh")
        auth.add_user(con, "xa", PASSWORD, "don_vi", "Đầu mối xã", unit_id=units[0][0])
    return {"own": units[0], "other": units[1]}


def open_app(login: str | None = None, password: str = PASSWORD) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, at.exception
    if login:
        at.text_input(key="login_username").input(login)
        at.text_input(key="login_password").input(password)
        at.button(key=LOGIN).click().run()
        assert not at.exception, at.exception
    return at


def go(at: AppTest, page: str, **params: str) -> AppTest:
    at.query_params.clear()
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def shown_text(at: AppTest) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def numbers_shown(at: AppTest) -> bool:
    return bool(
        at.metric or at.dataframe or at.table or at.get("plotly_chart") or any(ch.isdigit() for ch in shown_text(at))
    )


def _has_key(at: AppTest, key: str) -> bool:
    try:
        at.text_input(key=key)
        return True
    except KeyError:
        return False


# --- the gate ---------------------------------------------------------------------------------------------


def test_the_pages_of_app_py_are_all_found():
    pages = app_pages()
    assert len(pages) >= 10 and "pages/nhat_ky.py" in pages and all((ROOT / p).exists() for p in pages)


@pytest.mark.parametrize("page", app_pages())
def test_once_an_account_exists_no_number_is_shown_before_login(people, page):
    own, _ = people["own"]
    at = open_app()
    assert _has_key(at, "login_username") and not numbers_shown(at)
    # A deep link with every parameter a page reads: still only the login form.
    go(at, page, don_vi=own, chi_tieu="SVC766.ON_TIME", ky="2026-10-10", chi_so="SVC766", loai="commune")
    assert _has_key(at, "login_username"), page
    assert not numbers_shown(at), (page, shown_text(at))


def test_local_mode_says_login_is_off_and_how_to_create_the_first_admin(sample_db):
    at = open_app()
    banner = " ".join(w.value for w in at.sidebar.warning)
    assert "không cần đăng nhập" in banner and "127.0.0.1" in banner
    assert ".venv/bin/python -m etl user add TÊN --role quan_tri" in banner and "CCHC_NEW_PASSWORD" in banner
    assert at.metric  # local mode shows the dashboard on this machine
    go(at, "pages/nhap_du_lieu.py")
    assert not at.get("file_uploader")  # but nobody changes data without an account


# --- sessions ---------------------------------------------------------------------------------------------


def test_a_disabled_account_loses_its_rights_on_the_next_run(people, sample_db):
    at = go(open_app("lan"), "pages/nhap_du_lieu.py")
    assert at.get("file_uploader")
    with db.connect(sample_db) as con:
        auth.set_active(con, "lan", False, actor="admin")
    at.run()
    assert not at.get("file_uploader") and _has_key(at, "login_username")
    assert any("vừa bị khóa" in e.value for e in at.error)


def test_a_changed_role_takes_effect_at_once(people, sample_db):
    at = go(open_app("lan"), "pages/nhap_du_lieu.py")
    with db.connect(sample_db) as con:
        auth.set_role(con, "lan", "lanh_dao", actor="admin")
    at.run()
    assert not at.get("file_uploader") and _has_key(at, "login_username")


def test_an_idle_session_ends(people, monkeypatch):
    monkeypatch.setenv("CCHC_IDLE_MINUTES", "20")
    now = [5_000_000.0]
    monkeypatch.setattr(sessions.STORE, "clock", lambda: now[0])
    at = open_app("minh")
    assert at.metric and not _has_key(at, "login_username")
    now[0] += 19 * 60
    at.run()
    assert at.metric  # still active
    now[0] += 21 * 60
    at.run()
    assert not at.metric and _has_key(at, "login_username")
    assert any("không hoạt động" in e.value for e in at.error)


def test_logout_ends_the_session_and_is_audited(people, sample_db):
    at = open_app("minh")
    at.sidebar.button(key="logout").click().run()
    assert _has_key(at, "login_username") and not at.metric
    with db.connect(sample_db, read_only=True) as con:
        assert audit.entries(con, actions=["logout"]).actor.tolist() == ["minh"]


def test_repeated_failures_lock_the_account_on_the_page(people, monkeypatch):
    at = open_app()
    for _ in range(auth.FREE_ATTEMPTS):
        at.text_input(key="login_username").input("minh")
        at.text_input(key="login_password").input("sai-mat-khau")
        at.button(key=LOGIN).click().run()
    at.text_input(key="login_username").input("minh")
    at.text_input(key="login_password").input(PASSWORD)  # right password, too soon
    at.button(key=LOGIN).click().run()
    assert not at.metric and any("hãy chờ" in e.value for e in at.error)


# --- roles -------------------------------------------------------------------------------------------------


def test_a_focal_officer_sees_their_own_unit_only(people):
    (own, own_name), (other, other_name) = people["own"], people["other"]
    at = open_app("xa")
    assert at.metric  # the province overview
    go(at, "pages/don_vi.py", don_vi=other)  # another unit by URL
    headers = [h.value for h in at.header]
    assert other_name not in headers and headers[0] == own_name
    assert other not in at.selectbox(key="unit_pick").options and at.query_params["don_vi"] == own
    go(at, "pages/chi_tieu.py", chi_tieu="SVC766.ON_TIME")  # one indicator across units
    names = set()
    for frame in at.dataframe:
        value = frame.value
        if isinstance(value, pd.DataFrame) and "name" in value.columns:
            names |= set(value["name"])
    assert other_name not in names and other_name not in shown_text(at)
    go(at, "pages/xep_hang.py")  # rankings stay province-wide
    assert at.dataframe
    for page, action in (("pages/nhap_du_lieu.py", "nạp dữ liệu"), ("pages/nhat_ky.py", "xem nhật ký")):
        go(at, page)
        assert any(action in w.value for w in at.warning) and not at.get("file_uploader"), page


def test_a_focal_officer_reports_progress_on_their_tasks(people, sample_db):
    at = go(open_app("xa"), "pages/tien_do.py")
    task_ids = at.selectbox(key="task_pick").options
    with db.connect(sample_db, read_only=True) as con:
        shared = con.execute(
            "SELECT min(task_id) FROM tasks WHERE lead_unit_id IS NULL AND lead_text ILIKE '%cấp xã%'"
        ).fetchone()[0]
    label = next(o for o in task_ids if o.startswith(shared + ":"))
    at.selectbox(key="task_pick").set_value(shared)
    at.selectbox(key="task_status").set_value("dang_thuc_hien")
    at.number_input(key="task_progress").set_value(60)
    at.button(key="FormSubmitter:bao_cao_tien_do-Ghi báo cáo").click().run()
    assert not at.exception and any(shared in s.value for s in at.success), label
    with db.connect(sample_db, read_only=True) as con:
        entry = audit.entries(con, actions=["task_update"]).iloc[0]
    assert entry.actor == "xa" and '"progress": 60' in entry.after_json


def test_a_leader_changes_nothing(people):
    at = open_app("minh")
    assert at.metric
    for page, action in (
        ("pages/nhap_du_lieu.py", "nạp dữ liệu"),
        ("pages/tien_do.py", "cập nhật tiến độ"),
        ("pages/nhat_ky.py", "xem nhật ký"),
    ):
        go(at, page)
        assert any(action in w.value for w in at.warning), page
        assert not at.get("file_uploader") and [b.key for b in at.button] == ["logout"]


def test_staff_cannot_undo_system_batches_and_undo_asks_first(people, sample_db):
    at = go(open_app("lan"), "pages/nhap_du_lieu.py")
    with db.connect(sample_db, read_only=True) as con:
        system = {r[0] for r in con.execute("SELECT batch_id FROM batches WHERE loaded_by = 'hệ thống'").fetchall()}
    assert system and at.selectbox(key="undo_batch").value is None
    assert not system & set(at.selectbox(key="undo_batch").options)
    history = at.dataframe[0].value
    assert list(history.columns[:2]) == ["Lô", "Trạng thái"]  # status visible without scrolling


def test_an_admin_undoes_a_system_batch_only_after_naming_it(people, sample_db):
    at = go(open_app("admin"), "pages/nhap_du_lieu.py")
    with db.connect(sample_db, read_only=True) as con:
        batch_id, label = con.execute(
            "SELECT batch_id, source_label FROM batches WHERE loaded_by = 'hệ thống' ORDER BY batch_id DESC LIMIT 1"
        ).fetchone()
    at.selectbox(key="undo_batch").set_value(batch_id).run()
    assert any(f"Lô {batch_id}" in w.value and label in w.value for w in at.warning)
    assert at.button(key="undo_confirm").disabled  # not before the acknowledgement
    at.checkbox(key="undo_system_ok").check().run()
    at.button(key="undo_confirm").click().run()
    assert any(f"Đã hoàn tác lô {batch_id}" in s.value for s in at.success)
    assert at.selectbox(key="undo_batch").value is None  # nothing stays selected
    history = at.dataframe[0].value.set_index("Lô")
    assert history.loc[batch_id, "Trạng thái"] == "Đã hoàn tác" and history.loc[batch_id, "Hoàn tác bởi"] == "admin"
    at.selectbox(key="redo_batch").set_value(batch_id).run()
    at.checkbox(key="redo_system_ok").check().run()
    at.button(key="redo_confirm").click().run()
    assert any(f"Đã khôi phục lô {batch_id}" in s.value for s in at.success)


def test_the_admin_audit_page_filters_and_exports(people, sample_db):
    with db.connect(sample_db) as con:
        audit.record(con, "lan", "alias", '=HYPERLINK("http://x")', None, {"unit_id": "H15.1"})
    at = go(open_app("admin"), "pages/nhat_ky.py")
    log = at.dataframe[0].value
    assert {"Tạo tài khoản", "Đăng nhập", "Ghi nhớ tên đơn vị"} <= set(log["Việc"])
    at.multiselect(key="audit_actions").select("alias").run()
    log = at.dataframe[0].value
    assert set(log["Việc"]) == {"Ghi nhớ tên đơn vị"} and log["Người thực hiện"].tolist() == ["lan"]
    assert [b.label for b in at.get("download_button")] == ["Tải về Excel"]  # its content: the same function
    from views import access

    book = openpyxl.load_workbook(io.BytesIO(access.audit_xlsx(log)))
    cell = next(c for row in book.active.iter_rows(min_row=2) for c in row if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
