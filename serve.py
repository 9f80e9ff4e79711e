"""Serve the dashboard: `make run` (or `.venv/bin/python serve.py`), private by default (docs/060).

Listens on 127.0.0.1 unless HOST is set (`HOST=0.0.0.0 make run`); PORT picks the port (8501).
The Streamlit script is app.py; this launcher puts the gateway (ui/gateway.py) in front of it
and refuses an address the configuration does not allow; ui/warmup.py warms it up at start
(docs/083: `/_stcore/health` answers 503 until done). `streamlit run serve.py` works too
(the lifespan then does the address check).

Other parts add their middleware or start-up work as one more entry in MIDDLEWARE / LIFESPANS.
"""

from __future__ import annotations

import os
import sys
from contextlib import AsyncExitStack, asynccontextmanager

# uvicorn must hand the gateway the real peer address: it decides which proxy to trust.
os.environ["FORWARDED_ALLOW_IPS"] = ""

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from ui import gateway, warmup  # noqa: E402

MIDDLEWARE = [Middleware(gateway.Gateway), Middleware(warmup.ReadyWhenWarm)]  # outermost first
LIFESPANS = [gateway.lifespan, warmup.lifespan]  # entered in order at start-up (address check first)


@asynccontextmanager
async def lifespan(app):
    async with AsyncExitStack() as stack:
        for each in LIFESPANS:
            await stack.enter_async_context(each(app))
        yield {}


app = st.App("app.py", middleware=MIDDLEWARE, lifespan=lifespan)

if __name__ == "__main__":
    host = os.environ.get("HOST") or "127.0.0.1"
    port = int(os.environ.get("PORT") or 8501)
    problem = gateway.startup_problem(host)
    if problem:
        print(problem, file=sys.stderr)
        sys.exit(2)
    print(f"Bảng điều hành CCHC: http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}")
    app.run(config={"server.address": host, "server.port": port})
