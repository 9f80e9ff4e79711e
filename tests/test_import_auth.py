"""Local accounts: scrypt-hashed passwords, roles deciding who changes what, the CLI to manage them."""

from __future__ import annotations

import duckdb
import pytest

from etl import auth, db
from tests.support.imports import run_cli

PASSWORD = "mot-mat-khau-dai"  # test-only value, never a default of the code


def test_passwords_are_salted_hashes_and_checked_in_constant_time(empty_db):
    with db.connect(empty_db) as con:
        auth.add_user(con, "Lan.Nguyen", PASSWORD, "can_bo", "Nguyễn Thị Lan")
        auth.add_user(con, "minh", PASSWORD, "lanh_dao")
        rows = con.execute("SELECT username, salt, password_hash FROM users ORDER BY 1").fetchall()
        assert [r[0] for r in rows] == ["lan.nguyen", "minh"]
        assert rows[0][1] != rows[1][1] and rows[0][2] != rows[1][2]  # same password, different salts
        assert PASSWORD.encode() not in b"".join(bytes(r[2]) for r in rows)
        user = auth.authenticate(con, "LAN.NGUYEN ", PASSWORD)
        assert user == auth.User("lan.nguyen", "Nguyễn Thị Lan", "can_bo") and user.can("upload")
        assert auth.authenticate(con, "lan.nguyen", PASSWORD + "x") is None
        assert auth.authenticate(con, "khong-co", PASSWORD) is None
        auth.set_active(con, "lan.nguyen", False)
        assert auth.authenticate(con, "lan.nguyen", PASSWORD) is None
        assert auth.find_user(con, "minh").role == "lanh_dao"


@pytest.mark.parametrize(
    "username, password, role, unit, message",
    [
        ("a b", PASSWORD, "can_bo", None, "Tên đăng nhập"),
        ("lan", "ngan", "can_bo", None, "ít nhất 10 ký tự"),
        ("lan", PASSWORD, "giam_doc", None, "Vai trò 'giam_doc' không có"),
        ("lan", PASSWORD, "don_vi", None, "cần ghi đơn vị"),
        ("lan", PASSWORD, "don_vi", "X99", "Không có đơn vị mã 'X99'"),
    ],
)
def test_bad_accounts_are_refused_in_vietnamese(empty_db, username, password, role, unit, message):
    with db.connect(empty_db) as con:
        with pytest.raises(auth.AuthError, match=message):
            auth.add_user(con, username, password, role, unit_id=unit)
        assert con.execute("SELECT count(*) FROM users").fetchone()[0] == 0


def test_roles_decide_who_changes_what():
    can = {role: {a for a in auth.PERMISSIONS if auth.User("x", "x", role).can(a)} for role in auth.ROLES}
    assert can["quan_tri"] == set(auth.PERMISSIONS)
    assert can["can_bo"] == {"upload", "undo", "alias", "view_all", "report_tasks"}  # not system batches, users, audit
    assert can["lanh_dao"] == {"view_all"} and can["don_vi"] == {"report_tasks"}


def test_user_management_from_the_command_line(capsys, empty_db, monkeypatch):
    monkeypatch.setenv("CCHC_NEW_PASSWORD", PASSWORD)
    code, out = run_cli(
        capsys, empty_db, "user", "add", "hoa", "--role", "don_vi", "--unit", "H15.15", "--display-name", "Trần Hoa"
    )
    assert code == 0 and "Đã tạo tài khoản 'hoa' (Đầu mối đơn vị)" in out
    code, out = run_cli(capsys, empty_db, "user", "add", "hoa", "--role", "can_bo")
    assert code == 2 and "đã có" in out
    monkeypatch.setenv("CCHC_NEW_PASSWORD", "doi-mat-khau-moi")
    assert run_cli(capsys, empty_db, "user", "password", "hoa")[0] == 0
    assert auth.login("hoa", "doi-mat-khau-moi", empty_db).unit_id == "H15.15"
    assert auth.login("hoa", PASSWORD, empty_db) is None
    assert run_cli(capsys, empty_db, "user", "disable", "hoa")[0] == 0
    code, out = run_cli(capsys, empty_db, "user", "list")
    assert "hoa" in out and "False" in out and "salt" not in out and "hash" not in out


def test_a_warehouse_without_the_user_table_has_no_users(tmp_path):
    path = tmp_path / "cu.duckdb"
    with db.connect(path) as con:
        db.migrate(con, target=2)
    assert not auth.has_users(path) and auth.login("ai", PASSWORD, path) is None
    with duckdb.connect(str(path)) as con:
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 2


def test_a_trusted_proxy_name_counts_only_for_an_active_account(empty_db, monkeypatch):
    monkeypatch.setenv("CCHC_TRUSTED_USER_HEADER", "X-Remote-User")
    with db.connect(empty_db) as con:
        auth.add_user(con, "lan", PASSWORD, "can_bo")
    assert auth.trusted_header() == "X-Remote-User"
    assert auth.user_from_proxy(" LAN ", empty_db).username == "lan"
    assert auth.user_from_proxy("ke-la", empty_db) is None
    with db.connect(empty_db) as con:
        auth.set_active(con, "lan", False)
    assert auth.user_from_proxy("lan", empty_db) is None
