"""Colours shared by the pages, the slides and the exports (pure: no Streamlit, no Plotly)."""
from __future__ import annotations

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
BAND_COLORS = {
    "Xuất sắc": "#0072B2",
    "Tốt": "#56B4E9",
    "Khá": "#009E73",
    "Trung bình": "#E69F00",
    "Yếu": "#D55E00",
}
NEUTRAL = "#BBBBBB"
