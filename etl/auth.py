"""Users and roles, stored in the warehouse (table `users`, migration 0003), and the brakes on guessing.

Passwords are hashed with the standard library's scrypt and a random per-user
salt; no password, default or otherwise, lives in the code or the repository.
Once any account exists every page needs a login (docs/061); while none exists the
app runs in local mode on 127.0.0.1 only. Every change to an account, every failed
login and every lockout is written to the audit log (etl/audit.py).
Behind a trusted reverse proxy, CCHC_TRUSTED_USER_HEADER names the request header
carrying the authenticated user name; it counts only from CCHC_TRUSTED_PROXIES.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from etl import audit, db

LOG = logging.getLogger("cchc.auth")

ROLES = {
    "quan_tri": "Quản trị hệ thống",
    "can_bo": "Cán bộ nhập liệu",
    "lanh_dao": "Lãnh đạo",
    "don_vi": "Đầu mối đơn vị",
}
PERMISSIONS = {
    "upload": {"quan_tri", "can_bo"},  # load files, targets and task progress
    "undo": {"quan_tri", "can_bo"},  # can_bo: uploads only; system batches need quan_tri (docs/063)
    "undo_system": {"quan_tri"},  # reference data, the sample
    "alias": {"quan_tri", "can_bo"},  # map an unknown unit name to a unit
    "manage_users": {"quan_tri"},
    "manage_units": {"quan_tri"},  # add a unit the portal has started to score (wt10e)
    "audit": {"quan_tri"},  # read the audit log
    "view_all": {"quan_tri", "can_bo", "lanh_dao"},  # don_vi sees its own unit's detail only
    "report_tasks": {"quan_tri", "can_bo", "don_vi"},  # don_vi: the tasks its unit leads
}
MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[a-z0-9._-]{2,40}$")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 64}

# Brakes on guessing (docs/062): the first FREE_ATTEMPTS failures cost nothing; after that each
# failure makes the next attempt wait twice as long (BASE_DELAY, 2×, 4× … seconds), and
# LOCK_AFTER consecutive failures lock the account for CCHC_LOCKOUT_MINUTES (15).
FREE_ATTEMPTS = 3
BASE_DELAY_SECONDS = 5
MAX_DELAY_SECONDS = 120
LOCK_AFTER = 6


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


@dataclass(frozen=True)
class LoginResult:
    """What a login attempt gave: the user, or why not (a Vietnamese sentence)."""

    user: User | None
    message: str | None = None
    locked_until: datetime | None = None  # UTC


def lockout_minutes() -> int:
    return int(os.environ.get("CCHC_LOCKOUT_MINUTES") or 15)


def trusted_header() -> str | None:
    return os.environ.get("CCHC_TRUSTED_USER_HEADER") or None


def trusted_proxies() -> list:
    """The addresses (or networks) whose user header counts: CCHC_TRUSTED_PROXIES, comma separated."""
    found = []
    for item in (os.environ.get("CCHC_TRUSTED_PROXIES") or "").split(","):
        item = item.strip()
        if item:
            try:
                found.append(ipaddress.ip_network(item, strict=False))
            except ValueError as exc:
                raise AuthError(f"CCHC_TRUSTED_PROXIES: '{item}' không phải địa chỉ IP hay dải mạng.") from exc
    return found


def is_trusted_proxy(peer: str | None) -> bool:
    """True when the direct peer of a request is a configured proxy (never for an unknown peer)."""
    if not peer:
        return False
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(address in network for network in trusted_proxies())


def is_loopback(address: str | None) -> bool:
    if address in (None, "", "localhost"):
        return address == "localhost"
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def listen_problem(address: str | None, accounts_exist: bool) -> str | None:
    """Why the server must not start on this address (Vietnamese), or None (docs/061)."""
    if is_loopback(address):
        return None
    if not accounts_exist:
        return (
            f"Chưa có tài khoản nào nên ứng dụng chạy ở chế độ cục bộ (không đăng nhập) và chỉ được nghe "
            f"trên 127.0.0.1, không phải '{address}'. Hãy tạo tài khoản quản trị trước: "
            "`.venv/bin/python -m etl user add TÊN --role quan_tri`."
        )
    if trusted_header() and not trusted_proxies():
        return (
            f"CCHC_TRUSTED_USER_HEADER được đặt nhưng thiếu CCHC_TRUSTED_PROXIES: trên địa chỉ '{address}' "
            "bất kỳ ai cũng có thể gửi tiêu đề đó. Hãy ghi địa chỉ của reverse proxy vào CCHC_TRUSTED_PROXIES."
        )
    return None


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


def _check_unit(con: duckdb.DuckDBPyConnection, role: str, unit_id: str | None) -> None:
    if role not in ROLES:
        raise AuthError(f"Vai trò '{role}' không có; hãy chọn: {', '.join(ROLES)}.")
    if role == "don_vi" and not unit_id:
        raise AuthError("Vai trò đầu mối đơn vị cần ghi đơn vị (--unit).")
    if unit_id and not con.execute("SELECT 1 FROM units WHERE unit_id = ?", [unit_id]).fetchone():
        raise AuthError(f"Không có đơn vị mã '{unit_id}' trong danh mục.")


def _account(con: duckdb.DuckDBPyConnection, name: str) -> dict | None:
    row = con.execute(
        "SELECT username, display_name, role, unit_id, active FROM users WHERE username = ?", [name]
    ).fetchone()
    return dict(zip(("username", "display_name", "role", "unit_id", "active"), row)) if row else None


def add_user(
    con: duckdb.DuckDBPyConnection,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    unit_id: str | None = None,
    actor: str = "hệ thống",
) -> User:
    name = _clean_username(username)
    _check_unit(con, role, unit_id)
    if con.execute("SELECT 1 FROM users WHERE username = ?", [name]).fetchone():
        raise AuthError(f"Tài khoản '{name}' đã có.")
    _check_password(password)
    salt = secrets.token_bytes(16)
    with audit.atomic(con):
        con.execute(
            "INSERT INTO users (username, display_name, role, unit_id, salt, password_hash) VALUES (?, ?, ?, ?, ?, ?)",
            [name, display_name or name, role, unit_id, salt, _hash(password, salt)],
        )
        audit.record(con, actor, "user_create", f"tài khoản {name}", None, _account(con, name))
    return User(name, display_name or name, role, unit_id)


def set_password(con: duckdb.DuckDBPyConnection, username: str, password: str, actor: str = "hệ thống") -> None:
    _check_password(password)
    name = _clean_username(username)
    salt = secrets.token_bytes(16)
    with audit.atomic(con):
        changed = con.execute(
            "UPDATE users SET salt = ?, password_hash = ? WHERE username = ? RETURNING username",
            [salt, _hash(password, salt), name],
        ).fetchall()
        if not changed:
            raise AuthError(f"Không có tài khoản '{username}'.")
        con.execute("DELETE FROM login_failures WHERE username = ?", [name])
        # Never the hashes: only that the password changed.
        audit.record(con, actor, "user_password", f"tài khoản {name}", None, {"password": "đã đổi"})


def set_active(con: duckdb.DuckDBPyConnection, username: str, active: bool, actor: str = "hệ thống") -> None:
    name = _clean_username(username)
    with audit.atomic(con):
        before = _account(con, name)
        if before is None:
            raise AuthError(f"Không có tài khoản '{username}'.")
        con.execute("UPDATE users SET active = ? WHERE username = ?", [active, name])
        if active:
            con.execute("DELETE FROM login_failures WHERE username = ?", [name])
        audit.record(
            con,
            actor,
            "user_enable" if active else "user_disable",
            f"tài khoản {name}",
            {"active": before["active"]},
            {"active": active},
        )


def set_role(
    con: duckdb.DuckDBPyConnection, username: str, role: str, unit_id: str | None = None, actor: str = "hệ thống"
) -> None:
    name = _clean_username(username)
    with audit.atomic(con):
        before = _account(con, name)
        if before is None:
            raise AuthError(f"Không có tài khoản '{username}'.")
        _check_unit(con, role, unit_id)
        con.execute("UPDATE users SET role = ?, unit_id = ? WHERE username = ?", [role, unit_id, name])
        audit.record(
            con,
            actor,
            "user_role",
            f"tài khoản {name}",
            {"role": before["role"], "unit_id": before["unit_id"]},
            {"role": role, "unit_id": unit_id},
        )


def list_users(con: duckdb.DuckDBPyConnection):
    return con.execute(
        "SELECT username, display_name, role, unit_id, active, created_at FROM users ORDER BY username"
    ).df()


def _row_user(row) -> User:
    return User(row[0], row[1], row[2], row[3])


def authenticate(con: duckdb.DuckDBPyConnection, username: str, password: str) -> User | None:
    """The active user with this password, else None (same work whether or not the name exists)."""
    try:
        name = _clean_username(username)
    except AuthError:
        name = ""
    row = con.execute(
        "SELECT username, display_name, role, unit_id, salt, password_hash FROM users WHERE username = ? AND active",
        [name],
    ).fetchone()
    salt, expected = (row[4], row[5]) if row else (b"\0" * 16, b"\0" * 64)
    ok = hmac.compare_digest(_hash(password or "", bytes(salt)), bytes(expected))
    return _row_user(row) if row and ok else None


def _delay_after(failures: int) -> int:
    """Seconds the next attempt must wait after this many consecutive failures."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(BASE_DELAY_SECONDS * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS)


def _fmt_wait(until: datetime, now: datetime) -> str:
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    return f"{seconds} giây" if seconds < 120 else f"{(seconds + 59) // 60} phút"


def attempt_login(
    con: duckdb.DuckDBPyConnection, username: str, password: str, now: datetime | None = None, peer: str | None = None
) -> LoginResult:
    """Check a password with the brakes on (docs/062); every failure and lockout is logged and audited."""
    now = now or audit.utcnow()
    typed = (username or "").strip().lower()[:60]
    state = con.execute(
        "SELECT failures, last_failure_utc, locked_until_utc FROM login_failures WHERE username = ?", [typed]
    ).fetchone()
    failures, last, locked_until = state if state else (0, None, None)
    if locked_until is not None and now < locked_until:
        LOG.warning("login refused: account %r locked until %s UTC (peer %s)", typed, locked_until, peer)
        audit.record(
            con,
            typed or "?",
            "login_failed",
            f"tài khoản {typed}",
            None,
            {"reason": "đang tạm khóa", "peer": peer},
            at=now,
        )
        return LoginResult(
            None,
            "Tài khoản đang tạm khóa vì đăng nhập sai nhiều lần; hãy thử lại sau "
            f"{_fmt_wait(locked_until, now)} hoặc nhờ quản trị mở khóa.",
            locked_until,
        )
    wait = _delay_after(failures)
    if last is not None and wait and now < last + timedelta(seconds=wait):
        LOG.warning("login refused: attempt for %r too soon after %d failures (peer %s)", typed, failures, peer)
        audit.record(
            con,
            typed or "?",
            "login_failed",
            f"tài khoản {typed}",
            None,
            {"reason": "thử lại quá sớm", "peer": peer},
            at=now,
        )
        return LoginResult(
            None, f"Đăng nhập sai nhiều lần: hãy chờ {_fmt_wait(last + timedelta(seconds=wait), now)} rồi thử lại."
        )
    user = authenticate(con, username, password)
    with audit.atomic(con):
        if user is not None:
            con.execute("DELETE FROM login_failures WHERE username = ?", [typed])
            audit.record(con, user.username, "login", f"tài khoản {user.username}", None, {"peer": peer}, at=now)
            return LoginResult(user)
        failures += 1
        lock = now + timedelta(minutes=lockout_minutes()) if failures >= LOCK_AFTER else None
        con.execute(
            """
            INSERT INTO login_failures (username, failures, last_failure_utc, locked_until_utc) VALUES (?, ?, ?, ?)
            ON CONFLICT (username) DO UPDATE SET failures = excluded.failures,
                last_failure_utc = excluded.last_failure_utc, locked_until_utc = excluded.locked_until_utc""",
            [typed, failures, now, lock],
        )
        LOG.warning("login failed for %r (%d in a row, peer %s)", typed, failures, peer)
        audit.record(
            con,
            typed or "?",
            "login_failed",
            f"tài khoản {typed}",
            {"failures": failures - 1},
            {"failures": failures, "peer": peer},
            at=now,
        )
        if lock is not None:
            LOG.warning("account %r locked until %s UTC", typed, lock)
            audit.record(
                con,
                typed or "?",
                "lockout",
                f"tài khoản {typed}",
                None,
                {"locked_until_utc": lock, "failures": failures},
                at=now,
            )
            # Start over after the lock: the count resets, the lock stands.
            con.execute("UPDATE login_failures SET failures = 0 WHERE username = ?", [typed])
            return LoginResult(
                None, f"Sai mật khẩu {failures} lần liên tiếp: tài khoản bị tạm khóa {lockout_minutes()} phút.", lock
            )
    return LoginResult(None, "Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa.")


def fingerprint(con: duckdb.DuckDBPyConnection, username: str) -> str | None:
    """A digest of what a session depends on (role, unit, active, password): any change ends open sessions."""
    row = con.execute(
        "SELECT role, coalesce(unit_id, ''), active, password_hash FROM users WHERE username = ?", [username]
    ).fetchone()
    if row is None or not row[2]:
        return None
    return hashlib.sha256(f"{row[0]}|{row[1]}|".encode() + bytes(row[3])).hexdigest()


def find_user(con: duckdb.DuckDBPyConnection, username: str) -> User | None:
    """An active user by name (for a name vouched for by the trusted proxy header)."""
    row = con.execute(
        "SELECT username, display_name, role, unit_id FROM users WHERE username = ? AND active",
        [(username or "").strip().lower()],
    ).fetchone()
    return _row_user(row) if row else None


def _has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]).fetchone()[0]
    )


def _has_user_table(con: duckdb.DuckDBPyConnection) -> bool:
    return _has_table(con, "users")


def login(
    username: str, password: str, path: Path | str | None = None, now: datetime | None = None, peer: str | None = None
) -> User | None:
    return login_attempt(username, password, path, now, peer).user


def login_attempt(
    username: str, password: str, path: Path | str | None = None, now: datetime | None = None, peer: str | None = None
) -> LoginResult:
    with db.connect(path) as con:
        if not _has_table(con, "login_failures"):  # a warehouse not migrated yet: no brakes, no accounts
            return LoginResult(authenticate(con, username, password) if _has_user_table(con) else None)
        return attempt_login(con, username, password, now, peer)


def user_from_proxy(username: str, path: Path | str | None = None) -> User | None:
    with db.connect(path, read_only=True) as con:
        return find_user(con, username) if _has_user_table(con) else None


def has_users(path: Path | str | None = None) -> bool:
    try:
        with db.connect(path, read_only=True) as con:
            return _has_user_table(con) and con.execute("SELECT count(*) FROM users").fetchone()[0] > 0
    except db.WarehouseMissing:
        return False


def login_required(path: Path | str | None = None) -> bool:
    """Every page needs a login as soon as one account exists (no setting to forget)."""
    return has_users(path)
