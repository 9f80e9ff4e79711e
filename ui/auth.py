"""Who is using the app: a local account (etl.auth) or a name from the trusted proxy header.

Viewing pages is open unless CCHC_REQUIRE_LOGIN=1; pages that change data call
`require(action)`, which shows the login form or a refusal and returns the user
only when the role allows the action.
"""
from __future__ import annotations

import streamlit as st

from core.access import Viewer
from etl import auth

LOGIN_FAILED = "login_failed"
SESSION_KEY = "auth_user"


def current_user() -> auth.User | None:
    header = auth.trusted_header()
    if header:
        name = st.context.headers.get(header)
        if name:
            cached = st.session_state.get(SESSION_KEY)
            if cached is None or cached.username != name.strip().lower():
                st.session_state[SESSION_KEY] = auth.user_from_proxy(name)
            return st.session_state[SESSION_KEY]
    return st.session_state.get(SESSION_KEY)


def _submit_login() -> None:
    # A callback, not `if st.form_submit_button(...)`: its outcome survives the rerun a first
    # visit straight to a page makes (docs/030).
    user = auth.login(st.session_state.get("login_username", ""), st.session_state.get("login_password", ""))
    if user is None:
        st.session_state[LOGIN_FAILED] = True
    else:
        st.session_state[SESSION_KEY] = user
        st.session_state.pop(LOGIN_FAILED, None)


def login_form() -> None:
    with st.form("dang_nhap"):
        st.markdown("**Đăng nhập**")
        st.text_input("Tên đăng nhập", key="login_username")
        st.text_input("Mật khẩu", type="password", key="login_password")
        st.form_submit_button("Đăng nhập", on_click=_submit_login)
    if st.session_state.pop(LOGIN_FAILED, False):
        st.error("Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa.")


def account_sidebar(user: auth.User) -> None:
    st.sidebar.caption(f":material/person: {user.display_name} · {user.role_label}")
    if not auth.trusted_header() and st.sidebar.button("Đăng xuất", key="logout"):
        st.session_state.pop(SESSION_KEY, None)
        st.rerun()


def require(action: str, what: str) -> auth.User | None:
    """The logged-in user if their role may do `action`; otherwise explain (in Vietnamese) and return None."""
    user = current_user()
    if user is None:
        if not auth.has_users():
            st.info("Chưa có tài khoản nào. Quản trị viên tạo tài khoản bằng lệnh "
                    "`python -m etl user add TÊN --role can_bo` rồi đăng nhập tại đây.")
            return None
        st.info(f"Cần đăng nhập để {what}.")
        login_form()
        return None
    if not auth.login_required():  # else gate_app has drawn it already
        account_sidebar(user)
    if not user.can(action):
        st.warning(f"Tài khoản {user.display_name} ({user.role_label}) không có quyền {what}.")
        return None
    return user


def gate_app() -> None:
    """Stop every page until someone logs in, when CCHC_REQUIRE_LOGIN=1."""
    if not auth.login_required():
        return
    user = current_user()
    if user is None:
        st.title("Bảng điều hành CCHC tỉnh Đắk Lắk")
        login_form()
        st.stop()
    account_sidebar(user)


def own_unit() -> str | None:
    """The unit of a logged-in focal officer (role don_vi), whose pages open on it."""
    user = current_user()
    return user.unit_id if user is not None and user.role == "don_vi" else None


def viewer() -> Viewer:
    """Who is looking, for the data layer's access rule (core.access): the logged-in user, or the
    local operator when the app runs without accounts."""
    user = current_user()
    if user is None:
        return Viewer.local()
    return Viewer(username=user.username, role=user.role, unit_id=user.unit_id)
