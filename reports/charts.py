"""Chart images at presentation size (1920×1080 PNG) with the period, data date and source
drawn in: matplotlib's Agg backend and the shipped DejaVu Sans, no browser."""

from __future__ import annotations

import io
import textwrap
import zipfile

from reports import text as T
from views.meeting import MeetingPack

SIZE_PX, DPI = (1920, 1080), 160
ACCENT, LOST, GREY = "#0072B2", "#D55E00", "#555F6D"


def _pyplot():
    """Imported on first use: the CLI and the app start without matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    for path in (T.FONT_REGULAR, T.FONT_BOLD):
        font_manager.fontManager.addfont(str(path))
    pyplot.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": 15,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.formatter.use_locale": False,
        }
    )
    return pyplot


def _vn(value: float, digits: int = 2) -> str:
    return T.fmt_num(value, digits)


def _figure(pack: MeetingPack, title: str):
    plt = _pyplot()
    fig = plt.figure(figsize=(SIZE_PX[0] / DPI, SIZE_PX[1] / DPI), dpi=DPI)
    fig.text(0.03, 0.95, title, fontsize=24, fontweight="bold", color="#1F2A44", va="top")
    fig.text(0.03, 0.885, f"{pack.province_name} · {pack.period_label}", fontsize=16, color=ACCENT, va="top")
    lines = T.stamp_lines(pack)
    fig.text(0.03, 0.045, " · ".join(lines[:2]), fontsize=10, color=GREY)
    fig.text(0.03, 0.015, lines[2], fontsize=10, color=GREY)
    return plt, fig


def _png(plt, fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    plt.close(fig)
    return buffer.getvalue()


def groups_png(pack: MeetingPack) -> bytes:
    plt, fig = _figure(pack, "Điểm theo nhóm chỉ số và điểm bị mất")
    ax = fig.add_axes([0.30, 0.15, 0.62, 0.66])
    groups = list(reversed(pack.groups))
    names = [f"{g.name}\n{_vn(g.points)}/{_vn(g.max_points, 0)}" for g in groups]
    points = [g.points or 0 for g in groups]
    lost = [max(g.max_points - (g.points or 0), 0) for g in groups]
    ax.barh(names, points, color=ACCENT, label="Điểm đạt")
    ax.barh(names, lost, left=points, color=LOST, label="Điểm bị mất")
    for i, (point, loss) in enumerate(zip(points, lost)):
        if loss > 0:
            ax.text(point + loss + 0.2, i, f"−{_vn(loss)}", va="center", color=LOST, fontsize=14)
    ax.set_xlabel("Điểm")
    ax.xaxis.set_major_formatter(lambda v, _: _vn(v, 0))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    return _png(plt, fig)


def bands_png(pack: MeetingPack) -> bytes:
    plt, fig = _figure(pack, "Số đơn vị theo xếp loại")
    ax = fig.add_axes([0.08, 0.15, 0.88, 0.66])
    bands = [band for band, _ in pack.band_limits]
    width = 0.8 / max(len(pack.leagues), 1)
    for i, league in enumerate(pack.leagues):
        counts = [dict(league.bands).get(b, 0) for b in bands]
        xs = [x + (i - (len(pack.leagues) - 1) / 2) * width for x in range(len(bands))]
        bars = ax.bar(
            xs,
            counts,
            width,
            label=f"{league.label} ({league.n_units})",
            color=[f"#{T.BAND_COLORS.get(b, '888888')}" for b in bands],
            alpha=1.0 if i == 0 else 0.55,
            edgecolor="#1F2A44",
            hatch=None if i == 0 else "//",
        )
        ax.bar_label(bars, labels=[str(c) for c in counts], fontsize=14)
    ax.set_xticks(range(len(bands)), [f"{b}\n(từ {T.fmt_compact(low)})" for b, low in pack.band_limits])
    ax.set_ylabel("Số đơn vị")
    ax.legend(frameon=False)
    return _png(plt, fig)


def league_png(pack: MeetingPack, key: str) -> bytes:
    league = pack.league(key)
    plt, fig = _figure(pack, f"{league.label}: đơn vị thấp nhất")
    ax = fig.add_axes([0.36, 0.15, 0.58, 0.66])
    rows = list(reversed(league.lowest))
    values = [u.total or 0 for u in rows]
    colors = [f"#{T.BAND_COLORS.get(u.band, '888888')}" for u in rows]
    bars = ax.barh([textwrap.fill(u.name, 30) for u in rows], values, color=colors)
    ax.bar_label(bars, labels=[_vn(v) for v in values], padding=4, fontsize=14)
    if league.average is not None:
        ax.axvline(league.average, color=GREY, linestyle="--")
        ax.text(league.average, len(rows) - 0.4, f" Bình quân {_vn(league.average)}", color=GREY, fontsize=13)
    if league.target is not None:
        ax.axvline(league.target, color=LOST, linestyle=":")
        ax.text(league.target, -0.6, f"Chỉ tiêu {T.fmt_compact(league.target)} ", color=LOST, fontsize=13, ha="right")
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(lambda v, _: _vn(v, 0))
    return _png(plt, fig)


def charts(pack: MeetingPack) -> dict[str, bytes]:
    """File name → PNG for every chart of the pack."""
    out = {f"nhom-chi-so-{pack.period.key}.png": groups_png(pack), f"xep-loai-{pack.period.key}.png": bands_png(pack)}
    for league in pack.leagues:
        if league.lowest:
            out[f"thap-nhat-{league.key}-{pack.period.key}.png"] = league_png(pack, league.key)
    return out


def charts_zip(pack: MeetingPack) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in charts(pack).items():
            archive.writestr(name, data)
    return buffer.getvalue()
