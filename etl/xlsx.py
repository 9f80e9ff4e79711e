"""Reading workbooks with python-calamine into plain grids of cells.

Only after `etl.guard.inspect` has accepted the file (which bounds the sheets' real
extent), and only in a limited child process (`etl.sandbox`): `read_workbook` is the
entry point, `parse_workbook` what the child runs. Cells come back as None,
str (NFC, trimmed), float, bool, date/datetime, or a `CellError` for an Excel
error or a formula without a cached value. Numeric cells formatted as percent
are scaled to percent (0.886 → 88.6), as the person reading the sheet sees them.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, time

import python_calamine as calamine

from etl.guard import MAX_CELLS, SheetFacts, WorkbookFacts
from etl.problems import Rejected


@dataclass(frozen=True)
class CellError:
    """An Excel error (#DIV/0!, #N/A) or, with code None, a formula whose value was never computed."""

    code: str | None

    def __str__(self) -> str:
        return self.code or "=công thức"


@dataclass
class Sheet:
    name: str
    visible: bool
    rows: list[list]  # rows[0] is Excel row 1, cells[0] is column A
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (0-based, inclusive)
    hidden_rows: set[int] = field(default_factory=set)  # Excel row numbers

    def cell(self, row: int, col: int):
        """The cell at a 0-based row and column (None outside the grid)."""
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None


def _clean(value):
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).replace("\xa0", " ").strip()
        return text or None
    if isinstance(value, time) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _grid(raw: list[list], facts: SheetFacts) -> list[list]:
    # Floats and blanks (most cells) pass untouched; each distinct text is cleaned once.
    seen: dict = {}

    def clean(v):
        if v.__class__ is str:
            seen[v] = _clean(v)
            return seen[v]
        return _clean(v)

    rows = [
        [v if v.__class__ is float or v is None else seen[v] if v in seen else clean(v) for v in row] for row in raw
    ]
    for (r, c), code in facts.errors.items():
        if r - 1 < len(rows) and c < len(rows[r - 1]):
            rows[r - 1][c] = CellError(code)
    for r, c in facts.uncached:
        if r - 1 < len(rows) and c < len(rows[r - 1]):
            rows[r - 1][c] = CellError(None)
    for r, c in facts.percent:
        if r - 1 < len(rows) and c < len(rows[r - 1]) and isinstance(rows[r - 1][c], float):
            rows[r - 1][c] = round(rows[r - 1][c] * 100, 10)
    return rows


def read_workbook(name: str, data: bytes, facts: WorkbookFacts) -> list[Sheet]:
    """Every worksheet of the workbook, visible or not, in tab order, parsed in a limited child process."""
    from etl import sandbox

    return sandbox.read_workbook(name, data, facts)


def parse_workbook(name: str, data: bytes, facts: WorkbookFacts) -> list[Sheet]:
    """`read_workbook` in this process: only the sandbox child calls it."""
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets, cells = [], 0
        for meta in book.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            cells += sheet.height * sheet.width  # a second line behind the guard's bound on the real extent
            if cells > MAX_CELLS:
                raise Rejected(
                    f"Tệp '{name}' có quá nhiều ô số liệu (hơn {MAX_CELLS:,} ô)".replace(",", ".")
                    + "; một báo cáo không cần chừng ấy, hãy xóa phần thừa hoặc tách tệp."
                )
            sheet_facts = facts.of(meta.name)
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
            sheets.append(
                Sheet(
                    name=meta.name,
                    visible=meta.visible == calamine.SheetVisibleEnum.Visible,
                    rows=_grid(sheet.to_python(skip_empty_area=False), sheet_facts),
                    merged=merged,
                    hidden_rows=sheet_facts.hidden_rows,
                )
            )
        book.close()
    except calamine.PasswordError:
        raise Rejected(f"Tệp '{name}' được đặt mật khẩu (mã hóa) nên không đọc được.") from None
    except (calamine.CalamineError, ValueError) as exc:
        raise Rejected(f"Tệp '{name}' bị hỏng, không đọc được nội dung Excel ({type(exc).__name__}).") from None
    return sheets
