"""The presentation page's slides as HTML (pure: no Streamlit), from the meeting pack's view model.

Type and spacing are in units of `--u` = min(1vw, 1.78vh): the slide scales with the screen and
keeps 16:9 proportions, so the same slide fits 1280×720 and 1920×1080 without scrolling.
Every text from the data is escaped (a unit name is data, never markup)."""

from __future__ import annotations

from html import escape

from core.format import BAND_COLORS, MISSING, fmt_compact, fmt_movement, fmt_num, fmt_rank
from views.meeting import OVERDUE_SHOWN, SLIDES, LeagueSummary, MeetingPack

ACCENT, LOST, GREY = "#0072B2", "#D55E00", "#555F6D"
ROWS = 6  # table rows per slide: what fits at 1280×720
PAGE_TITLE = "Trình chiếu kết quả Bộ chỉ số 766"

CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer {
  display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 1.2rem 0 1.2rem !important; max-width: 100% !important; }
[data-testid="stElementContainer"]:has(> [data-testid="stHeading"]) { position: absolute; width: 1px;
  height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.st-key-slide_controls { position: fixed; left: 1.2rem; right: 1.2rem; bottom: 0.3rem; z-index: 100; background: #fff; }
.cchc-slide { --u: min(1vw, 1.78vh); height: calc(100vh - 4.8rem); box-sizing: border-box; display: flex;
  flex-direction: column; overflow: hidden; color: #1F2A44; font-family: "DejaVu Sans", Arial, sans-serif;
  font-size: calc(var(--u) * 1.9); line-height: 1.3; }
.cchc-slide h1 { font-size: calc(var(--u) * 3.4) !important; margin: 0 !important; padding: 0 !important;
  line-height: 1.15; }
.cchc-sub { color: #0072B2; font-size: calc(var(--u) * 1.9); margin-bottom: calc(var(--u) * 1.2); }
.cchc-body { flex: 1 1 auto; min-height: 0; overflow: hidden; }
.cchc-foot { color: #555F6D; font-size: calc(var(--u) * 0.95); border-top: 1px solid #ccd;
  padding-top: calc(var(--u) * 0.3); }
.cchc-tiles { display: flex; gap: calc(var(--u) * 1.2); margin-bottom: calc(var(--u) * 1.5); }
.cchc-tile { flex: 1; background: #EEF2F6; border-radius: 0.4rem; padding: calc(var(--u) * 0.8) calc(var(--u) * 1.2); }
.cchc-tile .l { color: #555F6D; font-size: calc(var(--u) * 1.5); }
.cchc-tile .v { font-size: calc(var(--u) * 4.2); font-weight: 700; color: #0072B2; line-height: 1.1; }
.cchc-slide table { border-collapse: collapse; width: 100%; font-size: calc(var(--u) * 1.65); }
.cchc-slide th { text-align: left; color: #555F6D; font-weight: 600; border-bottom: 2px solid #ccd;
  padding: 0.15em 0.4em; }
.cchc-slide td { border-bottom: 1px solid #e3e6ea; padding: 0.15em 0.4em; }
.cchc-slide td.n, .cchc-slide th.n { text-align: right; white-space: nowrap; }
.cchc-chip { display: inline-block; padding: 0 0.4em; border-radius: 0.3em; color: #fff; white-space: nowrap; }
.cchc-cols { display: flex; gap: calc(var(--u) * 2.5); }
.cchc-cols > div { flex: 1; min-width: 0; }
.cchc-bar { display: flex; align-items: center; gap: calc(var(--u) * 1); margin: calc(var(--u) * 0.55) 0; }
.cchc-bar .name { flex: 0 0 28%; }
.cchc-bar .track { flex: 1; height: calc(var(--u) * 2.6); display: flex; background: #eee; }
.cchc-bar .val { flex: 1 1 auto; font-size: calc(var(--u) * 1.6); }
.cchc-small { font-size: calc(var(--u) * 1.4); font-weight: 400; color: #555F6D; }
.cchc-note { color: #555F6D; }
.cchc-big { font-size: calc(var(--u) * 2.3); font-weight: 600; margin-bottom: calc(var(--u) * 0.8); }
</style>"""


def _e(value) -> str:
    return escape(str(value), quote=True)


def _chip(band: str | None) -> str:
    if not band:
        return MISSING
    color = BAND_COLORS.get(band, "#888888")
    return f'<span class="cchc-chip" style="background:{color}">{_e(band)}</span>'


def _table(header: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f'<th class="{"n" if i in numeric else ""}">{_e(h)}</th>' for i, h in enumerate(header))
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{"n" if i in numeric else ""}">{cell}</td>' for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def stamp(pack: MeetingPack) -> str:
    loaded = f", nạp lúc {pack.loaded_at:%H:%M %d/%m/%Y}" if pack.loaded_at else ""
    return (
        f"Kỳ: {pack.period_label}{' (tạm tính)' if pack.provisional else ''} · Số liệu đến ngày "
        f"{pack.data_date:%d/%m/%Y}{loaded} · Nguồn: {pack.source} · Lọc: {pack.filters_text}"
    )


def _title(pack: MeetingPack) -> str:
    return (
        f'<div class="cchc-big" style="font-size:calc(var(--u)*3.2);margin-top:calc(var(--u)*4)">'
        f"Bộ chỉ số phục vụ người dân, doanh nghiệp (766)</div>"
        f'<div class="cchc-big" style="color:{ACCENT};font-size:calc(var(--u)*2.8)">{_e(pack.province_name)} · '
        f"{_e(pack.period_label)}</div>"
        f'<p class="cchc-note">Số liệu đến ngày {pack.data_date:%d/%m/%Y} · Nguồn: {_e(pack.source)}</p>'
        f'<p class="cchc-note">Bấm → hoặc PageDown để sang trang, ← để quay lại.</p>'
    )


def _province(pack: MeetingPack) -> str:
    movement = fmt_movement(pack.movement) if pack.previous else "chưa có kỳ trước"
    tiles = [
        ("Điểm của tỉnh", fmt_num(pack.total)),
        ("Xếp loại", _chip(pack.band)),
        ("Hạng toàn quốc", fmt_rank(pack.rank, pack.rank_of)),
        ("So với kỳ trước", _e(movement)),
    ]
    html = (
        '<div class="cchc-tiles">'
        + "".join(
            f'<div class="cchc-tile"><div class="l">{_e(label)}</div><div class="v"'
            f"{' style=font-size:calc(var(--u)*2.6)' if len(value) > 12 and '<' not in value else ''}>"
            f"{value}</div></div>"
            for label, value in tiles
        )
        + "</div>"
    )
    top = "đã trong top" if not pack.points_to_top else f"còn thiếu {fmt_num(pack.points_to_top)} điểm để vào top"
    when = f"ngày {pack.rank_label}" if pack.rank_label[:1].isdigit() else pack.rank_label
    rows = [
        ["Bảng xếp hạng", f"{when}, {pack.rank_of} tỉnh, thành phố"],
        [f"Bình quân {pack.rank_of} tỉnh", fmt_num(pack.national_average)],
        [f"Top {pack.top_n}", f"{top} {pack.top_n} (tỉnh hạng {pack.top_n}: {fmt_num(pack.top_threshold)} điểm)"],
        ["Điểm bị mất", f"{fmt_num(pack.points_lost)} điểm trên 6 nhóm"],
    ]
    if pack.previous:
        rows.insert(
            1,
            [
                f"So với {pack.previous.label.lower()}",
                f"{fmt_movement(pack.movement)} bậc; điểm "
                f"{fmt_num(pack.change) if pack.change is not None else MISSING}",
            ],
        )
    return html + _table(["", ""], [[_e(a), _e(b)] for a, b in rows])


def _groups(pack: MeetingPack) -> str:
    biggest = max(g.max_points for g in pack.groups)
    bars = []
    for g in pack.groups:
        points = g.points or 0
        lost = max(g.max_points - points, 0)
        bars.append(
            f'<div class="cchc-bar"><div class="name">{_e(g.name)}</div><div class="track" '
            f'style="flex:0 0 {g.max_points / biggest * 45:.1f}%"><div style="width:{points / g.max_points * 100:.1f}%;'
            f'background:{ACCENT}"></div><div style="width:{lost / g.max_points * 100:.1f}%;background:{LOST}"></div>'
            f'</div><div class="val"><b>{fmt_num(g.points)}</b>/{fmt_num(g.max_points, 0)} · '
            f'<span style="color:{LOST}">−{fmt_num(g.lost)}</span>'
            f"{f' · hạng {g.national_rank}' if g.national_rank else ''}</div></div>"
        )
    return (
        f'<div class="cchc-big">Tổng {fmt_num(pack.total)}/100 · mất {fmt_num(pack.points_lost)} điểm '
        f'<span class="cchc-small">(xanh: điểm đạt; đỏ: điểm bị mất; hạng nhóm toàn quốc)</span></div>' + "".join(bars)
    )


def _bands(pack: MeetingPack) -> str:
    rows = [
        [
            f'{_chip(band)} <span class="cchc-note">từ {fmt_compact(low)}</span>',
            *[str(dict(league.bands).get(band, 0)) for league in pack.leagues],
        ]
        for band, low in pack.band_limits
    ]
    rows.append(["<b>Tổng số đơn vị</b>", *[f"<b>{league.n_units}</b>" for league in pack.leagues]])
    return _table(
        ["Xếp loại", *[league.label for league in pack.leagues]], rows, numeric=set(range(1, len(pack.leagues) + 1))
    )


def _league(league: LeagueSummary) -> str:
    target = (
        f"{len(league.below_target)}/{league.n_units} dưới chỉ tiêu {fmt_compact(league.target)} điểm"
        if league.target is not None
        else "chưa có chỉ tiêu điểm"
    )
    head = (
        f'<div class="cchc-big">Bình quân {fmt_num(league.average)} · {target} · '
        f"{len(league.below_average)} dưới bình quân</div>"
    )
    lowest = _table(
        ["Hạng", "Đơn vị", "Điểm", "Xếp loại"],
        [[str(u.rank or MISSING), _e(u.name), fmt_num(u.total), _chip(u.band)] for u in league.lowest[: ROWS - 1]],
        numeric={0, 2},
    )
    improved = (
        _table(
            ["Đơn vị", "Hạng", "Điểm"],
            [[_e(u.name), _e(fmt_movement(u.movement)), fmt_num(u.total)] for u in league.improved[: ROWS - 1]],
            numeric={1, 2},
        )
        if league.improved
        else '<p class="cchc-note">Chưa có kỳ trước cùng loại để so sánh.</p>'
    )
    return (
        head
        + '<div class="cchc-cols"><div><b>Thấp nhất</b>'
        + lowest
        + "</div><div><b>Tăng hạng nhiều nhất</b>"
        + improved
        + "</div></div>"
    )


def _targets(pack: MeetingPack) -> str:
    top = "đã trong top" if not pack.points_to_top else f"còn thiếu {fmt_num(pack.points_to_top)} điểm để vào top"
    head = (
        f'<div class="cchc-big">Top {pack.top_n} toàn quốc: {top} {pack.top_n} '
        f"(hạng hiện tại {fmt_rank(pack.rank, pack.rank_of)})</div>"
    )
    if not pack.targets_at_risk:
        return head + "<p>Tỉnh đạt mọi chỉ tiêu có số liệu.</p>"
    rows = [
        [
            _e(t.name),
            fmt_compact(t.target),
            fmt_compact(t.actual),
            MISSING if t.gap is None else f"+{fmt_compact(abs(t.gap))}",
            _e(t.status),
        ]
        for t in pack.targets_at_risk[: ROWS - 1]
    ]
    more = len(pack.targets_at_risk) - (ROWS - 1)
    tail = f'<p class="cchc-note">… và {more} chỉ tiêu khác.</p>' if more > 0 else ""
    return (
        head
        + _table(["Chỉ tiêu của tỉnh", "Mục tiêu", "Đạt", "Cần thêm", "Trạng thái"], rows, numeric={1, 2, 3})
        + tail
    )


def _tasks(pack: MeetingPack) -> str:
    head = (
        f'<div class="cchc-big">{pack.tasks_overdue}/{pack.tasks_total} nhiệm vụ đã quá hạn mà chưa báo cáo '
        f"hoàn thành</div>"
    )
    shown = pack.overdue_tasks[: min(OVERDUE_SHOWN, ROWS - 1)]
    if not shown:
        return head
    return head + _table(
        ["Mã", "Nhiệm vụ", "Chủ trì", "Thời hạn"],
        [[_e(t.task_id), _e(t.title), _e(t.lead), _e(t.deadline)] for t in shown],
    )


def slide_count() -> int:
    return len(SLIDES)


def slide_html(pack: MeetingPack, number: int) -> str:
    """Slide `number` (1-based) as one HTML block: title, body, and the stamp with "n/N"."""
    key, title = SLIDES[number - 1]
    body = {
        "title": lambda: _title(pack),
        "province": lambda: _province(pack),
        "groups": lambda: _groups(pack),
        "bands": lambda: _bands(pack),
        "targets": lambda: _targets(pack),
        "tasks": lambda: _tasks(pack),
        "departments": lambda: _league(pack.league("departments")),
        "communes": lambda: _league(pack.league("communes")),
    }[key]()
    heading = title if key != "title" else f"{title} · {pack.period_label}"
    sub = f"{pack.province_name} · {pack.period_label}" if key != "title" else "Họp Ban Chỉ đạo cải cách hành chính"
    return (
        f'<div class="cchc-slide" data-slide="{number}" data-slide-key="{key}"><h1>{_e(heading)}</h1>'
        f'<div class="cchc-sub">{_e(sub)}</div><div class="cchc-body">{body}</div>'
        f'<div class="cchc-foot">{_e(stamp(pack))} · Trang {number}/{len(SLIDES)}</div></div>'
    )
