"""Serve the dashboard: `streamlit run serve.py` (what `make run` does) serves app.py exactly as
`streamlit run app.py` would, through Streamlit's ASGI entry point (`st.App`), so that start-up
work and middleware can be added: here the warm-up (ui/warmup.py, docs/083): imports and the
newest period's view models computed at start, `/_stcore/health` answering 503 until done.

Other parts add their middleware or start-up work as one more entry in MIDDLEWARE / LIFESPANS.
"""
from __future__ import annotations

from contextlib import AsyncExitStack, asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from ui import warmup

MIDDLEWARE = [Middleware(warmup.ReadyWhenWarm)]   # outermost first
LIFESPANS = [warmup.lifespan]                     # entered in order at start-up, left in reverse at shutdown


@asynccontextmanager
async def lifespan(app):
    async with AsyncExitStack() as stack:
        for each in LIFESPANS:
            await stack.enter_async_context(each(app))
        yield {}


app = st.App("app.py", middleware=MIDDLEWARE, lifespan=lifespan)
