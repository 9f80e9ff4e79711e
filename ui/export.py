"""Excel exports: what a table shows, with the period, source and filters printed above it."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(sheets: dict[str, pd.DataFrame], header_lines: list[str]) -> bytes:
    """One sheet per table (Vietnamese column names), the header lines above each table."""
    buffer = io.BytesIO()
    start = len(header_lines) + 1
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet_name = name[:31]
            frame.to_excel(writer, sheet_name=sheet_name, index=False, startrow=start)
            sheet = writer.sheets[sheet_name]
            for row, line in enumerate(header_lines, start=1):
                sheet.cell(row=row, column=1, value=line).font = Font(bold=row == 1, size=13 if row == 1 else 11)
            for cell in sheet[start + 1]:
                cell.font = Font(bold=True)
            for i, column in enumerate(frame.columns, start=1):
                width = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))]) + 2
                sheet.column_dimensions[get_column_letter(i)].width = min(width, 60)
            sheet.freeze_panes = sheet.cell(row=start + 2, column=1)
    return buffer.getvalue()
