"""Table styling shared by the pages: band colours, highlighted rows, Vietnamese numbers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.format import BAND_COLORS
from ui.format import MISSING

# Text colour with the higher contrast on each band colour (WCAG ratio ≥ 5).
_BAND_TEXT = {"Xuất sắc": "white", "Tốt": "black", "Khá": "black", "Trung bình": "black", "Yếu": "black"}
HIGHLIGHT = "background-color: #FDE2D2"  # a pale vermilion: rows that need attention


def band_style(band) -> str:
    color = BAND_COLORS.get(band)
    return f"background-color: {color}; color: {_BAND_TEXT[band]}" if color else ""


def styled(frame: pd.DataFrame, *, bands=(), formats: dict | None = None, highlight: pd.Series | None = None):
    """A Styler: numbers the Vietnamese way (`formats` maps a column to ui.format's
    fmt_num / fmt_int / fmt_pct ...), band cells coloured, flagged rows tinted."""
    styler = frame.style
    if highlight is not None:
        flags = highlight.reindex(frame.index).fillna(False).astype(bool)
        styler = styler.apply(lambda row: [HIGHLIGHT if flags[row.name] else ""] * len(row), axis=1)
    for column in bands:
        styler = styler.map(band_style, subset=[column])
    if formats:
        styler = styler.format({c: f for c, f in formats.items() if c in frame.columns}, na_rep=MISSING)
    return styler


def progress_column(label: str) -> st.column_config.ProgressColumn:
    return st.column_config.ProgressColumn(label, min_value=0, max_value=100, format="%.0f%%")


def show(data, **kwargs):
    """st.dataframe with the house defaults: no index, full width, "—" in empty cells
    (a Styler's na_rep does not reach cells Streamlit receives as null)."""
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    return st.dataframe(data, placeholder=MISSING, **kwargs)
