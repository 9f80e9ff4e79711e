"""The one-page A4 PDF for the leadership (fpdf2, DejaVu Sans embedded): score, rank, groups,
lowest units, targets at risk; the period, data date, source and filters on the page."""

from __future__ import annotations

from fpdf import FPDF

from reports import text as T
from views.meeting import MeetingPack

FAMILY = "DejaVu"
DARK, GREY, ACCENT, LOST, LIGHT = (31, 42, 68), (85, 95, 109), (0, 114, 178), (213, 94, 0), (232, 236, 241)
LEFT, WIDTH = 12, 186  # mm: A4 is 210 wide
LOWEST, TARGETS = 5, 6


def _rgb(hex6: str) -> tuple[int, int, int]:
    return tuple(int(hex6[i : i + 2], 16) for i in (0, 2, 4))


class _Page(FPDF):
    def __init__(self, pack: MeetingPack):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.pack = pack
        self.add_font(FAMILY, "", str(T.FONT_REGULAR))
        self.add_font(FAMILY, "B", str(T.FONT_BOLD))
        self.set_auto_page_break(False)
        self.set_margins(LEFT, 10, LEFT)
        self.set_title(f"Bộ chỉ số 766 — {pack.period_label}")
        self.set_subject(T.stamp(pack))
        self.set_creator("Bảng điều hành CCHC tỉnh Đắk Lắk")

    def text_at(self, x, y, w, text, size=9, bold=False, color=DARK, align="L", h=None):
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)
        self.set_xy(x, y)
        self.multi_cell(w, h or size * 0.45, text, align=align, new_x="LMARGIN", new_y="NEXT")
        return self.get_y()

    def cell_row(self, x, y, widths, values, size=8, bold=False, fill=None, fills=None, h=5.2):
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*DARK)
        self.set_xy(x, y)
        for i, (w, value) in enumerate(zip(widths, values)):
            color = (fills or {}).get(i) or fill
            if color:
                self.set_fill_color(*color)
            text = str(value)
            while self.get_string_width(text) > w - 1.5 and len(text) > 4:  # cut, never overflow the cell
                text = text[:-2].rstrip() + "…"
            self.cell(w, h, text, border="B", fill=bool(color), align="R" if i and _numeric(value) else "L")
        return y + h


def _numeric(value) -> bool:
    text = str(value).replace(",", "").replace(".", "").replace("/", "").replace("−", "").replace("+", "")
    return text.strip().isdigit()


def build(pack: MeetingPack) -> FPDF:
    pdf = _Page(pack)
    pdf.add_page()
    y = pdf.text_at(LEFT, 10, WIDTH, "KẾT QUẢ BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP (766)", 14, bold=True)
    y = pdf.text_at(
        LEFT,
        y + 1,
        WIDTH,
        f"{pack.province_name} · {pack.period_label}" + (" (tạm tính)" if pack.provisional else ""),
        12,
        bold=True,
        color=ACCENT,
    )
    for line in T.stamp_lines(pack):
        y = pdf.text_at(LEFT, y + 0.5, WIDTH, line, 7.5, color=GREY)

    # Key figures.
    y += 3
    tiles = [
        ("Điểm của tỉnh", T.fmt_num(pack.total)),
        ("Xếp loại", pack.band or T.MISSING),
        ("Hạng toàn quốc", T.fmt_rank(pack.rank, pack.rank_of)),
        ("So với kỳ trước", T.fmt_movement(pack.movement) if pack.previous else "chưa có"),
        (f"Bình quân {pack.rank_of} tỉnh", T.fmt_num(pack.national_average)),
    ]
    tile_w = WIDTH / len(tiles)
    for i, (label, value) in enumerate(tiles):
        x = LEFT + i * tile_w
        pdf.set_fill_color(*LIGHT)
        pdf.rect(x + 0.5, y, tile_w - 1, 17, style="F")
        pdf.text_at(x + 2, y + 1.5, tile_w - 4, label, 8, color=GREY)
        pdf.text_at(x + 2, y + 6.5, tile_w - 4, value, 16 if len(value) < 10 else 11, bold=True, color=ACCENT)
    y += 19
    y = pdf.text_at(LEFT, y, WIDTH, T.province_sentence(pack), 8.5)

    # Groups: points over the maximum, points lost in red, native vector bars.
    y = pdf.text_at(LEFT, y + 3, WIDTH, "Sáu nhóm chỉ số (điểm đạt / tối đa; phần đỏ: điểm bị mất)", 10, bold=True)
    bar_x, bar_w = LEFT + 60, 66
    scale = bar_w / max(g.max_points for g in pack.groups)
    for g in pack.groups:
        y += 1.2
        pdf.text_at(LEFT, y, 58, g.name, 8)
        points = g.points or 0
        pdf.set_fill_color(*ACCENT)
        pdf.rect(bar_x, y, points * scale, 4, style="F")
        pdf.set_fill_color(*LOST)
        pdf.rect(bar_x + points * scale, y, max(g.max_points - points, 0) * scale, 4, style="F")
        pdf.text_at(
            bar_x + bar_w + 2,
            y - 0.2,
            WIDTH - 60 - bar_w - 2,
            f"{T.fmt_num(g.points)}/{T.fmt_num(g.max_points, 0)} · mất {T.fmt_num(g.lost)}"
            + (f" · hạng {g.national_rank}" if g.national_rank else ""),
            7.5,
        )
        y += 4.2

    # Lowest units, one column per league.
    y += 3
    col_w = (WIDTH - 6) / 2
    top = y
    for i, league in enumerate(pack.leagues):
        x = LEFT + i * (col_w + 6)
        yy = pdf.text_at(x, top, col_w, f"{league.label}: thấp nhất", 10, bold=True)
        target = (
            f"; {len(league.below_target)}/{league.n_units} dưới {T.fmt_compact(league.target)} điểm"
            if league.target is not None
            else ""
        )
        yy = pdf.text_at(
            x,
            yy + 0.5,
            col_w,
            f"Bình quân {T.fmt_num(league.average)}{target}; {len(league.below_average)} dưới bình quân",
            7.5,
            color=GREY,
        )
        widths = [10, col_w - 10 - 14 - 20, 14, 20]
        yy = pdf.cell_row(x, yy + 1, widths, ["Hạng", "Đơn vị", "Điểm", "Xếp loại"], bold=True, fill=LIGHT)
        for u in league.lowest[:LOWEST]:
            fills = {3: _rgb(T.BAND_COLORS[u.band])} if u.band in T.BAND_COLORS else None
            yy = pdf.cell_row(
                x, yy, widths, [u.rank or T.MISSING, u.name, T.fmt_num(u.total), u.band or T.MISSING], fills=fills
            )
        y = max(y, yy)

    # Targets at risk.
    y = pdf.text_at(
        LEFT,
        y + 4,
        WIDTH,
        f"Chỉ tiêu của tỉnh chưa đạt ({len(pack.targets_at_risk)}) · Top {pack.top_n}: {T.top_text(pack)}",
        10,
        bold=True,
    )
    widths = [WIDTH - 22 - 22 - 26 - 20, 22, 22, 26, 20]
    y = pdf.cell_row(
        LEFT, y + 1, widths, ["Chỉ tiêu", "Mục tiêu", "Đạt", "Cần thêm", "Trạng thái"], bold=True, fill=LIGHT
    )
    for t in pack.targets_at_risk[:TARGETS]:
        fills = {4: _rgb(T.TARGET_STATUS_COLORS[t.status])} if t.status in T.TARGET_STATUS_COLORS else None
        y = pdf.cell_row(
            LEFT,
            y,
            widths,
            [
                t.name,
                T.fmt_compact(t.target),
                T.fmt_compact(t.actual),
                T.MISSING if t.gap is None else T.fmt_compact(abs(t.gap)),
                t.status,
            ],
            fills=fills,
        )
    if len(pack.targets_at_risk) > TARGETS:
        y = pdf.text_at(
            LEFT, y + 0.5, WIDTH, f"… và {len(pack.targets_at_risk) - TARGETS} chỉ tiêu khác.", 7.5, color=GREY
        )
    pdf.text_at(
        LEFT,
        y + 2,
        WIDTH,
        f"Nhiệm vụ: {pack.tasks_overdue}/{pack.tasks_total} nhiệm vụ quá hạn mà chưa báo cáo hoàn thành.",
        8.5,
    )

    # Footer: the stamp again, and when the page was made.
    pdf.set_draw_color(*GREY)
    pdf.line(LEFT, 281, LEFT + WIDTH, 281)
    pdf.text_at(LEFT, 282, WIDTH, f"{T.stamp(pack)} · {T.generated(pack)}", 6.5, color=GREY)
    return pdf


def onepager_bytes(pack: MeetingPack) -> bytes:
    return bytes(build(pack).output())
