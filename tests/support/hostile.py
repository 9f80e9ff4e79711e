"""The hostile corpus, generated (no test here): workbooks written part by part, so a test can
put anything where Excel would never put it — a cell at XFD1048576, a million rows, a sheet
renamed .dat, a macro project, control characters — cheaply and byte for byte as an attacker would.

Each workbook is a real OOXML package (content types, relationships, workbook, sheets) that
calamine and Excel read; `rows` are lists of cell values (str, int, float or None).
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from etl.problems import column_letter
from tests.support.tthc import TTHC_HEADER_ROW

SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL_SHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"

TITLE = "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THÁNG 9/2026"
HEADER = TTHC_HEADER_ROW
VALUES = [5, 10, 20, 3, 25, 2, 4, 1, 2]


def tthc(names: list) -> list[list]:
    """A monthly TTHC report (title row 2, header row 3) with one data row per name, from row 4."""
    return [["UBND TỈNH ĐẮK LẮK"], [TITLE], HEADER] + [[i, name, *VALUES] for i, name in enumerate(names, 1)]


def _cell(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = escape(str(value)).replace("\x1b", "_x001B_").replace("\x07", "_x0007_").replace("\x00", "_x0000_")
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def sheet_xml(rows: list[list], far: dict[str, object] | None = None) -> str:
    """A worksheet; `far` adds cells by reference (e.g. {"XFD1048576": 1}) after the rows."""
    body = [
        f'<row r="{r}">' + "".join(_cell(f"{column_letter(c)}{r}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, 1)
    ]
    for ref, value in (far or {}).items():
        row = int("".join(ch for ch in ref if ch.isdigit()))
        body.append(f'<row r="{row}">{_cell(ref, value)}</row>')
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}><sheetData>{"".join(body)}'
        "</sheetData></worksheet>"
    )


def package(
    sheets: dict[str, str],
    *,
    sheet_paths: list[str] | None = None,
    extra: dict[str, bytes] | None = None,
    main_type: str = MAIN,
) -> bytes:
    """Sheet name → worksheet XML, written at `sheet_paths` (default xl/worksheets/sheetN.xml)."""
    paths = sheet_paths or [f"xl/worksheets/sheet{i}.xml" for i in range(1, len(sheets) + 1)]
    overrides = "".join(f'<Override PartName="/{p}" ContentType="{SHEET}"/>' for p in paths)
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main_type}"/>{overrides}</Types>'
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    entries = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(sheets, 1)
    )
    book = f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {NS_R}><sheets>{entries}</sheets></workbook>'
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_SHEET}" Target="{p.removeprefix("xl/")}"/>'
        for i, p in enumerate(paths, 1)
    )
    book_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships">{rels}</Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", book_rels)
        for path, xml in zip(paths, sheets.values()):
            z.writestr(path, xml)
        for path, data in (extra or {}).items():
            z.writestr(path, data)
    return out.getvalue()


def workbook(rows: list[list], *, sheet: str = "Dữ liệu", far: dict | None = None, **kwargs) -> bytes:
    return package({sheet: sheet_xml(rows, far)}, **kwargs)


def million_rows(path, rows: int = 1_000_000) -> None:
    """A genuine sheet of `rows` data rows (three cells each), streamed to disk: about 10 MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        base = zipfile.ZipFile(io.BytesIO(workbook([["x"]])))
        for info in base.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info.filename, base.read(info.filename))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>'.encode())
            rows_xml = (
                f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>Sở Y tế</t></is>'
                f'</c><c r="C{r}"><v>{r % 97}</v></c></row>'
                for r in range(1, rows + 1)
            )
            batch = []
            for row in rows_xml:
                batch.append(row)
                if len(batch) == 20_000:
                    fh.write("".join(batch).encode())
                    batch = []
            fh.write(("".join(batch) + "</sheetData></worksheet>").encode())
