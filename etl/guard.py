"""Checks on an uploaded file before any spreadsheet library parses it.

Refused here, each with a Vietnamese sentence: files over the size cap (their real
size), anything that is not an .xlsx/.xlsm package (PDF, CSV, Word, a plain zip),
encrypted workbooks (an OLE container), legacy .xls, workbooks carrying macros
(VBA or Excel 4.0 macro sheets), zip bombs (compression ratio, or more unpacked
bytes than the budget), XML with a DTD or entity declarations in ANY part (a
sheet renamed `.dat` is still XML), and sheets whose real extent is too large:
the rows and the farthest cell are read from the XML, before the parser would
build its dense grid (one cell at XFD1048576 is a 17-billion-cell grid).

While the XML is read anyway, the facts calamine does not expose are collected
per worksheet: Excel error cells (#DIV/0!, #N/A), formulas without a cached
value, numeric cells formatted as percent (stored as 0.886 for 88,6 %) and
hidden rows.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from etl.problems import Rejected, column_letter

MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB
UPLOAD_LIMIT_MB = 60  # the page and server.maxUploadSize: a bit above the cap, so the guard can say why
MAX_UNCOMPRESSED = 256 * MB  # the XML kept in memory while it is checked
MAX_ROWS = 120_000  # per sheet: a monthly report has hundreds; a 100,000-row bulk export still fits
MAX_COLUMNS = 1_000  # per sheet (column ALL)
MAX_CELLS = 2_000_000  # the dense grid (rows × columns) the parser builds, summed over the sheets
MAX_RATIO = 150  # per member, once it unpacks to more than RATIO_FLOOR
RATIO_FLOOR = 5 * MB
MAX_MEMBERS = 5000
CHUNK = 1 * MB

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)

_P = rb"(?:[\w.-]+:)?"  # optional namespace prefix
_ROW_HIDDEN = re.compile(rb"<" + _P + rb"row\b([^>]*\bhidden=\"(?:1|true)\"[^>]*)>")
_ERROR_CELL = re.compile(rb"<" + _P + rb"c\b([^>]*\bt=\"e\"[^>]*)>(.*?)</" + _P + rb"c>", re.S)
_UNCACHED = re.compile(
    rb"<" + _P + rb"c\b([^>]*)>\s*<" + _P + rb"f\b[^>]*(?:/>|>[^<]*</" + _P + rb"f>)\s*"
    rb"(?:<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*</" + _P + rb"v>)?\s*</" + _P + rb"c>"
)
_VALUE = re.compile(rb"<" + _P + rb"v>([^<]*)</")
_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_ROWNUM = re.compile(rb"\br=\"(\d+)\"")
_TYPE = re.compile(rb"\bt=\"(\w+)\"")
_QUOTED = re.compile(r'"[^"]*"|\\.')
_ROW_TAG = re.compile(rb"<" + _P + rb"row\b([^>]*)>")
_FULL_CELL = re.compile(rb"<" + _P + rb"c\b[^>]*(?<!/)>")  # a cell that is not <c …/>
_FULL_CELL_REF = re.compile(rb"<" + _P + rb"c\b[^>]*?\br=\"([A-Z]+)(\d+)\"[^>]*(?<!/)>")
_FORMULA = re.compile(rb"<" + _P + rb"f\b")
_MACRO_PARTS = re.compile(r"(^|/)vbaProject[^/]*\.bin$|^xl/macrosheets/|^xl/dialogsheets/|^xl/activeX/", re.I)

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"

Cell = tuple[int, int]  # (Excel row, 0-based column)


@dataclass
class SheetFacts:
    rows: int = 0  # the last Excel row holding a cell
    columns: int = 0  # the last column holding a cell (1 = A)
    farthest: str = ""  # the reference of a cell setting the extent, e.g. "XFD60000"
    hidden_rows: set[int] = field(default_factory=set)
    errors: dict[Cell, str] = field(default_factory=dict)
    uncached: set[Cell] = field(default_factory=set)
    percent: set[Cell] = field(default_factory=set)


@dataclass
class WorkbookFacts:
    sheets: dict[str, SheetFacts] = field(default_factory=dict)  # by sheet name

    def of(self, sheet: str) -> SheetFacts:
        return self.sheets.get(sheet) or SheetFacts()


def _mb(n: int) -> str:
    return f"{n / MB:.1f}".replace(".", ",")


def _n(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def too_large(name: str, size: int) -> Rejected:
    """The refusal of a file over the cap, with its real size (the caller may have read only the first bytes)."""
    return Rejected(
        f"Tệp '{name}' có dung lượng {_mb(size)} MB, vượt giới hạn {_mb(MAX_FILE_BYTES)} MB. "
        "Hãy xóa các trang không cần thiết hoặc tách thành nhiều tệp."
    )


def _bomb(name: str) -> Rejected:
    return Rejected(
        f"Tệp '{name}' bị từ chối: nội dung giải nén quá lớn so với kích thước tệp "
        "(dấu hiệu của tệp nén độc hại — zip bomb)."
    )


def _too_many_rows(name: str, sheet: str) -> Rejected:
    return Rejected(
        f"Tệp '{name}' có quá nhiều dòng: trang '{sheet}' có hơn {_n(MAX_ROWS)} dòng dữ liệu, vượt giới "
        f"hạn {_n(MAX_ROWS)} dòng mỗi trang. Một báo cáo không cần chừng ấy dòng: hãy xóa các dòng thừa "
        "hoặc tách thành nhiều tệp."
    )


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _cell(attrs: bytes) -> Cell | None:
    m = _REF.search(attrs)
    return (int(m[2]), _col_index(m[1])) if m else None


def refuse_by_magic(name: str, head: bytes) -> None:
    """Refuse what is neither a zip package nor an OLE container, naming what it looks like."""
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
        return
    if head.startswith(b"%PDF"):
        raise Rejected(f"Tệp '{name}' không phải tệp Excel: nội dung là một tệp PDF. Hãy tải lên tệp .xlsx.")
    if not head.strip():
        raise Rejected(f"Tệp '{name}' rỗng, không có nội dung.")
    raise Rejected(
        f"Tệp '{name}' không phải tệp Excel (.xlsx): có thể là tệp CSV, văn bản hoặc tệp đã đổi đuôi. "
        "Hãy mở bằng Excel và lưu lại dạng .xlsx."
    )


def _refuse_ole(name: str, data: bytes) -> None:
    if any(s in data for s in _ENCRYPTED_STREAMS):
        raise Rejected(
            f"Tệp '{name}' được đặt mật khẩu (mã hóa) nên không đọc được. "
            "Hãy mở bằng Excel, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại."
        )
    raise Rejected(
        f"Tệp '{name}' là tệp Excel 97–2003 (.xls), chưa được hỗ trợ. "
        "Hãy mở bằng Excel và lưu lại dạng Sổ làm việc Excel (.xlsx)."
    )


_XML_NAMES = (".xml", ".rels", ".vml")


def _looks_like_xml(head: bytes) -> bool | None:
    """True/False from the first bytes that are not whitespace; None while there are none yet."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") if head else None


def _read_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: list[int], sheet: str | None = None
) -> bytes | None:
    """Unpack one member, counting the bytes really produced (headers can lie).

    Returns its bytes when it is XML (whatever its name says), None otherwise (images are
    counted, not kept). A worksheet (`sheet` given) is refused as soon as a row number
    passes MAX_ROWS, so a genuine million-row sheet costs a tenth of its size, not all of it.
    """
    # Parts named as XML and worksheets are kept and checked whatever they hold; others when they look like XML.
    keep = True if sheet is not None or info.filename.lower().endswith(_XML_NAMES) else None
    out, produced, rows, tail = io.BytesIO(), 0, 0, b""
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            produced += len(chunk)
            budget[0] -= len(chunk)
            if produced > RATIO_FLOOR and produced > MAX_RATIO * max(info.compress_size, 1):
                raise _bomb(name)
            if budget[0] < 0:
                raise Rejected(
                    f"Tệp '{name}' có nội dung giải nén quá lớn (hơn {_mb(MAX_UNCOMPRESSED)} MB): "
                    "quá nhiều dòng hoặc ô. Hãy xóa các trang, dòng không cần thiết hoặc tách tệp."
                )
            if keep is None:
                keep = _looks_like_xml(chunk)
                if keep is None:  # only whitespace so far: keep it until we know
                    out.write(chunk)
                    continue
            if sheet is not None:  # count the rows holding cells (<row …/> only formats); a row split
                text = tail + chunk  # across two chunks is counted when its end arrives
                cut = text.rfind(b"<")
                rows += sum(1 for m in _ROW_TAG.finditer(text, 0, cut) if not m[1].endswith(b"/"))
                if rows > MAX_ROWS:
                    raise _too_many_rows(name, sheet)
                tail = text[cut:] if len(text) - cut < 4096 else b""
            if keep:
                out.write(chunk)
    return out.getvalue() if keep is not False else None


def _check_xml(name: str, member: str, data: bytes) -> None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:200]:
        raise Rejected(f"Tệp '{name}' có phần XML ({member}) mã hóa UTF-16, không được hỗ trợ.")
    if _DTD.search(data):
        raise Rejected(
            f"Tệp '{name}' bị từ chối vì chứa khai báo DTD/ENTITY trong XML ({member}); "
            "tệp Excel bình thường không có khai báo này (nguy cơ tấn công XML)."
        )


def _percent_styles(styles: bytes | None) -> set[bytes]:
    """Style indexes (the `s` attribute of cells) whose number format shows a percent."""
    if not styles:
        return set()
    root = ElementTree.fromstring(styles)
    custom = {nf.get("numFmtId"): nf.get("formatCode", "") for nf in root.iter(f"{NS_MAIN}numFmt")}
    percent_ids = {"9", "10"} | {i for i, code in custom.items() if "%" in _QUOTED.sub("", code)}
    xfs = root.find(f"{NS_MAIN}cellXfs")
    if xfs is None:
        return set()
    return {str(i).encode() for i, xf in enumerate(xfs.findall(f"{NS_MAIN}xf")) if xf.get("numFmtId") in percent_ids}


def _sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name → worksheet part path, from workbook.xml and its relationships."""
    rels_xml = parts.get("xl/_rels/workbook.xml.rels")
    if not rels_xml:
        return {}
    targets = {}
    for rel in ElementTree.fromstring(rels_xml).iter(f"{NS_PKG}Relationship"):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = path
    out = {}
    for sheet in ElementTree.fromstring(parts["xl/workbook.xml"]).iter(f"{NS_MAIN}sheet"):
        out[sheet.get("name")] = targets.get(sheet.get(f"{NS_REL}id"), "")
    return out


def _extent(xml: bytes, facts: SheetFacts) -> None:
    """The last row and column holding a cell, as the parser will see them.

    Empty self-closing cells (<c r="XFD5" s="1"/>, formatting only) are skipped, as calamine skips
    them; a row or cell without its optional `r` is placed after the previous one, as Excel does.
    One `findall` per sheet and sets of distinct references: linear, at C speed.
    """
    refs = _FULL_CELL_REF.findall(xml)
    letters = {c for c, _ in refs}
    cols = max((_col_index(c) + 1 for c in letters), default=0)
    rows = max((int(r) for r in {r for _, r in refs}), default=0)
    far_col = next((f"{c.decode()}{r.decode()}" for c, r in refs if _col_index(c) + 1 == cols), "")
    far_row = next((f"{c.decode()}{r.decode()}" for c, r in refs if int(r) == rows), "")
    n_cells = len(_FULL_CELL.findall(xml))
    if n_cells > len(refs):  # cells without references follow each other: bounded by their count and the rows
        cols = max(cols, min(n_cells, 16_384))
        row = 0
        for m in _ROW_TAG.finditer(xml):
            found = _ROWNUM.search(m[1])
            row = int(found[1]) if found else row + 1
        rows = max(rows, row)
    facts.rows, facts.columns = rows, cols
    far = far_row if rows > MAX_ROWS else far_col if cols > MAX_COLUMNS else far_row or far_col
    facts.farthest = far or (f"{column_letter(cols - 1)}{rows}" if rows and cols else "")


def _check_extent(name: str, sheets: dict[str, SheetFacts]) -> None:
    """The dense grid the parser would build: every sheet within MAX_ROWS × MAX_COLUMNS, all within MAX_CELLS."""
    total = 0
    for sheet, f in sheets.items():
        if f.rows > MAX_ROWS or f.columns > MAX_COLUMNS:
            raise Rejected(
                f"Tệp '{name}' bị từ chối: trang '{sheet}' có ô dữ liệu ở {f.farthest} (dòng {_n(f.rows)}, cột thứ "
                f"{_n(f.columns)}), ngoài giới hạn {_n(MAX_ROWS)} dòng × {_n(MAX_COLUMNS)} cột mỗi trang. Thường do "
                "một ô lạc ở xa bảng số liệu: hãy xóa các dòng, cột thừa (Ctrl+End cho biết ô cuối cùng) rồi lưu lại."
            )
        total += f.rows * f.columns
        if total > MAX_CELLS:
            raise Rejected(
                f"Tệp '{name}' bị từ chối: vùng dữ liệu quá lớn — tới trang '{sheet}' (ô cuối {f.farthest}) đã hơn "
                f"{_n(MAX_CELLS)} ô (giới hạn, tính theo số dòng × số cột của từng trang). "
                "Hãy xóa các dòng, cột thừa hoặc tách tệp."
            )


def _scan_sheet(xml: bytes, percent_styles: set[bytes]) -> SheetFacts:
    facts = SheetFacts()
    _extent(xml, facts)
    # Each scan only when its marker is present at all: a plain sheet of two million numbers costs one pass.
    for m in _ROW_HIDDEN.finditer(xml) if b"hidden=" in xml else ():
        if row := _ROWNUM.search(m[1]):
            facts.hidden_rows.add(int(row[1]))
    for m in _ERROR_CELL.finditer(xml) if b't="e"' in xml else ():
        value = _VALUE.search(m[2])
        if (cell := _cell(m[1])) is not None:
            facts.errors[cell] = value[1].decode("utf-8", "replace") if value else "#ERROR"
    for m in _UNCACHED.finditer(xml) if _FORMULA.search(xml) else ():
        kind = _TYPE.search(m[1])
        if (cell := _cell(m[1])) is not None and not (kind and kind[1] == b"str"):
            facts.uncached.add(cell)
    if percent_styles:
        pattern = re.compile(rb"<" + _P + rb"c\b([^>]*\bs=\"(?:" + b"|".join(sorted(percent_styles)) + rb")\"[^>]*)>")
        for m in pattern.finditer(xml):
            if (cell := _cell(m[1])) is not None:
                facts.percent.add(cell)
    return facts


def _refuse_macros(name: str, names: set[str], content_types: bytes) -> None:
    """Decision (docs/043): a workbook carrying macros is refused, whatever its extension."""
    if any(_MACRO_PARTS.search(n) for n in names) or b"macroEnabled" in content_types:
        raise Rejected(
            f"Tệp '{name}' chứa macro (VBA hoặc macro Excel 4.0); hệ thống không nhận tệp có macro. "
            "Hãy mở bằng Excel, chọn Lưu thành › Sổ làm việc Excel (.xlsx) rồi tải lên tệp mới."
        )


def inspect(name: str, data: bytes, size: int | None = None) -> WorkbookFacts:
    """Refuse an unsafe or non-Excel file (raise Rejected) or return what calamine will not tell.

    `size` is the file's real size when the caller read only its first MAX_FILE_BYTES + 1 bytes.
    """
    size = max(size or 0, len(data))
    if size > MAX_FILE_BYTES:
        raise too_large(name, size)
    refuse_by_magic(name, data[:8])
    if data.startswith(OLE_MAGIC):
        _refuse_ole(name, data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise Rejected(f"Tệp '{name}' bị hỏng hoặc không phải tệp Excel (.xlsx).") from None
    names = {i.filename for i in infos}
    if "xl/workbook.bin" in names:
        raise Rejected(f"Tệp '{name}' là sổ làm việc nhị phân (.xlsb), chưa được hỗ trợ; hãy lưu lại dạng .xlsx.")
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise Rejected(f"Tệp '{name}' không phải tệp Excel (.xlsx): đây là một tệp nén hoặc tài liệu khác.")
    if len(infos) > MAX_MEMBERS or any(
        i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos
    ):
        raise _bomb(name)
    if any(i.flag_bits & 0x1 for i in infos):
        raise Rejected(f"Tệp '{name}' được đặt mật khẩu (mã hóa) nên không đọc được.")
    budget = [MAX_UNCOMPRESSED]
    parts: dict[str, bytes] = {}
    by_name = {i.filename: i for i in infos}
    try:
        # The package's skeleton first: it says which parts are worksheets (whatever their names).
        for member in ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            if member in by_name:
                parts[member] = _read_member(zf, by_name[member], name, budget) or b""
                _check_xml(name, member, parts[member])
        _refuse_macros(name, names, parts["[Content_Types].xml"])
        sheet_paths = {path: sheet for sheet, path in _sheet_parts(parts).items()}
        for info in infos:
            if info.filename in parts or info.is_dir():
                continue
            body = _read_member(zf, info, name, budget, sheet_paths.get(info.filename))
            if body is not None:
                _check_xml(name, info.filename, body)
                parts[info.filename] = body
        percent_styles = _percent_styles(parts.get("xl/styles.xml"))
        facts = WorkbookFacts()
        for sheet, path in _sheet_parts(parts).items():
            if path in parts:
                facts.sheets[sheet] = _scan_sheet(parts[path], percent_styles)
    except (
        zipfile.BadZipFile,
        zlib.error,
        ElementTree.ParseError,
        KeyError,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
    ):
        raise Rejected(f"Tệp '{name}' bị hỏng: không đọc được cấu trúc của sổ làm việc Excel.") from None
    _check_extent(name, facts.sheets)
    return facts
