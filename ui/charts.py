"""Plotly figures shared by the pages: Vietnamese separators, one band palette."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
BAND_COLORS = {
    "Xuất sắc": "#0072B2",
    "Tốt": "#56B4E9",
    "Khá": "#009E73",
    "Trung bình": "#E69F00",
    "Yếu": "#D55E00",
}
NEUTRAL = "#BBBBBB"
FONT = "DejaVu Sans, Arial, sans-serif"


def base_layout(fig: go.Figure, height: int = 320) -> go.Figure:
    fig.update_layout(separators=",.", height=height, margin=dict(l=8, r=8, t=32, b=8),
                      font=dict(family=FONT, size=14), plot_bgcolor="white",
                      legend=dict(orientation="h", y=-0.15))
    return fig


def groups_vs_max(groups: pd.DataFrame, title: str = "Điểm theo nhóm chỉ số") -> go.Figure:
    """Horizontal bars: points achieved over a grey bar of the maximum."""
    data = groups.iloc[::-1]
    fig = go.Figure()
    fig.add_bar(y=data["name"], x=data["max_points"], orientation="h", name="Điểm tối đa",
                marker_color="#E8E8E8", hovertemplate="%{y}: tối đa %{x:.0f}<extra></extra>")
    fig.add_bar(y=data["name"], x=data["points"], orientation="h", name="Điểm đạt",
                marker_color="#0072B2", text=[f"{p:.2f}/{m:.0f}".replace(".", ",") for p, m in
                                              zip(data["points"], data["max_points"])],
                textposition="outside", hovertemplate="%{y}: %{x:.2f}<extra></extra>")
    fig.update_layout(barmode="overlay", title=title, xaxis_title="Điểm")
    return base_layout(fig)


def band_bars(counts: pd.DataFrame, title: str) -> go.Figure:
    """Stacked bar per league: how many units in each band."""
    fig = go.Figure()
    league_names = {"departments": "Sở, ban, ngành", "communes": "UBND xã, phường"}
    for band, color in BAND_COLORS.items():
        part = counts[counts.band == band]
        fig.add_bar(y=[league_names.get(x, x) for x in part.league], x=part["count"], orientation="h",
                    name=band, marker_color=color, text=part["count"].where(part["count"] > 0, None),
                    hovertemplate=band + ": %{x}<extra></extra>")
    fig.update_layout(barmode="stack", title=title, xaxis_title="Số đơn vị")
    return base_layout(fig, height=220)
