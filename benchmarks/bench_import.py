"""Imports: (1) a month's TTHC report for the 116 units, end to end (guard, read, detect,
validate, preview, archive, commit) on a fresh warehouse; target under 1 s. (2) Parsing a
200,000-row sheet with python-calamine (the reader the imports use) against
`pandas.read_excel(engine="openpyxl")`, measured in the same run; target at least 6x.

    python -m benchmarks import
"""
from __future__ import annotations

import io
import os
import statistics
import tempfile
import time
import zipfile
from pathlib import Path

import pandas as pd
import python_calamine
from openpyxl import Workbook

from etl import db
from etl.importer import check_files, load_checked
from etl.reference import load_reference
from etl.registry import Registry

OUTPUT = Path(__file__).resolve().parent / "output"
BIG_ROWS, BIG_COLUMNS = 200_000, 10
TTHC_HEADER = ["STT", "Tên đơn vị", "Kỳ trước chuyển qua", "Mới tiếp nhận trực tuyến",
               "Mới tiếp nhận trực tiếp, bưu chính", "Đã giải quyết trước hạn", "Đã giải quyết đúng hạn",
               "Đã giải quyết quá hạn", "Đang giải quyết trong hạn", "Đang giải quyết quá hạn",
               "Số hồ sơ quá hạn đã xin lỗi"]


def monthly_report(names: list[str], month: int) -> bytes:
    """The report of one month of 2026 for every unit (openpyxl, as Excel would save it)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND TỈNH ĐẮK LẮK"])
    ws.append([f"BÁO CÁO TÌNH HÌNH TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ TTHC THÁNG {month}/2026"])
    ws.append(TTHC_HEADER)
    for i, name in enumerate(names, start=1):
        base = (i * 37 + month) % 400
        ws.append([i, name, base, base * 3, base, base, base * 3, month % 5, base, 1, 0])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def end_to_end() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warehouse.duckdb"
        os.environ["CCHC_ARCHIVE"] = str(Path(tmp) / "archive")
        with db.connect(path) as con:
            db.migrate(con)
            load_reference(con)
            registry = Registry.load(con)
        names = [registry.labels[u] for u in registry.unit_ids(("department", "commune"))]
        reports = [monthly_report(names, m) for m in range(1, 10)]
        timings, rows = [], 0
        for month, data in enumerate(reports, start=1):
            start = time.perf_counter()
            checked = check_files([(f"thang{month}.xlsx", data)], path=path)
            assert all(p.ok for p in checked), checked[0].problems[:3]
            load_checked(checked, "benchmark", path=path)
            timings.append(time.perf_counter() - start)
            rows = len(checked[0].rows)
        os.environ.pop("CCHC_ARCHIVE")
    median = statistics.median(timings)
    print(f"TTHC report, {len(names)} units ({rows} rows), end to end: median {median:.3f} s over "
          f"{len(timings)} months (min {min(timings):.3f}, max {max(timings):.3f}); "
          f"{median / 1.0:.2f} of the 1 s budget")


def big_sheet(path: Path) -> Path:
    """200,000 rows written straight as sheet XML (seconds, not the minutes openpyxl would take)."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet = io.StringIO()
    sheet.write('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                'spreadsheetml/2006/main"><sheetData>')
    sheet.write('<row r="1">' + "".join(f'<c r="{chr(65 + c)}1" t="inlineStr"><is><t>Cột {c}</t></is></c>'
                                        for c in range(BIG_COLUMNS)) + "</row>")
    for r in range(2, BIG_ROWS + 2):
        cells = [f'<c r="A{r}" t="inlineStr"><is><t>Xã số {r % 102}</t></is></c>']
        cells += [f'<c r="{chr(65 + c)}{r}"><v>{(r * c) % 9973 / 7:.2f}</v></c>' for c in range(1, BIG_COLUMNS)]
        sheet.write(f'<row r="{r}">{"".join(cells)}</row>')
    sheet.write("</sheetData></worksheet>")
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Dữ liệu" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet.getvalue(),
    }
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    tmp.replace(path)
    return path


def parse_speed() -> None:
    path = big_sheet(OUTPUT / f"rows{BIG_ROWS // 1000}k.xlsx")
    start = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_index(0).to_python()
    fast = time.perf_counter() - start
    assert len(rows) == BIG_ROWS + 1
    start = time.perf_counter()
    frame = pd.read_excel(path, engine="openpyxl")
    slow = time.perf_counter() - start
    assert len(frame) == BIG_ROWS
    print(f"{BIG_ROWS:,} rows x {BIG_COLUMNS} columns: python-calamine {fast:.2f} s "
          f"({BIG_ROWS / fast:,.0f} rows/s), pandas.read_excel(openpyxl) {slow:.2f} s "
          f"({BIG_ROWS / slow:,.0f} rows/s); calamine is {slow / fast:.1f}x faster (target ≥ 6x)")


def main() -> None:
    end_to_end()
    parse_speed()
