"""The server: `streamlit run serve.py` (what `make run` does) serves app.py exactly as
`streamlit run app.py` would, and warms it up when the server starts, so that the first
visitor after a restart is no slower than any new session (docs/083)."""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def _lifespan(_app):
    from ui import warmup

    threading.Thread(target=warmup.run, name="cchc-warm-up", daemon=True).start()
    yield


app = st.App("app.py", lifespan=_lifespan)
