"""The server: `streamlit run serve.py` (what `make run` does) serves app.py exactly as
`streamlit run app.py` would, and warms it up when it starts (docs/083): imports and the newest
period's view models, in a thread. Until the warm-up is done `/_stcore/health` answers 503, so
whatever waits for the server to be ready (a service manager, a proxy, the benchmark) sends the
first visitor to a warm server: no slower than any new session."""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

WARM = threading.Event()


def _warm() -> None:
    from ui import warmup

    try:
        warmup.run()
    finally:
        WARM.set()  # ready even if the warm-up failed: the pages compute what they need


class _ReadyWhenWarm:
    """ASGI middleware: the health check says "not yet" while the warm-up runs."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].endswith("/_stcore/health") and not WARM.is_set():
            await send({"type": "http.response.start", "status": 503,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
            await send({"type": "http.response.body", "body": b"warming up"})
            return
        await self.app(scope, receive, send)


@asynccontextmanager
async def _lifespan(_app):
    threading.Thread(target=_warm, name="cchc-warm-up", daemon=True).start()
    yield


app = st.App("app.py", lifespan=_lifespan, middleware=[Middleware(_ReadyWhenWarm)])
