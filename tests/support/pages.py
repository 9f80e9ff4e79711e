"""Helpers for the page tests (no tests here): run a page of the real app, read the
official numbers of the sample capture, follow links the way a click would."""

from __future__ import annotations

import base64
import json
from datetime import date
from functools import lru_cache
from urllib.parse import parse_qsl

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from etl import db
from etl.batches import BatchMeta, insert_batch
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
CAPTURE = ROOT / "data" / "samples" / "portal766"
DAY = "2026-10-10"


def run_page(page: str | None = None, **params: str) -> AppTest:
    """Render `pages/<page>.py` (the default page when None) as a link with these query parameters."""
    at = AppTest.from_file(APP, default_timeout=30)
    if page:
        # The app's own script runs first (a page switched to before it would run without app.py);
        # then the link is opened in that session, as a pasted URL would be.
        at.run()
        at.query_params.clear()
        at.switch_page(f"pages/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def follow(at: AppTest, link) -> AppTest:
    """Click a st.page_link: open its page with its query parameters (what the browser does)."""
    at.query_params.clear()
    for key, value in parse_qsl(link.proto.query_string):
        at.query_params[key] = value
    at.switch_page(f"pages/{link.proto.page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    """Everything written on the page as text (markdown, captions, infos, warnings...)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def vn(value: float, digits: int = 2) -> str:
    """A number written the Vietnamese way, independently of ui.format."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@lru_cache(maxsize=1)
def provinces() -> dict:
    return json.loads((CAPTURE / f"provinces-{DAY}.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def units() -> pd.DataFrame:
    """The portal's unit scores: department_code, department_name, group, totals, ranks, band label."""
    return pd.read_csv(CAPTURE / f"units-{DAY}.csv", dtype={"department_code": str})


@lru_cache(maxsize=1)
def indicators() -> pd.DataFrame:
    return pd.read_csv(CAPTURE / f"metrics-{DAY}.csv", dtype={"scope_code": str})


def league(kind: str) -> pd.DataFrame:
    """The official league of departments ('PROVINCE' group on the portal) or communes."""
    group = {"department": "PROVINCE", "commune": "COMMUNE"}[kind]
    return units()[units()["group"] == group].reset_index(drop=True)


def chart(at: AppTest, key: str) -> dict:
    """The Plotly figure a page drew under `key` (AppTest shows charts as unknown elements)."""
    found = [e for e in at.get("plotly_chart") if e.proto.id.endswith(f"-{key}")]
    assert found, f"no chart {key!r}"
    return json.loads(found[0].proto.spec)


def trace_values(trace: dict, field: str) -> list:
    """A trace's values, decoding Plotly's typed arrays ({"dtype", "bdata"})."""
    value = trace.get(field)
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return list(value or [])


def canonical_band(label: str) -> str:
    """The portal writes the lowest band "Yếu / Kém"; the dashboard calls it "Yếu"."""
    return "Yếu" if label.startswith("Yếu") else label


def add_earlier_snapshot(path, day: str, swap: tuple[str, str]) -> None:
    """Load a second, earlier snapshot: a copy of the sample's rows with the totals of the two
    units in `swap` exchanged (so exactly those two change rank), as an ordinary batch."""
    with db.connect(path) as con:
        rows = con.execute("SELECT * EXCLUDE (batch_id) FROM observations WHERE period_key = ?", [DAY]).df()
        rows["period_key"] = day
        rows["period_end"] = date.fromisoformat(day)
        total = rows.criterion_code == "SVC766"
        first, second = (total & rows.unit_id.eq(u) for u in swap)
        a, b = rows.loc[first, "points"].iloc[0], rows.loc[second, "points"].iloc[0]
        for mask, value in ((first, b), (second, a)):
            rows.loc[mask, ["value", "points"]] = value
        insert_batch(
            con,
            BatchMeta(
                format="portal766_capture",
                loaded_by="test",
                period_type="day",
                period_key=day,
                source_label="Ảnh chụp thử nghiệm",
            ),
            observations=rows,
        )


def click_row(at: AppTest, key: str, row: int) -> AppTest:
    """Click a row of a selectable st.dataframe (what the browser reports as its selection)."""
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
