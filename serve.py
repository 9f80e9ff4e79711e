"""Serve the dashboard: `make run` (or `.venv/bin/python serve.py`), private by default (docs/060).

Listens on 127.0.0.1 unless HOST is set (`HOST=0.0.0.0 make run`); PORT picks the port (8501).
The Streamlit script is app.py; this launcher only puts the gateway (ui/gateway.py) in front
of it and refuses an address the configuration does not allow.
"""
from __future__ import annotations

import os
import sys

# uvicorn must hand the gateway the real peer address: it decides which proxy to trust.
os.environ["FORWARDED_ALLOW_IPS"] = ""

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from ui.gateway import Gateway, lifespan, startup_problem  # noqa: E402

app = st.App("app.py", middleware=[Middleware(Gateway)], lifespan=lifespan)

if __name__ == "__main__":
    host = os.environ.get("HOST") or "127.0.0.1"
    port = int(os.environ.get("PORT") or 8501)
    problem = startup_problem(host)
    if problem:
        print(problem, file=sys.stderr)
        sys.exit(2)
    print(f"Bảng điều hành CCHC: http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}")
    app.run(config={"server.address": host, "server.port": port})
