"""Who is using the app, checked on every run (docs/061).

- Once any account exists, every page needs a login (`gate_app`, called by app.py before
  navigation); while none exists the app runs in local mode, on 127.0.0.1 only, with a banner.
- A login is bound to the browser's signed HttpOnly cookie (etl/sessions.py, set by
  ui/gateway.py), so it survives a reload; it is looked up again and checked against the user
  store on every run, ends after the idle time and at logout.
- Behind a proxy, the user header counts only when the gateway saw it come from a trusted proxy.
- Pages that change data call `require(action, what)`; unit detail is narrowed through `viewer()`.
"""

from __future__ import annotations

import logging
import secrets

import streamlit as st
from streamlit import config as st_config

from core.access import Viewer
from core.format import md_escape
from etl import audit, auth, db, sessions
from ui import gateway

LOG = logging.getLogger("cchc.auth")
LOGIN_MESSAGE = "login_message"
TEST_BROWSER = "_cchc_test_browser"


class _Run:
    """Facts about the current script run (what the gate drew, who the user is): kept on an object
    Streamlit creates afresh for every run, since one script thread serves many reruns."""

    def _state(self) -> dict:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        holder = getattr(get_script_run_ctx(), "parallel_coordinator", None)
        if holder is None:
            return {}
        try:
            return holder.__dict__.setdefault("_cchc_auth", {})
        except AttributeError:
            return {}

    def __getattr__(self, name):
        return self._state().get(name, False)

    def __setattr__(self, name, value) -> None:
        self._state()[name] = value


_RUN = _Run()
LOCAL_BANNER = (
    "Chế độ cục bộ: chưa có tài khoản nào nên **không cần đăng nhập**, và ứng dụng chỉ phục vụ trên "
    "máy này (127.0.0.1). Để bật đăng nhập, tạo tài khoản quản trị đầu tiên: "
    "`.venv/bin/python -m etl user add TÊN --role quan_tri` (mật khẩu được hỏi khi chạy, "
    "hoặc lấy từ biến CCHC_NEW_PASSWORD khi không có bàn phím); sau đó mọi trang đều cần đăng nhập."
)


def _signing_key() -> bytes | None:
    try:
        return gateway.signing_key()
    except (db.WarehouseBusy, db.WarehouseMissing):
        return None


def browser_id() -> str | None:
    """The id of this browser, from the signed cookie the gateway set (None without a valid one).

    Under AppTest there is no gateway and no request at all (not even a Host header): each test
    session gets its own random id, kept in its session state. A served app always has the
    request's headers, so it never takes that branch (and without the gateway it has no cookie,
    so nobody can log in: fail closed).
    """
    if not gateway.STATE["active"] and not dict(st.context.headers):
        return st.session_state.setdefault(TEST_BROWSER, secrets.token_urlsafe(16))
    return sessions.verify_browser_cookie(_signing_key(), st.context.cookies.get(sessions.COOKIE))


def _peer() -> str | None:
    """The direct peer of the connection, as the gateway recorded it (None without the gateway)."""
    if not gateway.STATE["active"]:
        return None
    return st.context.headers.get(gateway.PEER_HEADER.decode()) or None


def _fingerprint(username: str) -> str | None:
    with db.connect(read_only=True) as con:
        return auth.fingerprint(con, username)


def current_user() -> auth.User | None:
    """The user of this run: from a trusted proxy's header, or from this browser's live session.
    Checked once per run (the gate, the page and the data layer ask the same question)."""
    if _RUN.user_checked:
        return _RUN.user or None
    user = _current_user()
    _RUN.user, _RUN.user_checked = user, True
    return user


def _current_user() -> auth.User | None:
    header = auth.trusted_header()
    if header and gateway.STATE["active"]:
        name = st.context.headers.get(header)
        if name and auth.is_trusted_proxy(_peer()):
            _RUN.via_proxy = True  # the proxy logs people out, not this app
            return auth.user_from_proxy(name)
    username, why = sessions.STORE.resolve(browser_id(), _fingerprint)
    if why:
        st.session_state[LOGIN_MESSAGE] = why
    return auth.user_from_proxy(username) if username else None


def _submit_login() -> None:
    # A callback, not `if st.form_submit_button(...)`: its outcome survives the rerun a first
    # visit straight to a page makes (docs/030).
    browser = browser_id()
    if browser is None:
        st.session_state[LOGIN_MESSAGE] = (
            "Trình duyệt chưa nhận cookie phiên của máy chủ: hãy tải lại trang (F5) "
            "và bảo đảm ứng dụng chạy bằng `make run`."
        )
        return
    result = auth.login_attempt(
        st.session_state.get("login_username", ""), st.session_state.get("login_password", ""), peer=_peer()
    )
    st.session_state.pop("login_password", None)
    if result.user is None:
        st.session_state[LOGIN_MESSAGE] = result.message
        return
    sessions.STORE.login(browser, result.user.username, _fingerprint(result.user.username))
    st.session_state.pop(LOGIN_MESSAGE, None)
    _RUN.user_checked = False


def login_form() -> None:
    message = st.session_state.pop(LOGIN_MESSAGE, None)
    if message:
        st.error(message)
    with st.form("dang_nhap"):
        st.markdown("**Đăng nhập**")
        st.text_input("Tên đăng nhập", key="login_username")
        st.text_input("Mật khẩu", type="password", key="login_password")
        st.form_submit_button("Đăng nhập", on_click=_submit_login)


def _logout() -> None:
    name = sessions.STORE.logout(browser_id())
    _RUN.user_checked = False
    if name:
        try:
            with db.connect() as con:
                audit.record(con, name, "logout", f"tài khoản {name}")
        except db.WarehouseBusy:
            LOG.warning("logout of %s not audited: warehouse busy", name)


def account_sidebar(user: auth.User) -> None:
    if _RUN.account_drawn:
        return
    _RUN.account_drawn = True
    st.sidebar.caption(f":material/person: {md_escape(user.display_name)} · {user.role_label}")
    if not _RUN.via_proxy:
        st.sidebar.button("Đăng xuất", key="logout", on_click=_logout)


def local_mode() -> bool:
    """No account exists yet (checked once per run)."""
    if not _RUN.mode_checked:
        _RUN.local, _RUN.mode_checked = not auth.has_users(), True
    return bool(_RUN.local)


def gate_app() -> auth.User | None:
    """Before navigation: stop every page until someone logs in, once any account exists.

    In local mode (no account) refuse to show anything when the server listens beyond 127.0.0.1.
    When the warehouse is busy the gate cannot check anyone: it stops with a message (fail closed).
    """
    from ui import layout  # the pages' own words for a busy or broken warehouse

    try:
        return _gate()
    except db.WarehouseBusy:
        st.warning(layout.BUSY_MESSAGE, icon=":material/hourglass_top:")
    except Exception:  # noqa: BLE001 - an unreadable user store lets nobody in, and says so
        logging.getLogger("cchc.pages").exception("the login gate could not read the user store")
        st.error(layout.ERROR_MESSAGE, icon=":material/error:")
    st.stop()


def _gate() -> auth.User | None:
    if local_mode():
        address = st_config.get_option("server.address")
        if dict(st.context.headers) and not auth.is_loopback(address or "0.0.0.0"):
            st.error(auth.listen_problem(address or "0.0.0.0", False))
            st.stop()
        # Beside the page, not above it: the overview still fits one 1366×768 screen.
        st.sidebar.warning(LOCAL_BANNER, icon=":material/lock_open:")
        return None
    user = current_user()
    if user is None:
        st.title("Bảng điều hành CCHC tỉnh Đắk Lắk")
        st.caption("Dữ liệu nội bộ: hãy đăng nhập bằng tài khoản quản trị viên cấp cho bạn.")
        login_form()
        st.stop()
    account_sidebar(user)
    return user


# Nobody logged in (only reachable when a page runs without app.py's gate): narrowed like a
# focal officer of no unit, so every unit's detail is refused.
NOBODY = Viewer(username=None, role="don_vi", unit_id=None)


def viewer() -> Viewer:
    """Who this run shows data to (core.access narrows unit detail with it): the logged-in user,
    the local operator in local mode (no account, 127.0.0.1 only), or nobody."""
    if local_mode():
        return Viewer.local()
    user = current_user()
    if user is None:
        return NOBODY
    return Viewer(username=user.username, role=user.role, unit_id=user.unit_id)


def require(action: str, what: str) -> auth.User | None:
    """The logged-in user if their role may do `action`; otherwise explain (in Vietnamese) and return None."""
    if local_mode():
        st.info(
            "Chưa có tài khoản nào nên không ai được thay đổi dữ liệu trên trang. Quản trị viên tạo tài khoản "
            "đầu tiên bằng lệnh `.venv/bin/python -m etl user add TÊN --role quan_tri` rồi đăng nhập."
        )
        return None
    user = current_user()
    if user is None:  # app.py's gate has stopped the run already; a page run alone still refuses
        st.info(f"Cần đăng nhập để {what}.")
        login_form()
        return None
    account_sidebar(user)  # drawn by the gate already, unless the page runs on its own
    if not user.can(action):
        st.warning(f"Tài khoản {md_escape(user.display_name)} ({user.role_label}) không có quyền {what}.")
        return None
    return user


def own_unit() -> str | None:
    """The unit of a logged-in focal officer (role don_vi), whose pages open on it."""
    user = None if local_mode() else current_user()
    return user.unit_id if user is not None and user.role == "don_vi" else None
