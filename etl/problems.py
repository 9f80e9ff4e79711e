"""What an import reports back: problems (which stop a load) and warnings (which do not).

Every problem names where it is (sheet, Excel row, column letter and header), the
value found there and a Vietnamese sentence a non-programmer can act on.

What a file carries is data, never markup, a formula or a terminal escape: the
reports written here (xlsx, csv) hold explicit text cells that no spreadsheet
evaluates (`neutral_csv`), and `visible` shows control characters as escapes for
terminals. The number of problems kept per file is capped (`cap`) so a hostile
file cannot make the report itself the attack. pandas is imported lazily: the
parser child process (etl.sandbox) imports this module and must start small.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from core.text import INVISIBLE as _INVISIBLE
from core.text import visible  # noqa: F401  (re-exported: the CLI prints through it)

REPORT_COLUMNS = {
    "file": "Tệp",
    "sheet": "Trang",
    "row": "Dòng",
    "column": "Cột",
    "header": "Tiêu đề cột",
    "value": "Giá trị",
    "message": "Vấn đề",
}
REPORT_SHEET = "Báo cáo kiểm tra"
MAX_PROBLEMS = 1000  # per file: enough to fix a file, small enough that any report stays cheap
MAX_VALUE_CHARS = 200  # a quoted cell value in a message or report


@dataclass(frozen=True, order=True)
class Problem:
    sheet: str = ""
    row: int = 0  # Excel row number (1-based), 0 when the problem is about the whole file
    column: str = ""  # Excel column letter
    header: str = ""  # the column's header as written in the file
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
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def fmt_count(n: int) -> str:
    """1234567 → "1.234.567" (Vietnamese thousands)."""
    return f"{n:,}".replace(",", ".")


@dataclass(frozen=True, order=True)
class MoreProblems(Problem):
    """The last line of a capped list: how many problems were left out."""

    more: int = 0


def cap(problems: list[Problem], limit: int = MAX_PROBLEMS) -> list[Problem]:
    """The first `limit` problems, then one line saying how many more there are."""
    if len(problems) <= limit:
        return problems
    rest = len(problems) - limit
    return [
        *problems[:limit],
        MoreProblems(
            more=rest,
            message=(
                f"… và {fmt_count(rest)} lỗi khác không liệt kê (chỉ hiện {fmt_count(limit)} lỗi đầu tiên). "
                "Hãy sửa các lỗi trên (thường cùng một nguyên nhân) rồi kiểm tra lại."
            ),
        ),
    ]


def count_problems(problems: list[Problem]) -> int:
    """How many problems a (possibly capped) list stands for."""
    return sum(p.more if isinstance(p, MoreProblems) else 1 for p in problems)


# --- neutralised reports ----------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # with full-width
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*")


def neutral_csv(text: str) -> str:
    """A value that no spreadsheet reads as a formula: a leading ' when it could start one.

    Plain numbers ("-5", "94,84") are left alone: they cannot run anything.
    """
    if not text or _PLAIN_NUMBER.fullmatch(text):
        return text
    stripped = unicodedata.normalize("NFKC", text.lstrip(" \xa0"))
    return "'" + text if text[0] in _FORMULA_START or stripped[:1] in _FORMULA_START else text


def _xml_safe(text: str) -> str:
    """openpyxl refuses control characters XML cannot hold: show them instead."""
    return visible(text) if _INVISIBLE.search(text) else text


def report_frame(problems: list[Problem], file_name: str = ""):
    """The validation report as a table with Vietnamese column names (shown and downloaded)."""
    import pandas as pd

    rows = [
        {
            "file": file_name,
            "sheet": p.sheet,
            "row": p.row or None,
            "column": p.column,
            "header": p.header,
            "value": p.value,
            "message": p.message,
        }
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=list(REPORT_COLUMNS)).astype({"row": "Int64"})
    return frame.rename(columns=REPORT_COLUMNS)


def _cells(frame) -> list[list]:
    """Rows of the report: the row number stays a number, everything else is text."""
    import pandas as pd

    out = []
    for record in frame.astype(object).itertuples(index=False):
        out.append(
            [
                None if pd.isna(v) else (int(v) if name == REPORT_COLUMNS["row"] else str(v))
                for name, v in zip(frame.columns, record)
            ]
        )
    return out


def report_csv(frame) -> bytes:
    """The report as CSV with a BOM (Excel reads the Vietnamese text), every value neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutral_csv(str(c)) for c in frame.columns])
    for row in _cells(frame):
        writer.writerow(["" if v is None else neutral_csv(visible(str(v))) for v in row])
    return out.getvalue().encode("utf-8-sig")


def report_xlsx(frame) -> bytes:
    """The report as a workbook of explicit text cells (type "s"): a value starting with "=" stays text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(REPORT_SHEET)
    widths = {"A": 24, "B": 18, "C": 8, "D": 6, "E": 24, "F": 24, "G": 80}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width

    def cell(value):
        c = WriteOnlyCell(sheet)
        if isinstance(value, int):
            c.value = value
        elif value is not None:
            c.value = _xml_safe(value)
            c.data_type = "s"  # set after the value: openpyxl would otherwise bind "=…" as a formula
        return c

    sheet.append([cell(str(c)) for c in frame.columns])
    for row in _cells(frame):
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
