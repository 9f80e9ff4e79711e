"""Plotly figures shared by the pages: Vietnamese separators, one band palette."""

from __future__ import annotations

import textwrap
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from core.format import BAND_COLORS, fmt_num

NEUTRAL = "#BBBBBB"
FONT = "DejaVu Sans, Arial, sans-serif"


_BUILT: OrderedDict = OrderedDict()  # (id(owner), name) → (weak reference to owner, figure)
_BUILT_LOCK = threading.Lock()
_BUILT_MAX = 256


def once(owner: object, name: str, build: Callable[..., go.Figure], *args, **kwargs) -> go.Figure:
    """`build(*args, **kwargs)`, made once per view model: view models are cached per data version
    and shared by every session (views.store), so while `owner` is alive a rerun, or another
    session, reuses the figure instead of building it again (~20–40 ms a figure; sending one costs
    ~3 ms; docs/082). `name` must tell apart every figure of the owner (include what varies).
    The figure is shared: never change it after it is returned."""
    key = (id(owner), name)
    with _BUILT_LOCK:
        hit = _BUILT.get(key)
        if hit is not None and hit[0]() is owner:
            _BUILT.move_to_end(key)
            return hit[1]
    figure = build(*args, **kwargs)
    with _BUILT_LOCK:
        _BUILT[key] = (weakref.ref(owner), figure)
        while len(_BUILT) > _BUILT_MAX:
            _BUILT.popitem(last=False)
    return figure


def base_layout(fig: go.Figure, height: int = 320) -> go.Figure:
    fig.update_layout(
        separators=",.",
        height=height,
        margin=dict(l=8, r=8, t=32, b=8),
        font=dict(family=FONT, size=14),
        plot_bgcolor="white",
        legend=dict(orientation="h", y=-0.15),
    )
    return fig


def wrap(text: str, width: int = 30) -> str:
    """Break a long label over lines (Plotly's <br>) so it is not cut at the chart's edge."""
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def groups_vs_max(groups: pd.DataFrame, title: str = "Điểm theo nhóm chỉ số") -> go.Figure:
    """Horizontal bars: points achieved over a grey bar of the maximum; "points/max" in the
    axis labels and, when the frame has a `lost` column, the points lost past each bar."""
    data = groups.iloc[::-1]
    names = [f"{n} ({fmt_num(p)}/{fmt_num(m, 0)})" for n, p, m in zip(data["name"], data["points"], data["max_points"])]
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=data["max_points"],
        orientation="h",
        name="Điểm tối đa",
        marker_color="#E0E0E0",
        hovertemplate="%{y}: tối đa %{x:.0f}<extra></extra>",
    )
    fig.add_bar(
        y=names,
        x=data["points"],
        orientation="h",
        name="Điểm đạt",
        marker_color="#0072B2",
        hovertemplate="%{y}: %{x:.2f}<extra></extra>",
    )
    if "lost" in data:
        fig.add_scatter(
            y=names,
            x=data["max_points"],
            mode="text",
            text=[f"−{fmt_num(v)}" for v in data["lost"]],
            textposition="middle right",
            textfont=dict(color="#D55E00"),
            cliponaxis=False,
            showlegend=False,
            hoverinfo="skip",
        )
    base_layout(fig)
    fig.update_layout(
        barmode="overlay",
        title=title,
        showlegend=False,
        xaxis=dict(range=[0, data["max_points"].max() * 1.45]),
        yaxis=dict(automargin=True),
    )
    return fig


def band_bars(counts: pd.DataFrame, title: str) -> go.Figure:
    """One 100 % bar per league split by band, the number of units written in each part."""
    fig = go.Figure()
    league_names = {"departments": "Sở, ban, ngành", "communes": "Xã, phường"}
    for band, color in BAND_COLORS.items():
        part = counts[counts.band == band]
        share = part["count"] / part["of"].where(part["of"] > 0) * 100
        fig.add_bar(
            y=[league_names.get(x, x) for x in part.league],
            x=share,
            orientation="h",
            name=band,
            marker_color=color,
            text=part["count"].where(part["count"] > 0, None),
            textposition="inside",
            insidetextanchor="middle",
            customdata=part["count"],
            hovertemplate=band + ": %{customdata} đơn vị (%{x:.0f}%)<extra></extra>",
        )
    base_layout(fig, height=170)
    fig.update_layout(
        barmode="stack",
        title=title,
        yaxis=dict(automargin=True),
        showlegend=False,
        xaxis=dict(range=[0, 100], ticksuffix="%"),
    )
    return fig  # the legend is ui.layout.band_legend(): Plotly's overlaps in a narrow column


def _reference_line(
    fig: go.Figure, x: float | None, label: str, color: str, dash: str = "dash", vertical: bool = True
) -> None:
    if x is None or pd.isna(x):
        return
    position = "top" if vertical else "right"
    add = fig.add_vline if vertical else fig.add_hline
    add(
        x,
        line_dash=dash,
        line_color=color,
        line_width=2,
        annotation_text=label,
        annotation_position=position,
        annotation_font_color=color,
    )


def league_bars(
    frame: pd.DataFrame,
    title: str,
    *,
    value: str = "total",
    label: str = "name",
    average: float | None = None,
    target: float | None = None,
) -> go.Figure:
    """One horizontal bar per unit, coloured by band, best at the top; average and target lines."""
    data = frame.sort_values(value, ascending=True, kind="stable")
    colors = [BAND_COLORS.get(b, NEUTRAL) for b in data.get("band", [None] * len(data))]
    fig = go.Figure(
        go.Bar(
            y=data[label],
            x=data[value],
            orientation="h",
            marker_color=colors,
            customdata=data.get("band"),
            hovertemplate="%{y}: %{x:.2f} điểm (%{customdata})<extra></extra>",
        )
    )
    _reference_line(fig, average, "Bình quân", "#333333")
    _reference_line(fig, target, "Chỉ tiêu", "#CC79A7", dash="dot")
    fig.update_layout(title=title, xaxis_title="Điểm", yaxis=dict(dtick=1, automargin=True), xaxis=dict(range=[0, 100]))
    return base_layout(fig, height=max(260, 22 * len(data) + 90))


def distribution(
    values: pd.Series,
    title: str,
    *,
    x_title: str,
    x_max: float,
    target: float | None = None,
    marker: float | None = None,
    marker_label: str = "Toàn tỉnh",
) -> go.Figure:
    """Histogram of one criterion over the units on its whole scale (0 to `x_max`, 20 bins),
    with the target and the province's value."""
    fig = go.Figure(
        go.Histogram(
            x=values,
            xbins=dict(start=0, end=x_max, size=x_max / 20),
            marker_color="#0072B2",
            hovertemplate="%{x}: %{y} đơn vị<extra></extra>",
        )
    )
    _reference_line(fig, target, "Chỉ tiêu", "#CC79A7", dash="dot")
    _reference_line(fig, marker, marker_label, "#333333")
    fig.update_layout(
        title=title, xaxis=dict(title=x_title, range=[0, x_max * 1.02]), yaxis_title="Số đơn vị", bargap=0.05
    )
    return base_layout(fig)


def trend(
    frame: pd.DataFrame,
    title: str,
    *,
    x: str = "label",
    y: str = "value",
    series: str | None = None,
    y_title: str = "Điểm",
) -> go.Figure:
    """Lines over periods (one per series)."""
    fig = go.Figure()
    groups = frame.groupby(series, sort=False) if series else [(None, frame)]
    for name, part in groups:
        fig.add_scatter(
            x=part[x],
            y=part[y],
            mode="lines+markers",
            name=name or y_title,
            hovertemplate="%{x}: %{y:.2f}<extra>" + (name or "") + "</extra>",
        )
    fig.update_layout(title=title, yaxis_title=y_title, showlegend=series is not None)
    return base_layout(fig)


def points_lost(frame: pd.DataFrame, title: str, *, label: str = "name", value: str = "points_lost") -> go.Figure:
    """Horizontal bars of points lost, the largest at the top."""
    data = frame.sort_values(value, ascending=True, kind="stable")
    fig = go.Figure(
        go.Bar(
            y=[wrap(t, 40) for t in data[label]],
            x=data[value],
            orientation="h",
            marker_color="#D55E00",
            text=[fmt_num(v) for v in data[value]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: mất %{x:.2f} điểm<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        xaxis=dict(title="Điểm bị mất", range=[0, data[value].max() * 1.2]),
        yaxis=dict(automargin=True, tickfont=dict(size=12)),
    )
    return base_layout(fig, height=max(240, 40 * len(data) + 90))


def groups_vs_league(groups: pd.DataFrame, title: str) -> go.Figure:
    """A unit's groups in % of their maxima, with the league's median and 75th percentile as markers."""
    data = groups.iloc[::-1]
    names = [f"{n} ({fmt_num(p)}/{fmt_num(m, 0)})" for n, p, m in zip(data["name"], data["points"], data["max_points"])]
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=data["ratio"],
        orientation="h",
        name="Đơn vị",
        marker_color="#56B4E9",
        hovertemplate="%{y}: %{x:.1f}% điểm tối đa<extra></extra>",
    )
    for column, name, symbol, color in (
        ("median_ratio", "Trung vị khối", "line-ns-open", "#000000"),
        ("p75_ratio", "Phân vị 75 của khối", "diamond", "#D55E00"),
    ):
        fig.add_scatter(
            y=names,
            x=data[column],
            mode="markers",
            name=name,
            marker=dict(symbol=symbol, size=18, color=color, line=dict(width=4, color=color)),
            hovertemplate="%{y}: " + name + " %{x:.1f}%<extra></extra>",
        )
    base_layout(fig, height=300)
    fig.update_layout(
        title=title, xaxis=dict(title="% điểm tối đa", range=[0, 105]), yaxis=dict(automargin=True), showlegend=False
    )
    return fig


def rank_history(history: pd.DataFrame, title: str) -> go.Figure:
    """National rank per year (1 at the top), each point labelled "rank/of"."""
    labels = [f"{r}/{o}" if pd.notna(o) else str(r) for r, o in zip(history["rank"], history["of"])]
    fig = go.Figure(
        go.Scatter(
            x=history["year"].astype(str),
            y=history["rank"],
            mode="lines+markers+text",
            text=labels,
            textposition="top center",
            marker=dict(size=10, color="#0072B2"),
            hovertemplate="Năm %{x}: hạng %{text}<extra></extra>",
        )
    )
    base_layout(fig, height=280)
    top = max(history["of"].max() if history["of"].notna().any() else 0, history["rank"].max()) + 3
    fig.update_layout(
        title=title,
        xaxis=dict(type="category", title="Năm"),
        yaxis=dict(title="Hạng (1 là cao nhất)", autorange=False, range=[top, 0]),
    )
    return fig
