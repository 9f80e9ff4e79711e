"""The door in front of Streamlit (an ASGI middleware mounted by serve.py through `st.App`, docs/060–061).

For every HTTP request and websocket it
- records the real peer address in the `x-cchc-peer` header (any such header a client sent is dropped),
- drops the trusted user header (CCHC_TRUSTED_USER_HEADER) unless the peer is in CCHC_TRUSTED_PROXIES,
and for HTTP responses it
- adds anti-framing and content-type headers (X-Frame-Options, CSP frame-ancestors, nosniff, Referrer-Policy),
- gives a browser without a valid one the signed, HttpOnly, SameSite=Strict browser cookie
  that logins are bound to (etl/sessions.py).
Streamlit's own server options cannot add response headers or set an HttpOnly cookie; its
Starlette-based `st.App` accepts middleware, which is what this is.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from http.cookies import SimpleCookie

from etl import auth, db, sessions

LOG = logging.getLogger("cchc.gateway")
PEER_HEADER = b"x-cchc-peer"
SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
# Set in this process only when serve.py mounted the gateway: without it the peer header
# could come from a client, so ui/auth ignores it (and the proxy header with it).
STATE = {"active": False, "key": None}


def signing_key() -> bytes | None:
    """The warehouse's cookie signing key (made by `etl init`; made here if an older warehouse lacks it)."""
    if STATE["key"] is None:
        with db.connect(read_only=True) as con:
            STATE["key"] = sessions.read_signing_key(con)
    if STATE["key"] is None:
        with db.connect() as con:
            STATE["key"] = sessions.ensure_signing_key(con)
    return STATE["key"]


def startup_problem(address: str | None) -> str | None:
    """Why the server must refuse to start on this address (Vietnamese), or None."""
    try:
        accounts = auth.has_users()
        proxies_ok = auth.trusted_proxies() is not None
    except auth.AuthError as exc:
        return str(exc)
    return auth.listen_problem(address, accounts) if proxies_ok else None


def _cookie(headers: list[tuple[bytes, bytes]], name: str) -> str | None:
    for key, value in headers:
        if key == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed cookie header is just no cookie
                continue
            if name in jar:
                return jar[name].value
    return None


def filter_headers(headers: list[tuple[bytes, bytes]], peer: str | None) -> list[tuple[bytes, bytes]]:
    """The request headers Streamlit may see: the peer recorded, the user header only from a trusted proxy."""
    user_header = (auth.trusted_header() or "").lower().encode("latin-1")
    keep_user = bool(user_header) and auth.is_trusted_proxy(peer)
    kept = []
    for key, value in headers:
        if key == PEER_HEADER:
            continue
        if user_header and key == user_header and not keep_user:
            LOG.warning("ignored %s header from %s (not a trusted proxy)", user_header.decode(), peer)
            continue
        kept.append((key, value))
    kept.append((PEER_HEADER, (peer or "").encode("latin-1")))
    return kept


def _wants_browser_cookie(scope) -> bool:
    path = scope.get("path", "")
    return scope.get("method") == "GET" and not path.startswith(("/_stcore/", "/static/", "/media/", "/component/"))


class Gateway:
    """Pure ASGI middleware (no buffering: responses stream through)."""

    def __init__(self, app) -> None:
        self.app = app
        STATE["active"] = True

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        peer = (scope.get("client") or (None, None))[0]
        headers = filter_headers(list(scope.get("headers") or []), peer)
        scope = dict(scope, headers=headers)
        if scope["type"] == "websocket":
            return await self.app(scope, receive, send)
        new_cookie = None
        if _wants_browser_cookie(scope):
            try:
                key = signing_key()
            except (db.WarehouseBusy, db.WarehouseMissing):
                key = None  # no cookie this time, so no login yet: the page says to reload
            if key and sessions.verify_browser_cookie(key, _cookie(headers, sessions.COOKIE)) is None:
                new_cookie = sessions.new_browser_cookie(key)
        secure = scope.get("scheme") == "https"

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                out = [(k, v) for k, v in message.get("headers", []) if k.lower() not in dict(SECURITY_HEADERS)]
                out += SECURITY_HEADERS
                if new_cookie:
                    attrs = (
                        f"{sessions.COOKIE}={new_cookie}; Path=/; Max-Age={sessions.COOKIE_MAX_AGE}; "
                        "HttpOnly; SameSite=Strict" + ("; Secure" if secure else "")
                    )
                    out.append((b"set-cookie", attrs.encode("latin-1")))
                message = dict(message, headers=out)
            await send(message)

        return await self.app(scope, receive, send_with_headers)


@asynccontextmanager
async def lifespan(app):
    """Refuse to serve on an address the configuration does not allow (also under `streamlit run serve.py`)."""
    from streamlit import config

    address = config.get_option("server.address")
    problem = startup_problem(address or "0.0.0.0")
    if problem:
        LOG.error(problem)
        raise SystemExit(problem)
    try:
        signing_key()
    except db.WarehouseBusy:  # a load holds the warehouse: the key is read on the first page instead
        LOG.warning("warehouse busy at start-up: the signing key will be read on the first request")
    yield {}
