"""The PowerPoint deck (python-pptx), 16:9: a title slide, then the meeting pack's slides with
native, editable tables and charts and speaker notes carrying the exact figures."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from reports import text as T
from views.meeting import OVERDUE_SHOWN, SLIDES, LeagueSummary, MeetingPack

FONT = "Arial"  # Vietnamese glyphs on every Office install; the deck stays editable text
WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # PowerPoint's own 16:9 (13,333 × 7,5 in)
DARK, GREY, ACCENT = RGBColor(0x1F, 0x2A, 0x44), RGBColor(0x55, 0x5F, 0x6D), RGBColor(0x00, 0x72, 0xB2)
LOST = RGBColor(0xD5, 0x5E, 0x00)
NUMBER_FORMAT = "#,##0.00"
TITLES = dict(SLIDES)


def _rgb(hex6: str) -> RGBColor:
    return RGBColor.from_string(hex6)


def _text(slide, left, top, width, height, lines, size=18, bold=False, color=DARK, align=PP_ALIGN.LEFT):
    """A text box; `lines` is a string or a list of strings (or (text, size, bold, color) tuples)."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate([lines] if isinstance(lines, str) else lines):
        text, lsize, lbold, lcolor = (line, size, bold, color) if isinstance(line, str) else line
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = text
        run.font.name, run.font.size, run.font.bold, run.font.color.rgb = FONT, Pt(lsize), lbold, lcolor
    return box


def _frame(prs, pack: MeetingPack, key: str, number: int, notes: list[str]):
    """A blank slide with its title, the stamp (period, data, source, filters) and notes."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, Inches(0.5), Inches(0.25), Inches(12.3), Inches(0.8), TITLES[key], size=30, bold=True)
    _text(
        slide,
        Inches(0.5),
        Inches(0.95),
        Inches(12.3),
        Inches(0.4),
        f"{T.INDEX_SHORT} · {pack.period_label}",
        size=14,
        color=GREY,
    )
    lines = T.stamp_lines(pack)
    _text(
        slide,
        Inches(0.5),
        Inches(6.85),
        Inches(11.6),
        Inches(0.6),
        [(" · ".join(lines[:2]), 10, False, GREY), (lines[2], 10, False, GREY)],
    )
    _text(
        slide,
        Inches(12.2),
        Inches(6.95),
        Inches(0.8),
        Inches(0.4),
        str(number),
        size=12,
        color=GREY,
        align=PP_ALIGN.RIGHT,
    )
    slide.notes_slide.notes_text_frame.text = "\n".join([*notes, "", T.stamp(pack)])
    return slide


def _table(
    slide,
    left,
    top,
    width,
    header: list[str],
    rows: list[list[str]],
    widths=None,
    size=14,
    fills: dict[tuple[int, int], str] | None = None,
):
    """A native PowerPoint table (header row + rows), every cell text, optional cell fills."""
    height = Inches(0.4) * (len(rows) + 1)
    table = slide.shapes.add_table(len(rows) + 1, len(header), left, top, width, height).table
    if widths:
        total = sum(widths)
        for i, w in enumerate(widths):
            table.columns[i].width = Emu(int(width * w / total))
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = str(value)
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), r == 0
                if c > 0 and r > 0 and _numeric(value):
                    para.alignment = PP_ALIGN.RIGHT
            if fills and (r, c) in fills:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(fills[(r, c)])
    return table


def _numeric(value) -> bool:
    text = str(value).replace(".", "").replace(",", "").replace("/", "").replace("−", "").replace("+", "")
    return text.strip().isdigit()


def _style_chart(chart, size=14):
    chart.font.name, chart.font.size = FONT, Pt(size)


def _title_slide(prs, pack: MeetingPack):
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(
        slide,
        Inches(0.8),
        Inches(1.6),
        Inches(11.7),
        Inches(1.2),
        "Kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp (Bộ chỉ số 766)",
        size=36,
        bold=True,
    )
    _text(
        slide,
        Inches(0.8),
        Inches(3.0),
        Inches(11.7),
        Inches(0.8),
        f"{pack.province_name} · {pack.period_label}" + (" (tạm tính)" if pack.provisional else ""),
        size=28,
        color=ACCENT,
        bold=True,
    )
    _text(
        slide,
        Inches(0.8),
        Inches(4.2),
        Inches(11.7),
        Inches(2.2),
        [(line, 16, False, GREY) for line in [*T.stamp_lines(pack), T.generated(pack)]],
    )
    _text(
        slide,
        Inches(0.8),
        Inches(6.6),
        Inches(11.7),
        Inches(0.5),
        "Họp Ban Chỉ đạo cải cách hành chính",
        size=14,
        color=GREY,
    )
    slide.notes_slide.notes_text_frame.text = "\n".join([T.province_sentence(pack), "", T.stamp(pack)])


def _province(prs, pack, n):
    notes = [
        T.province_sentence(pack),
        f"Số chính xác: điểm {T.exact(pack.total)}; bình quân toàn quốc {T.exact(pack.national_average)}; "
        f"điểm tỉnh hạng {pack.top_n}: {T.exact(pack.top_threshold)}.",
    ]
    slide = _frame(prs, pack, "province", n, notes)
    tiles = [
        ("Điểm của tỉnh", T.fmt_num(pack.total)),
        ("Xếp loại", pack.band or T.MISSING),
        ("Hạng toàn quốc", T.fmt_rank(pack.rank, pack.rank_of)),
        ("So với kỳ trước", T.fmt_movement(pack.movement) if pack.previous else "chưa có kỳ trước"),
    ]
    for i, (label, value) in enumerate(tiles):
        left = Inches(0.5 + i * 3.1)
        _text(slide, left, Inches(1.6), Inches(3.0), Inches(0.5), label, size=18, color=GREY)
        _text(
            slide,
            left,
            Inches(2.1),
            Inches(3.0),
            Inches(1.2),
            value,
            size=48 if len(value) < 9 else 28,
            bold=True,
            color=ACCENT,
        )
    rows = [
        ["Hạng toàn quốc", f"{T.rank_text(pack)}"],
        ["Thay đổi", T.movement_text(pack)],
        [f"Bình quân {pack.rank_of} tỉnh", T.fmt_num(pack.national_average)],
        [f"Top {pack.top_n}", T.top_text(pack)],
        ["Điểm bị mất", T.fmt_num(pack.points_lost)],
    ]
    _table(slide, Inches(0.5), Inches(3.6), Inches(12.3), ["Nội dung", "Kết quả"], rows, widths=[1, 3], size=16)


def _groups(prs, pack, n):
    notes = [
        f"{g.name}: {T.fmt_num(g.points)}/{T.fmt_num(g.max_points, 0)} điểm, mất {T.fmt_num(g.lost)}; "
        f"hạng nhóm toàn quốc {g.national_rank or T.MISSING}"
        for g in pack.groups
    ]
    notes.append(f"Tổng điểm bị mất: {T.fmt_num(pack.points_lost)}.")
    slide = _frame(prs, pack, "groups", n, notes)
    data = CategoryChartData(number_format=NUMBER_FORMAT)
    data.categories = [g.name for g in pack.groups]
    data.add_series("Điểm đạt", [g.points for g in pack.groups])
    data.add_series("Điểm bị mất", [g.lost for g in pack.groups])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_STACKED, Inches(0.4), Inches(1.5), Inches(7.2), Inches(5.2), data
    ).chart
    _style_chart(chart)
    chart.has_legend, chart.legend.position, chart.legend.include_in_layout = True, XL_LEGEND_POSITION.BOTTOM, False
    chart.category_axis.reverse_order = True
    for series, color in zip(chart.series, (ACCENT, LOST)):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = color
        series.data_labels.show_value, series.data_labels.number_format = True, NUMBER_FORMAT
        series.data_labels.number_format_is_linked = False
        series.data_labels.position = XL_LABEL_POSITION.CENTER
        series.data_labels.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    rows = [
        [
            g.name,
            f"{T.fmt_num(g.points)}/{T.fmt_num(g.max_points, 0)}",
            T.fmt_num(g.lost),
            str(g.national_rank or T.MISSING),
        ]
        for g in pack.groups
    ]
    _table(
        slide,
        Inches(7.8),
        Inches(1.6),
        Inches(5.1),
        ["Nhóm", "Điểm", "Mất", "Hạng"],
        rows,
        widths=[2.9, 1.5, 1, 1.1],
        size=13,
    )


def _bands(prs, pack, n):
    notes = [
        f"{league.label}: "
        + "; ".join(f"{band} {count}" for band, count in league.bands)
        + f" (trên {league.n_units} đơn vị)"
        for league in pack.leagues
    ]
    slide = _frame(prs, pack, "bands", n, notes)
    data = CategoryChartData(number_format="0")
    data.categories = [band for band, _ in pack.band_limits]
    for league in pack.leagues:
        data.add_series(league.label, [count for _, count in league.bands])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.4), Inches(1.5), Inches(7.6), Inches(5.2), data
    ).chart
    _style_chart(chart)
    chart.has_legend, chart.legend.position, chart.legend.include_in_layout = True, XL_LEGEND_POSITION.BOTTOM, False
    for series, color in zip(chart.series, (ACCENT, RGBColor(0x00, 0x9E, 0x73))):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = color
        series.data_labels.show_value = True
    header = ["Xếp loại (từ … điểm)", *[league.label for league in pack.leagues]]
    rows = [
        [f"{band} (≥ {T.fmt_compact(low)})", *[str(dict(league.bands)[band]) for league in pack.leagues]]
        for band, low in pack.band_limits
    ]
    fills = {(i + 1, 0): T.BAND_COLORS[band] for i, (band, _) in enumerate(pack.band_limits) if band in T.BAND_COLORS}
    _table(slide, Inches(8.2), Inches(1.6), Inches(4.7), header, rows, widths=[2.2, 1.3, 1.3], size=14, fills=fills)


def _league(prs, pack, n, league: LeagueSummary):
    below = (
        f"{len(league.below_target)}/{league.n_units} dưới chỉ tiêu {T.fmt_compact(league.target)} điểm"
        if league.target is not None
        else "chưa có chỉ tiêu điểm"
    )
    summary = f"Bình quân khối: {T.fmt_num(league.average)} · {below} · {len(league.below_average)} dưới bình quân"
    notes = [
        summary,
        "Thấp nhất: " + "; ".join(f"{u.name} {T.fmt_num(u.total)} (hạng {u.rank}/{u.rank_of})" for u in league.lowest),
    ]
    improved = "; ".join(f"{u.name} {T.fmt_movement(u.movement)}" for u in league.improved)
    notes.append("Tăng hạng nhiều nhất: " + (improved or "chưa có kỳ trước để so sánh"))
    slide = _frame(prs, pack, league.key, n, notes)
    _text(slide, Inches(0.5), Inches(1.4), Inches(12.3), Inches(0.5), summary, size=18, bold=True)
    rows = [[str(u.rank), u.name, T.fmt_num(u.total), u.band or T.MISSING, T.unit_gap_text(u)] for u in league.lowest]
    fills = {(i + 1, 3): T.BAND_COLORS[u.band] for i, u in enumerate(league.lowest) if u.band in T.BAND_COLORS}
    _text(slide, Inches(0.5), Inches(2.0), Inches(7.4), Inches(0.4), "Thấp nhất", size=16, bold=True, color=GREY)
    _table(
        slide,
        Inches(0.5),
        Inches(2.45),
        Inches(7.4),
        ["Hạng", "Đơn vị", "Điểm", "Xếp loại", "So chỉ tiêu"],
        rows,
        widths=[0.9, 3.8, 1, 1.4, 1.3],
        size=13,
        fills=fills,
    )
    _text(
        slide,
        Inches(8.2),
        Inches(2.0),
        Inches(4.7),
        Inches(0.4),
        "Tăng hạng nhiều nhất",
        size=16,
        bold=True,
        color=GREY,
    )
    if league.improved:
        _table(
            slide,
            Inches(8.2),
            Inches(2.45),
            Inches(4.7),
            ["Đơn vị", "Thay đổi", "Điểm"],
            [[u.name, T.fmt_movement(u.movement), T.fmt_num(u.total)] for u in league.improved],
            widths=[3, 1.1, 1],
            size=13,
        )
    else:
        _text(
            slide,
            Inches(8.2),
            Inches(2.45),
            Inches(4.7),
            Inches(0.8),
            "Chưa có kỳ trước cùng loại để so sánh.",
            size=16,
            color=GREY,
        )
    if league.lowest:
        data = CategoryChartData(number_format=NUMBER_FORMAT)
        data.categories = [u.name for u in league.lowest]
        data.add_series("Tổng điểm", [u.total for u in league.lowest])
        chart = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, Inches(8.2), Inches(4.6), Inches(4.7), Inches(2.2), data
        ).chart
        _style_chart(chart, 10)
        chart.has_legend, chart.has_title = False, False
        chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, 100  # scores out of 100, never zoomed
        chart.category_axis.reverse_order = True
        chart.series[0].data_labels.show_value = True
        chart.series[0].data_labels.number_format, chart.series[0].data_labels.number_format_is_linked = (
            NUMBER_FORMAT,
            False,
        )


def _targets(prs, pack, n):
    notes = [
        f"{t.name}: đạt {T.exact(t.actual)}, mục tiêu {T.exact(t.target)}, chênh {T.exact(t.gap)} ({t.status})"
        for t in pack.targets_at_risk
    ] or ["Tỉnh đạt mọi chỉ tiêu có số liệu."]
    notes.insert(0, f"Top {pack.top_n}: {T.top_text(pack)}.")
    slide = _frame(prs, pack, "targets", n, notes)
    _text(
        slide,
        Inches(0.5),
        Inches(1.4),
        Inches(12.3),
        Inches(0.5),
        f"Top {pack.top_n} toàn quốc: {T.top_text(pack)}",
        size=18,
        bold=True,
    )
    shown = pack.targets_at_risk[:8]
    if not shown:
        _text(slide, Inches(0.5), Inches(2.2), Inches(12.3), Inches(0.5), "Tỉnh đạt mọi chỉ tiêu có số liệu.", size=20)
        return
    rows = [
        [
            t.name,
            T.fmt_compact(t.target),
            T.fmt_compact(t.actual),
            T.MISSING if t.gap is None else f"còn thiếu {T.fmt_compact(abs(t.gap))}",
            t.status,
        ]
        for t in shown
    ]
    fills = {
        (i + 1, 4): T.TARGET_STATUS_COLORS[t.status] for i, t in enumerate(shown) if t.status in T.TARGET_STATUS_COLORS
    }
    _table(
        slide,
        Inches(0.5),
        Inches(2.0),
        Inches(12.3),
        ["Chỉ tiêu", "Mục tiêu", "Đạt", "Cần thêm", "Trạng thái"],
        rows,
        widths=[6, 1.2, 1.2, 2, 1.5],
        size=13,
        fills=fills,
    )
    if len(pack.targets_at_risk) > len(shown):
        _text(
            slide,
            Inches(0.5),
            Inches(6.4),
            Inches(12.3),
            Inches(0.4),
            f"… và {len(pack.targets_at_risk) - len(shown)} chỉ tiêu khác (xem bảng tính).",
            size=12,
            color=GREY,
        )


def _tasks(prs, pack, n):
    notes = [f"{pack.tasks_overdue}/{pack.tasks_total} nhiệm vụ quá hạn mà chưa báo cáo hoàn thành."]
    shown = pack.overdue_tasks[:OVERDUE_SHOWN]
    notes += [f"{t.task_id} {t.title} — {t.lead}; hạn {t.deadline}; {t.status}" for t in shown]
    slide = _frame(prs, pack, "tasks", n, notes)
    _text(
        slide,
        Inches(0.5),
        Inches(1.4),
        Inches(12.3),
        Inches(0.5),
        f"{pack.tasks_overdue}/{pack.tasks_total} nhiệm vụ đã quá hạn mà chưa báo cáo hoàn thành",
        size=18,
        bold=True,
    )
    if shown:
        rows = [[t.task_id, t.title, t.lead, t.deadline, t.status] for t in shown]
        _table(
            slide,
            Inches(0.5),
            Inches(2.0),
            Inches(12.3),
            ["Mã", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Trạng thái"],
            rows,
            widths=[1, 4.5, 2.5, 2.5, 1.8],
            size=12,
        )


def build(pack: MeetingPack) -> Presentation:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = f"Kết quả Bộ chỉ số 766 — {pack.period_label}"
    prs.core_properties.subject = T.stamp(pack)[:255]
    _title_slide(prs, pack)
    for number, (key, _) in enumerate(SLIDES[1:], start=2):
        if key == "province":
            _province(prs, pack, number)
        elif key == "groups":
            _groups(prs, pack, number)
        elif key == "bands":
            _bands(prs, pack, number)
        elif key in ("departments", "communes"):
            _league(prs, pack, number, pack.league(key))
        elif key == "targets":
            _targets(prs, pack, number)
        elif key == "tasks":
            _tasks(prs, pack, number)
    return prs


def deck_bytes(pack: MeetingPack) -> bytes:
    buffer = io.BytesIO()
    build(pack).save(buffer)
    return buffer.getvalue()
