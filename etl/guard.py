"""Checks on an uploaded file before any spreadsheet library parses it.

Refused here, each with a Vietnamese sentence: files over the size cap, anything
that is not an .xlsx/.xlsm package (PDF, CSV, Word, a plain zip), encrypted
workbooks (an OLE container), legacy .xls, zip bombs (declared or actual
uncompressed size, compression ratio) and XML with a DTD or entity declarations.

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

from etl.problems import Rejected

MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB
MAX_UNCOMPRESSED = 400 * MB
MAX_RATIO = 150            # per member, once it unpacks to more than RATIO_FLOOR
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
_UNCACHED = re.compile(rb"<" + _P + rb"c\b([^>]*)>\s*<" + _P + rb"f\b[^>]*(?:/>|>[^<]*</" + _P + rb"f>)\s*"
                       rb"(?:<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*</" + _P + rb"v>)?\s*</" + _P + rb"c>")
_VALUE = re.compile(rb"<" + _P + rb"v>([^<]*)</")
_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_ROWNUM = re.compile(rb"\br=\"(\d+)\"")
_TYPE = re.compile(rb"\bt=\"(\w+)\"")
_QUOTED = re.compile(r'"[^"]*"|\\.')

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"

Cell = tuple[int, int]  # (Excel row, 0-based column)


@dataclass
class SheetFacts:
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
    raise Rejected(f"Tệp '{name}' không phải tệp Excel (.xlsx): có thể là tệp CSV, văn bản hoặc tệp đã đổi đuôi. "
                   "Hãy mở bằng Excel và lưu lại dạng .xlsx.")


def _refuse_ole(name: str, data: bytes) -> None:
    if any(s in data for s in _ENCRYPTED_STREAMS):
        raise Rejected(f"Tệp '{name}' được đặt mật khẩu (mã hóa) nên không đọc được. "
                       "Hãy mở bằng Excel, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại.")
    raise Rejected(f"Tệp '{name}' là tệp Excel 97–2003 (.xls), chưa được hỗ trợ. "
                   "Hãy mở bằng Excel và lưu lại dạng Sổ làm việc Excel (.xlsx).")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: list[int]) -> bytes:
    """Unpack one member, counting the bytes really produced (headers can lie)."""
    out = io.BytesIO()
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            out.write(chunk)
            budget[0] -= len(chunk)
            too_dense = out.tell() > RATIO_FLOOR and out.tell() > MAX_RATIO * max(info.compress_size, 1)
            if budget[0] < 0 or too_dense:
                raise Rejected(f"Tệp '{name}' bị từ chối: nội dung giải nén quá lớn so với kích thước tệp "
                               "(dấu hiệu của tệp nén độc hại — zip bomb).")
    return out.getvalue()


def _check_xml(name: str, member: str, data: bytes) -> None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:200]:
        raise Rejected(f"Tệp '{name}' có phần XML ({member}) mã hóa UTF-16, không được hỗ trợ.")
    if _DTD.search(data):
        raise Rejected(f"Tệp '{name}' bị từ chối vì chứa khai báo DTD/ENTITY trong XML ({member}); "
                       "tệp Excel bình thường không có khai báo này (nguy cơ tấn công XML).")


def _percent_styles(styles: bytes | None) -> set[bytes]:
    """Style indexes (the `s` attribute of cells) whose number format shows a percent."""
    if not styles:
        return set()
    root = ElementTree.fromstring(styles)
    custom = {nf.get("numFmtId"): nf.get("formatCode", "")
              for nf in root.iter(f"{NS_MAIN}numFmt")}
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


def _scan_sheet(xml: bytes, percent_styles: set[bytes]) -> SheetFacts:
    facts = SheetFacts()
    # Each pattern only where its marker occurs: a plain 20 MB sheet is not scanned four times.
    for m in (_ROW_HIDDEN.finditer(xml) if b"hidden=" in xml else ()):
        if row := _ROWNUM.search(m[1]):
            facts.hidden_rows.add(int(row[1]))
    for m in (_ERROR_CELL.finditer(xml) if b't="e"' in xml else ()):
        value = _VALUE.search(m[2])
        if (cell := _cell(m[1])) is not None:
            facts.errors[cell] = value[1].decode("utf-8", "replace") if value else "#ERROR"
    prefixed = re.match(rb"\s*(<\?[^>]*\?>\s*)?<[\w.-]+:", xml[:512]) is not None  # <x:worksheet …>
    formulas = b"<f" in xml or (prefixed and b":f" in xml)
    for m in (_UNCACHED.finditer(xml) if formulas else ()):
        kind = _TYPE.search(m[1])
        if (cell := _cell(m[1])) is not None and not (kind and kind[1] == b"str"):
            facts.uncached.add(cell)
    if percent_styles:
        pattern = re.compile(rb"<" + _P + rb"c\b([^>]*\bs=\"(?:" + b"|".join(sorted(percent_styles)) + rb")\"[^>]*)>")
        for m in pattern.finditer(xml):
            if (cell := _cell(m[1])) is not None:
                facts.percent.add(cell)
    return facts


def inspect(name: str, data: bytes) -> WorkbookFacts:
    """Refuse an unsafe or non-Excel file (raise Rejected) or return what calamine will not tell."""
    if len(data) > MAX_FILE_BYTES:
        raise Rejected(f"Tệp '{name}' có dung lượng {_mb(len(data))} MB, vượt giới hạn {_mb(MAX_FILE_BYTES)} MB. "
                       "Hãy xóa các trang không cần thiết hoặc tách thành nhiều tệp.")
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
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED or any(
            i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
        raise Rejected(f"Tệp '{name}' bị từ chối: nội dung giải nén quá lớn so với kích thước tệp "
                       "(dấu hiệu của tệp nén độc hại — zip bomb).")
    if any(i.flag_bits & 0x1 for i in infos):
        raise Rejected(f"Tệp '{name}' được đặt mật khẩu (mã hóa) nên không đọc được.")
    budget = [MAX_UNCOMPRESSED]
    parts: dict[str, bytes] = {}
    try:
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                parts[info.filename] = _read_member(zf, info, name, budget)
                _check_xml(name, info.filename, parts[info.filename])
        percent_styles = _percent_styles(parts.get("xl/styles.xml"))
        facts = WorkbookFacts()
        for sheet, path in _sheet_parts(parts).items():
            if path in parts:
                facts.sheets[sheet] = _scan_sheet(parts[path], percent_styles)
    except (zipfile.BadZipFile, zlib.error, ElementTree.ParseError, KeyError, EOFError, OSError,
            NotImplementedError, RuntimeError):
        raise Rejected(f"Tệp '{name}' bị hỏng: không đọc được cấu trúc của sổ làm việc Excel.") from None
    return facts
