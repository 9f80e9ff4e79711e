"""The monthly notice (Word, python-docx): "Thông báo kết quả Bộ chỉ số … tháng MM/YYYY", laid
out as a provincial notice (heading block, numbered sections, a section for the leadership's
conclusions left blank, recipients). Editable text and tables, never a picture.

Thresholds (departments < 95, communes < 96,5) come from the targets data through the view
model (`LeagueSummary.target`), never from this file."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports import text as T
from views.meeting import LEAGUE_UNITS, LeagueSummary, MeetingPack

# Decree 30/2020/NĐ-CP: administrative documents are set in Times New Roman, 13–14 pt.
FONT, SIZE = "Times New Roman", 13
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def month_text(pack: MeetingPack) -> str:
    """ "tháng 10/2026" for the notice's title (a snapshot's month; a quarter or year as such)."""
    period = pack.period
    if period.type in ("day", "month"):
        return f"tháng {pack.data_date.month:02d}/{pack.data_date.year}"
    return pack.period_label.lower()


def _font(run, size=SIZE, bold=False, italic=False):
    """Only what differs from the Normal style (Times New Roman 13): each property set costs XML work."""
    if size != SIZE:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True


def _para(doc_or_cell, text="", size=SIZE, bold=False, italic=False, align=None, space_after=4, indent=False):
    para = doc_or_cell.add_paragraph()
    if text:
        _font(para.add_run(text), size, bold, italic)
    para.paragraph_format.space_after = Pt(space_after)
    if indent:
        para.paragraph_format.first_line_indent = Cm(1)
    if align is not None:
        para.alignment = align
    return para


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _shade(cell, hex6: str):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), hex6)
    cell._tc.get_or_add_tcPr().append(shading)


def _widths(table, widths_cm: list[float]) -> None:
    """Column widths in the table grid (what LibreOffice and Word lay out by) and no autofit."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)


def _table(doc, header: list[str], rows: list[list[str]], widths_cm: list[float], band_col: int | None = None):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths_cm)
    for i, (name, cell) in enumerate(zip(header, table.rows[0].cells)):
        cell.width = Cm(widths_cm[i])
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(name), 12, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for i, value in enumerate(values):
            cells[i].width = Cm(widths_cm[i])
            _font(cells[i].paragraphs[0].add_run(str(value)), 12)
            if i and T.MISSING != value and str(value)[:1].isdigit():
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if band_col == i and value in T.BAND_COLORS:
                _shade(cells[i], T.BAND_COLORS[value])
    # Repeat the header row on every page the table spans.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header_flag = OxmlElement("w:tblHeader")
    header_flag.set(qn("w:val"), "true")
    tr_pr.append(header_flag)
    _para(doc, space_after=2)
    return table


def _heading_block(doc, pack: MeetingPack):
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [6.0, 10.0])
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.0), Cm(10.0)
    for cell, lines in (
        (left, [("ỦY BAN NHÂN DÂN", False), ("TỈNH ĐẮK LẮK", True), ("", False), ("Số:       /TB-UBND", False)]),
        (
            right,
            [
                ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
                ("Độc lập - Tự do - Hạnh phúc", True),
                ("", False),
                (f"Đắk Lắk, ngày      tháng {pack.generated_at.month:02d} năm {pack.generated_at.year}", False),
            ],
        ),
    ):
        cell.paragraphs[0].text = ""
        for i, (line, bold) in enumerate(lines):
            para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.paragraph_format.space_after = Pt(0)
            if line:
                _font(
                    para.add_run(line),
                    12 if cell is left or i == 0 else 13,
                    bold=bold,
                    italic=line.startswith("Đắk Lắk,"),
                )


def _league_section(doc, number: str, league: LeagueSummary, pack: MeetingPack):
    _para(doc, f"{number}. KẾT QUẢ CỦA {league.label.upper()}", bold=True, space_after=6)
    units = LEAGUE_UNITS[league.key]
    bands = "; ".join(f"{band}: {count}" for band, count in league.bands)
    _para(
        doc,
        f"Có {league.n_units} {units} được đánh giá, điểm bình quân {T.fmt_num(league.average)} điểm. "
        f"Xếp loại: {bands}.",
        indent=True,
    )
    if league.target is not None:
        _para(
            doc,
            f"a) {T.fmt_compact(len(league.below_target))}/{league.n_units} {units} dưới "
            f"{T.fmt_compact(league.target)} điểm (chỉ tiêu năm {pack.data_date.year}):",
            indent=True,
        )
        rows = [
            [str(i), u.name, T.fmt_num(u.total), str(u.rank or T.MISSING), u.band or T.MISSING, T.unit_gap_text(u)]
            for i, u in enumerate(league.below_target, start=1)
        ]
        if rows:
            _table(
                doc,
                ["STT", "Đơn vị", "Điểm", "Hạng", "Xếp loại", "So chỉ tiêu"],
                rows,
                [1.4, 6.3, 1.8, 1.6, 2.7, 2.2],
                band_col=4,
            )
    else:
        _para(doc, "a) Chưa có chỉ tiêu điểm cho khối này trong năm.", indent=True)
    below = league.below_average
    _para(
        doc,
        f"b) {len(below)} {units} có điểm dưới bình quân ({T.fmt_num(league.average)} điểm)"
        + (": " + "; ".join(f"{u.name} ({T.fmt_num(u.total)})" for u in below) + "." if below else "."),
        indent=True,
    )
    if league.improved:
        _para(
            doc,
            "c) Tăng hạng nhiều nhất: "
            + "; ".join(f"{u.name} ({T.fmt_movement(u.movement)})" for u in league.improved)
            + ".",
            indent=True,
        )


def build(pack: MeetingPack) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(SIZE)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.core_properties.title = f"Thông báo kết quả Bộ chỉ số 766 {month_text(pack)}"
    doc.core_properties.subject = T.stamp(pack)[:255]

    # Every page states the period, the data's date and source, and the filters (the footer).
    footer = section.footer.paragraphs[0]
    for i, line in enumerate(T.stamp_lines(pack)):
        _font(footer.add_run(("\n" if i else "") + line), 9, italic=True)

    _heading_block(doc, pack)
    _para(doc, space_after=6)
    _para(doc, "THÔNG BÁO", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(
        doc,
        f"Kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, "
        f"dịch vụ công {month_text(pack)}",
        size=14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=2,
    )
    _para(
        doc,
        f"(Số liệu đến ngày {T.date_vn(pack.data_date)}; nguồn: {pack.source})",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=10,
    )
    _para(
        doc,
        "Căn cứ kết quả đánh giá Bộ chỉ số phục vụ người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg "
        "ngày 23/6/2022 của Thủ tướng Chính phủ trên Cổng Dịch vụ công quốc gia, Ủy ban nhân dân tỉnh "
        "thông báo kết quả như sau:",
        indent=True,
    )

    _para(doc, f"{ROMAN[0]}. KẾT QUẢ CỦA TỈNH", bold=True, space_after=6)
    _para(doc, T.province_sentence(pack), indent=True)
    _para(doc, "Kết quả theo từng nhóm chỉ số:", indent=True)
    _table(
        doc,
        ["Nhóm chỉ số", "Điểm đạt", "Tối đa", "Bị mất", "Hạng toàn quốc"],
        [
            [
                g.name,
                T.fmt_num(g.points),
                T.fmt_num(g.max_points, 0),
                T.fmt_num(g.lost),
                str(g.national_rank or T.MISSING),
            ]
            for g in pack.groups
        ]
        + [["Tổng", T.fmt_num(pack.total), "100", T.fmt_num(pack.points_lost), str(pack.rank or T.MISSING)]],
        [6.0, 2.4, 1.8, 2.2, 3.6],
    )

    for i, league in enumerate(pack.leagues, start=1):
        _league_section(doc, ROMAN[i], league, pack)

    n = len(pack.leagues) + 1
    _para(doc, f"{ROMAN[n]}. CÁC CHỈ TIÊU BỊ MẤT ĐIỂM NHIỀU NHẤT CỦA TỈNH", bold=True, space_after=6)
    names = {g.code: g.name for g in pack.groups}
    if pack.lost_indicators:
        _table(
            doc,
            ["STT", "Chỉ tiêu", "Nhóm", "Điểm đạt", "Tối đa", "Bị mất"],
            [
                [
                    str(i),
                    x.name,
                    names.get(x.group, x.group),
                    T.fmt_num(x.points),
                    T.fmt_num(x.max_points, 0),
                    T.fmt_num(x.lost),
                ]
                for i, x in enumerate(pack.lost_indicators, start=1)
            ],
            [1.4, 6.1, 3.0, 2.0, 1.6, 1.9],
        )
    else:
        _para(doc, "Không có chỉ tiêu nào bị mất điểm.", indent=True)

    _para(doc, f"{ROMAN[n + 1]}. CHỈ TIÊU CỦA TỈNH CHƯA ĐẠT", bold=True, space_after=6)
    if pack.targets_at_risk:
        _table(
            doc,
            ["STT", "Chỉ tiêu", "Mục tiêu", "Đạt", "Trạng thái"],
            [
                [str(i), t.name, T.fmt_compact(t.target), T.fmt_compact(t.actual), t.status]
                for i, t in enumerate(pack.targets_at_risk, start=1)
            ],
            [1.4, 7.9, 2.2, 2.0, 2.5],
        )
    else:
        _para(doc, "Tỉnh đạt mọi chỉ tiêu có số liệu.", indent=True)
    _para(
        doc,
        f"Nhiệm vụ: {pack.tasks_overdue}/{pack.tasks_total} nhiệm vụ đã quá hạn mà chưa báo cáo hoàn thành.",
        indent=True,
    )

    _para(doc, f"{ROMAN[n + 2]}. KẾT LUẬN, CHỈ ĐẠO CỦA LÃNH ĐẠO UBND TỈNH", bold=True, space_after=6)
    _para(doc, "(Phần dành cho lãnh đạo ghi kết luận, chỉ đạo.)", italic=True, indent=True)
    for _ in range(4):
        _para(doc, "", indent=True)

    closing = doc.add_table(rows=1, cols=2)
    _no_borders(closing)
    _widths(closing, [8, 8])
    left, right = closing.rows[0].cells
    left.paragraphs[0].text = ""
    _font(left.paragraphs[0].add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for line in ("- Các sở, ban, ngành;", "- UBND các xã, phường;", "- Lưu: VT."):
        para = left.add_paragraph()
        para.paragraph_format.space_after = Pt(0)
        _font(para.add_run(line), 11)
    right.paragraphs[0].text = ""
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(right.paragraphs[0].add_run("TL. CHỦ TỊCH"), 13, bold=True)
    _para(doc, T.generated(pack), size=9, italic=True, space_after=0).runs[0].font.color.rgb = RGBColor(
        0x55, 0x55, 0x55
    )
    return doc


def notice_bytes(pack: MeetingPack) -> bytes:
    buffer = io.BytesIO()
    build(pack).save(buffer)
    return buffer.getvalue()
