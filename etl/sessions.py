"""Logins bound to a browser, not to a websocket (docs/061).

The server gives every browser a signed, expiring, HttpOnly cookie naming a random browser
id (`ui/gateway.py` sets it on the page request). Logging in binds that browser id to the
account in `SessionStore`, in the server's memory; every run of every page looks the cookie
up again and checks the account against the user store. So a reload keeps the login (same
cookie), another websocket attached to the same Streamlit session id without the cookie gets
nothing, an idle session ends after CCHC_IDLE_MINUTES, and a disabled account, a changed role
or a changed password ends its sessions at once (the fingerprint no longer matches).
Restarting the server ends every session (documented residual: people log in again).

The signing key is generated at `etl init` into the warehouse (`app_secrets`), never stored in
the repository; a restore brings back the key of the backup.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

COOKIE = "cchc_browser"
COOKIE_MAX_AGE = 30 * 24 * 3600  # the browser id; a login inside it lasts far less
KEY_NAME = "session_signing_key"


def idle_seconds() -> int:
    return int(float(os.environ.get("CCHC_IDLE_MINUTES") or 30) * 60)


def max_session_seconds() -> int:
    return int(float(os.environ.get("CCHC_SESSION_HOURS") or 12) * 3600)


def ensure_signing_key(con: duckdb.DuckDBPyConnection) -> bytes:
    """The warehouse's cookie signing key, created (32 random bytes) the first time."""
    row = con.execute("SELECT value FROM app_secrets WHERE name = ?", [KEY_NAME]).fetchone()
    if row:
        return bytes(row[0])
    key = secrets.token_bytes(32)
    con.execute("INSERT INTO app_secrets (name, value) VALUES (?, ?)", [KEY_NAME, key])
    return key


def read_signing_key(con: duckdb.DuckDBPyConnection) -> bytes | None:
    try:
        row = con.execute("SELECT value FROM app_secrets WHERE name = ?", [KEY_NAME]).fetchone()
    except duckdb.CatalogException:
        return None
    return bytes(row[0]) if row else None


def _sign(key: bytes, text: str) -> str:
    digest = hmac.new(key, text.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_browser_cookie(key: bytes, now: float | None = None) -> str:
    """`<browser id>.<issued, unix seconds>.<HMAC>`: unguessable, unforgeable, expiring."""
    text = f"{secrets.token_urlsafe(24)}.{int(now if now is not None else time.time())}"
    return f"{text}.{_sign(key, text)}"


def verify_browser_cookie(key: bytes | None, value: str | None, now: float | None = None) -> str | None:
    """The browser id of a valid, unexpired cookie, else None."""
    if not key or not value or value.count(".") != 2:
        return None
    browser_id, issued, signature = value.split(".")
    if not hmac.compare_digest(_sign(key, f"{browser_id}.{issued}"), signature):
        return None
    try:
        age = (now if now is not None else time.time()) - int(issued)
    except ValueError:
        return None
    return browser_id if 0 <= age <= COOKIE_MAX_AGE else None


@dataclass
class Session:
    username: str
    fingerprint: str
    started: float
    last_seen: float


@dataclass
class SessionStore:
    """Logged-in browsers, in the server's memory. `clock` is injectable (tests move time, never sleep)."""

    clock: Callable[[], float] = time.time
    _sessions: dict[str, Session] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def login(self, browser_id: str, username: str, fingerprint: str) -> None:
        now = self.clock()
        with self._lock:
            self._sessions[browser_id] = Session(username, fingerprint, now, now)

    def logout(self, browser_id: str | None) -> str | None:
        with self._lock:
            session = self._sessions.pop(browser_id, None) if browser_id else None
        return session.username if session else None

    def end_user(self, username: str) -> int:
        """End every session of an account (used when an admin disables it in the app)."""
        with self._lock:
            ids = [b for b, s in self._sessions.items() if s.username == username]
            for b in ids:
                del self._sessions[b]
        return len(ids)

    def resolve(
        self, browser_id: str | None, current_fingerprint: Callable[[str], str | None]
    ) -> tuple[str | None, str | None]:
        """(username, None) for a live session, touching it; (None, why) when it ended; (None, None) if none.

        `current_fingerprint(username)` reads the account's fingerprint from the store now.
        """
        if not browser_id:
            return None, None
        now = self.clock()
        with self._lock:
            session = self._sessions.get(browser_id)
        if session is None:
            return None, None
        why = None
        if now - session.last_seen > idle_seconds():
            why = "Phiên làm việc đã hết hạn do không hoạt động; hãy đăng nhập lại."
        elif now - session.started > max_session_seconds():
            why = "Phiên làm việc đã quá thời hạn; hãy đăng nhập lại."
        elif current_fingerprint(session.username) != session.fingerprint:
            why = "Tài khoản vừa bị khóa hoặc thay đổi vai trò, mật khẩu: hãy đăng nhập lại."
        with self._lock:
            if why:
                self._sessions.pop(browser_id, None)
            else:
                session.last_seen = now
        return (None, why) if why else (session.username, None)


STORE = SessionStore()
