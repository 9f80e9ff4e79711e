"""What an import reports back: problems (which stop a load) and warnings (which do not).

Every problem names where it is (sheet, Excel row, column letter and header), the
value found there and a Vietnamese sentence a non-programmer can act on.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

REPORT_COLUMNS = {"file": "Tệp", "sheet": "Trang", "row": "Dòng", "column": "Cột", "header": "Tiêu đề cột",
                  "value": "Giá trị", "message": "Vấn đề"}


@dataclass(frozen=True, order=True)
class Problem:
    sheet: str = ""
    row: int = 0                # Excel row number (1-based), 0 when the problem is about the whole file
    column: str = ""            # Excel column letter
    header: str = ""            # the column's header as written in the file
    value: str = ""
    message: str = ""


class Rejected(Exception):
    """A file refused before its cells are read (not Excel, encrypted, too large, unsafe)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.problem = Problem(message=message)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def show_value(value) -> str:
    """A cell value as a person would read it back ("94,84", "1234", "Sở Y tế")."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    if isinstance(value, (date, datetime)):
        return f"{value:%d/%m/%Y}"
    return str(value)


def report_frame(problems: list[Problem], file_name: str = "") -> pd.DataFrame:
    """The validation report as a table with Vietnamese column names (shown and downloaded)."""
    rows = [{"file": file_name, "sheet": p.sheet, "row": p.row or None, "column": p.column, "header": p.header,
             "value": p.value, "message": p.message} for p in problems]
    frame = pd.DataFrame(rows, columns=list(REPORT_COLUMNS)).astype({"row": "Int64"})
    return frame.rename(columns=REPORT_COLUMNS)


def report_csv(frame: pd.DataFrame) -> bytes:
    """The report as CSV with a BOM, so Excel opens the Vietnamese text correctly."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def report_xlsx(frame: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.to_excel(out, index=False, sheet_name="Báo cáo kiểm tra", engine="openpyxl")
    return out.getvalue()
