"""Users and roles, stored in the warehouse (table `users`, migration 0003).

Passwords are hashed with the standard library's scrypt and a random per-user
salt; no password, default or otherwise, lives in the code or the repository.
Roles decide who changes what; viewing stays open unless CCHC_REQUIRE_LOGIN=1.
Behind a trusted reverse proxy, CCHC_TRUSTED_USER_HEADER names the request
header carrying the authenticated user name (which must exist in the store).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from etl import db

ROLES = {"quan_tri": "Quản trị hệ thống", "can_bo": "Cán bộ nhập liệu", "lanh_dao": "Lãnh đạo",
         "don_vi": "Đầu mối đơn vị"}
PERMISSIONS = {
    "upload": {"quan_tri", "can_bo"},       # load files, targets and task progress
    "undo": {"quan_tri", "can_bo"},
    "alias": {"quan_tri", "can_bo"},        # map an unknown unit name to a unit
    "manage_users": {"quan_tri"},
    "manage_units": {"quan_tri"},           # add a unit the portal has started to score
    "view_all": {"quan_tri", "can_bo", "lanh_dao"},   # don_vi sees its own unit
}
MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[a-z0-9._-]{2,40}$")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 64}


class AuthError(ValueError):
    """A user-management request that cannot be done (message in Vietnamese)."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    unit_id: str | None = None

    def can(self, action: str) -> bool:
        return self.role in PERMISSIONS.get(action, set())

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def login_required() -> bool:
    return os.environ.get("CCHC_REQUIRE_LOGIN") == "1"


def trusted_header() -> str | None:
    return os.environ.get("CCHC_TRUSTED_USER_HEADER") or None


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)


def _clean_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not _USERNAME.match(name):
        raise AuthError("Tên đăng nhập chỉ gồm chữ thường không dấu, số và . _ - (2–40 ký tự).")
    return name


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AuthError(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")


def add_user(con: duckdb.DuckDBPyConnection, username: str, password: str, role: str,
             display_name: str | None = None, unit_id: str | None = None) -> User:
    name = _clean_username(username)
    if role not in ROLES:
        raise AuthError(f"Vai trò '{role}' không có; hãy chọn: {', '.join(ROLES)}.")
    if role == "don_vi" and not unit_id:
        raise AuthError("Vai trò đầu mối đơn vị cần ghi đơn vị (--unit).")
    if unit_id and not con.execute("SELECT 1 FROM units WHERE unit_id = ?", [unit_id]).fetchone():
        raise AuthError(f"Không có đơn vị mã '{unit_id}' trong danh mục.")
    if con.execute("SELECT 1 FROM users WHERE username = ?", [name]).fetchone():
        raise AuthError(f"Tài khoản '{name}' đã có.")
    _check_password(password)
    salt = secrets.token_bytes(16)
    con.execute("INSERT INTO users (username, display_name, role, unit_id, salt, password_hash)"
                " VALUES (?, ?, ?, ?, ?, ?)", [name, display_name or name, role, unit_id, salt, _hash(password, salt)])
    return User(name, display_name or name, role, unit_id)


def set_password(con: duckdb.DuckDBPyConnection, username: str, password: str) -> None:
    _check_password(password)
    salt = secrets.token_bytes(16)
    changed = con.execute("UPDATE users SET salt = ?, password_hash = ? WHERE username = ? RETURNING username",
                          [salt, _hash(password, salt), _clean_username(username)]).fetchall()
    if not changed:
        raise AuthError(f"Không có tài khoản '{username}'.")


def set_active(con: duckdb.DuckDBPyConnection, username: str, active: bool) -> None:
    changed = con.execute("UPDATE users SET active = ? WHERE username = ? RETURNING username",
                          [active, _clean_username(username)]).fetchall()
    if not changed:
        raise AuthError(f"Không có tài khoản '{username}'.")


def list_users(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT username, display_name, role, unit_id, active, created_at FROM users"
                       " ORDER BY username").df()


def _row_user(row) -> User:
    return User(row[0], row[1], row[2], row[3])


def authenticate(con: duckdb.DuckDBPyConnection, username: str, password: str) -> User | None:
    """The active user with this password, else None (same work whether or not the name exists)."""
    try:
        name = _clean_username(username)
    except AuthError:
        name = ""
    row = con.execute("SELECT username, display_name, role, unit_id, salt, password_hash FROM users"
                      " WHERE username = ? AND active", [name]).fetchone()
    salt, expected = (row[4], row[5]) if row else (b"\0" * 16, b"\0" * 64)
    ok = hmac.compare_digest(_hash(password or "", bytes(salt)), bytes(expected))
    return _row_user(row) if row and ok else None


def find_user(con: duckdb.DuckDBPyConnection, username: str) -> User | None:
    """An active user by name (for a name vouched for by the trusted proxy header)."""
    row = con.execute("SELECT username, display_name, role, unit_id FROM users WHERE username = ? AND active",
                      [(username or "").strip().lower()]).fetchone()
    return _row_user(row) if row else None


def _has_user_table(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'users'").fetchone()[0])


def login(username: str, password: str, path: Path | str | None = None) -> User | None:
    with db.connect(path, read_only=True) as con:
        return authenticate(con, username, password) if _has_user_table(con) else None


def user_from_proxy(username: str, path: Path | str | None = None) -> User | None:
    with db.connect(path, read_only=True) as con:
        return find_user(con, username) if _has_user_table(con) else None


def has_users(path: Path | str | None = None) -> bool:
    with db.connect(path, read_only=True) as con:
        return _has_user_table(con) and con.execute("SELECT count(*) FROM users").fetchone()[0] > 0
