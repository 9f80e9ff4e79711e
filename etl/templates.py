"""The project's own Excel template for each import format (written with openpyxl).

A data sheet with title rows and a period cell, a frozen, locked header row
(the sheet is protected without a password: data cells stay editable), number
formats, dropdowns fed from a hidden list sheet through defined names (inline
lists are capped at 255 characters), and an instructions sheet (Hướng dẫn).
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from core.periods import Period
from etl import db
from etl.formats.base import Context
from etl.formats.catalog import FORMATS
from etl.registry import Registry

DATA_SHEET, HELP_SHEET, LIST_SHEET = "Dữ liệu", "Hướng dẫn", "Danh sách"
HEADER_ROW = 5
EMPTY_ROWS = 300  # editable rows offered below the pre-filled ones
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_UNLOCKED = Protection(locked=False)

GENERAL_HELP = (
    "Ghi kỳ của số liệu vào ô màu vàng ở dòng 3 (ví dụ: Tháng 9/2026, Quý III/2026, Năm 2025, 10/10/2026).",
    "Không sửa, không chèn hay xóa cột ở dòng tiêu đề (dòng 5). Có thể để trống các dòng không có số liệu.",
    "Tên đơn vị chọn trong danh sách thả xuống, hoặc gõ như cách thường viết (ví dụ 'P. Buôn Ma Thuột', "
    "'UBND xã Ea Kao'): hệ thống tự nhận ra; tên không nhận ra được sẽ được hỏi lại khi nạp.",
    "Số viết kiểu Việt Nam hoặc để Excel định dạng sẵn: 94,84; 1.234; 88,6%.",
    "Nạp tệp ở trang Nhập dữ liệu hoặc bằng lệnh: python -m etl load TỆP.xlsx. Hệ thống kiểm tra toàn bộ "
    "tệp trước khi nạp; nếu có lỗi thì không nạp gì và liệt kê từng lỗi (trang, dòng, cột).",
)


def _lists(wb: Workbook, lists: dict[str, list[str]]) -> dict[str, str]:
    """Write each list to a column of the hidden list sheet; field → defined name."""
    sheet = wb.create_sheet(LIST_SHEET)
    sheet.sheet_state = "hidden"
    names = {}
    for i, (field_name, values) in enumerate(lists.items(), start=1):
        defined = f"DS_{field_name.upper()}"
        letter = get_column_letter(i)
        sheet.cell(1, i, defined)
        for r, value in enumerate(values, start=2):
            sheet.cell(r, i, value)
        ref = f"{quote_sheetname(LIST_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        wb.defined_names[defined] = DefinedName(defined, attr_text=ref)
        names[field_name] = defined
    return names


def _help_sheet(wb: Workbook, fmt, fields) -> None:
    """Instructions as sentences in one column (a table here could pass for data)."""
    sheet = wb.create_sheet(HELP_SHEET)
    sheet.column_dimensions["A"].width = 120
    sheet.append([f"Hướng dẫn điền mẫu: {fmt.title}"])
    sheet["A1"].font = Font(bold=True, size=13)
    for line in (*GENERAL_HELP, *fmt.instructions):
        sheet.append([f"• {line}"])
    sheet.append([])
    sheet.append(["Các cột của mẫu:"])
    sheet[f"A{sheet.max_row}"].font = _BOLD
    kinds = {
        "count": "số nguyên",
        "number": "số",
        "date": "ngày (dd/mm/yyyy)",
        "text": "chữ",
        "unit": "tên đơn vị",
        "code": "mã",
    }
    for f in fields:
        bounds = " – ".join(str(b).replace(".", ",") for b in (f.min, f.max) if b is not None)
        sheet.append(
            [
                f"• {f.label}{' (bắt buộc)' if f.required else ''}: {kinds[f.type]}"
                + (f", từ {bounds}" if bounds else "")
            ]
        )
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def build_template(kind: str, registry: Registry, today: date | None = None) -> bytes:
    """The .xlsx template of a format, as bytes."""
    fmt = FORMATS[kind]
    today = today or date.today()
    ctx = Context(registry, Period("year", str(today.year)), today)
    fields = [f for f in fmt.field_list(ctx.formula) if f.in_template and f.name != "unit_code"]
    lists = dict(fmt.template_lists(ctx))
    if fmt.unit_kinds and "unit" not in lists:
        lists["unit"] = [registry.labels[u] for u in registry.unit_ids(fmt.unit_kinds)]
    prefilled = fmt.template_rows(ctx)

    wb = Workbook()
    sheet = wb.active
    sheet.title = DATA_SHEET
    names = _lists(wb, lists)
    _help_sheet(wb, fmt, fields)
    sheet["A1"] = "UBND TỈNH ĐẮK LẮK"
    sheet["A2"] = fmt.title.upper()
    sheet["A3"] = "Kỳ báo cáo:"
    for ref in ("A1", "A2", "A3"):
        sheet[ref].font = _BOLD
    period = sheet["C3"]
    period.fill, period.protection, period.number_format = _INPUT_FILL, _UNLOCKED, "@"

    columns = [("STT", None)] + [(f.label, f) for f in fields]
    last_row = HEADER_ROW + len(prefilled) + EMPTY_ROWS
    for c, (label, f) in enumerate(columns, start=1):
        head = sheet.cell(HEADER_ROW, c, label)
        head.font, head.fill, head.border = _BOLD, _HEADER_FILL, _BORDER
        head.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        letter = get_column_letter(c)
        sheet.column_dimensions[letter].width = 6 if f is None else f.width
        fmt_code = "@" if f is not None and f.type in ("code", "text", "unit") else (f.number_format if f else "0")
        for r in range(HEADER_ROW + 1, last_row + 1):
            cell = sheet.cell(r, c)
            cell.protection = _UNLOCKED
            if fmt_code:
                cell.number_format = fmt_code
        if f is not None and f.name in names:
            rule = DataValidation(
                type="list",
                formula1=f"={names[f.name]}",
                allow_blank=True,
                showErrorMessage=f.type != "unit",
                errorTitle="Giá trị không có trong danh sách",
            )
            rule.add(f"{letter}{HEADER_ROW + 1}:{letter}{last_row}")
            sheet.add_data_validation(rule)
    index_of = {f.name: c for c, (_, f) in enumerate(columns, start=1) if f is not None}
    for r, values in enumerate(prefilled, start=HEADER_ROW + 1):
        sheet.cell(r, 1, r - HEADER_ROW)
        for name, value in values.items():
            if name in index_of:
                sheet.cell(r, index_of[name], value)
    sheet.row_dimensions[HEADER_ROW].height = 45
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3)
    sheet.protection.sheet = True
    for action in ("formatColumns", "formatRows", "insertRows", "deleteRows", "sort", "autoFilter"):
        setattr(sheet.protection, action, False)
    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_for(kind: str, path=None) -> bytes:
    """The template of a format, built from the warehouse's current registry."""
    with db.connect(path, read_only=True) as con:
        registry = Registry.load(con)
    return build_template(kind, registry)
