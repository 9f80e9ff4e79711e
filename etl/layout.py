"""Finding the table in a sheet as staff really lay it out.

Title rows above the header, one to three header rows (merged parent headers are
combined with their children: "Số hồ sơ đã giải quyết | Quá hạn"), a numbering
row under the header ("(1) (2) (3)"), an STT column, totals rows, blank styled
rows. Column headers are matched to a format's fields by the synonyms in
`etl/formats/columns.toml`; the best-scoring (format, header rows) wins.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from core.names import fold
from core.periods import Period, parse_period
from etl.xlsx import Sheet

IGNORED = "ignore"  # columns.toml key of headers a format knows and drops (derived ratios)
MAX_HEADER_ROW = 30
MAX_HEADER_DEPTH = 3
_NUMBERING = re.compile(r"^\(?[0-9a-zA-Z]{1,3}\)?(\s*[=+\-*/x×]\s*\(?[0-9]{1,3}\)?)*$")
_SIGNATURE_DATE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm", re.I)
_DATE_RANGE = re.compile(r"(từ|đến)\s+ngày", re.I)
_DATE = r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2})"
# A cut-off date is the period of a snapshot: "(Số liệu … cập nhật đến ngày 01/10/2026)",
# "tính đến ngày 30/09/2026", "Ngày báo cáo: 2026-09-17", "Ngày cập nhật: 17/09/2026".
_CUTOFF = re.compile(
    r"(?:(?:cập\s+nhật|tính|số\s+liệu)\s+đến\s+(?:hết\s+)?ngày|ngày\s+(?:báo\s+cáo|cập\s+nhật|"
    r"số\s+liệu))\s*:?\s*" + _DATE,
    re.I,
)


@dataclass
class Table:
    sheet: Sheet
    kind: str
    header_rows: tuple[int, ...]  # Excel row numbers of the header
    columns: dict[str, int]  # field → 0-based column
    headers: dict[int, str]  # column → header text as written
    title_texts: list[str]
    missing: list[str] = field(default_factory=list)  # required fields not found
    duplicated: dict[str, list[int]] = field(default_factory=dict)
    unknown: list[int] = field(default_factory=list)  # headed columns no field claimed
    score: tuple = ()
    fixed_unit: str | None = None  # a sheet without a unit column, all of whose rows are this unit's
    why_not: str = ""  # why a sheet without a unit column could not be given one

    @property
    def first_data_row(self) -> int:
        """0-based index of the first row under the header."""
        return self.header_rows[-1]


def _header_labels(sheet: Sheet, top: int, depth: int) -> dict[int, str]:
    """Column → combined text of header rows top..top+depth-1 (merged parents filled across)."""
    fill: dict[tuple[int, int], object] = {}
    for r0, c0, r1, c1 in sheet.merged:
        if r0 <= top + depth - 1 and r1 >= top:
            for r in range(max(r0, top), min(r1, top + depth - 1) + 1):
                for c in range(c0, c1 + 1):
                    fill[(r, c)] = sheet.cell(r0, c0)
    width = max((len(sheet.rows[r]) for r in range(top, top + depth)), default=0)
    labels = {}
    for c in range(width):
        parts: list[str] = []
        for r in range(top, top + depth):
            value = fill.get((r, c), sheet.cell(r, c))
            if isinstance(value, str) and value not in parts:
                parts.append(value)
        if parts:
            labels[c] = " | ".join(parts)
    return labels


@lru_cache(maxsize=4096)
def _words(synonym: tuple[str, ...]) -> Counter:
    return Counter(synonym)


def _best_field(words: tuple[str, ...], synonyms: dict[str, list[tuple[str, ...]]]) -> tuple[str | None, float]:
    """The field whose longest synonym the header contains; None on a tie between fields."""
    have_set = set(words)
    have = None
    scores = {}
    for name, options in synonyms.items():
        best = 0
        for s in options:
            if not have_set.issuperset(s):  # the quick test; repeated words are counted below
                continue
            if len(set(s)) != len(s):
                have = have or Counter(words)
                if _words(s) - have:
                    continue
            best = max(best, len(s) + (0.5 if s == words else 0))
        if best:
            scores[name] = best
    if not scores:
        return None, 0
    top = max(scores.values())
    winners = [n for n, s in scores.items() if s == top]
    return (winners[0], top) if len(winners) == 1 else (None, 0)


def match_header(labels: dict[int, str], synonyms: dict[str, list[tuple[str, ...]]]):
    """Assign columns to fields: (columns, duplicated fields, unclaimed headed columns, score)."""
    claims: dict[str, list[tuple[float, int]]] = {}
    unknown = []
    for col, text in labels.items():
        name, score = _best_field(fold(text), synonyms)
        if name is None:
            unknown.append(col)
        elif name != IGNORED:
            claims.setdefault(name, []).append((score, col))
    columns, duplicated = {}, {}
    for name, found in claims.items():
        found.sort(reverse=True)
        columns[name] = found[0][1]
        if len(found) > 1 and found[1][0] == found[0][0]:
            duplicated[name] = sorted(c for _, c in found)
        unknown += [c for s, c in found[1:] if s < found[0][0]]
    return columns, duplicated, sorted(unknown), sum(s for f in claims.values() for s, _ in f[:1])


def find_tables(sheet: Sheet, formats: list, formula=None) -> dict[str, Table]:
    """The best header rows of a sheet for each format that recognises one (kind → table).

    `formula`: the formula version whose fields are required (the file's period's; today's by default).
    """
    best: dict[str, Table] = {}
    required = {
        fmt.kind: [f.name for f in (fmt.field_list(formula) if formula else fmt.fields) if f.required]
        for fmt in formats
    }
    for top in range(min(MAX_HEADER_ROW, len(sheet.rows))):
        if not any(isinstance(v, str) for v in sheet.rows[top]):
            continue
        for depth in range(1, MAX_HEADER_DEPTH + 1):
            if top + depth > len(sheet.rows):
                break
            labels = _header_labels(sheet, top, depth)
            for fmt in formats:
                columns, duplicated, unknown, score = match_header(labels, fmt.synonyms())
                if not any(k in columns for k in fmt.key_fields) or len(columns) < 2:
                    continue
                missing = [name for name in required[fmt.kind] if name not in columns]
                # A missing required column costs two matched ones: a table that names most of a format's
                # columns and lacks one is that format (reported as such), not a loose match of a few headers.
                rank = (len(columns) - 2 * len(missing), -len(missing), -depth, score)
                if fmt.kind not in best or rank > best[fmt.kind].score:
                    best[fmt.kind] = Table(
                        sheet,
                        fmt.kind,
                        tuple(range(top + 1, top + depth + 1)),
                        columns,
                        {c: labels[c] for c in labels},
                        [],
                        missing,
                        duplicated,
                        unknown,
                        rank,
                    )
    for table in best.values():
        table.title_texts = [str(v) for row in sheet.rows[: table.header_rows[0] - 1] for v in row if v is not None]
    return best


def find_table(sheet: Sheet, formats: list, formula=None) -> Table | None:
    """The best (format, header rows) of a sheet, or None when no header is recognised."""
    found = find_tables(sheet, formats, formula)
    return max(found.values(), key=lambda t: t.score) if found else None


def is_numbering_row(values: list) -> bool:
    """The "(1) (2) (3)=(4)+(5)" or "A B 1 2" row some reports put under the header: every cell a
    column number (letters allowed) and the numbers consecutive, so a row of data never passes."""
    filled = [v for v in values if v is not None]
    if not filled or not all(
        (isinstance(v, float) and v == int(v)) or (isinstance(v, str) and _NUMBERING.match(v)) for v in filled
    ):
        return False
    numbers = [
        int(v) if isinstance(v, float) else int(m[0])
        for v in filled
        if isinstance(v, float) or (m := re.search(r"\d+", v))
    ]
    return len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def find_period(texts: list[str]) -> tuple[Period | None, list[Period]]:
    """The period named in title cells; (None, candidates) when there is none or several differ.

    A signature line ("Đắk Lắk, ngày 05 tháng 10 năm 2026") and a date range
    ("từ ngày 15/8/2026 đến ngày 14/9/2026") are not the period of the data; a cut-off date
    ("cập nhật đến ngày 01/10/2026", "Ngày báo cáo: 2026-09-17") is.
    """
    found: list[Period] = []
    for text in texts:
        cutoff = _CUTOFF.search(unicodedata.normalize("NFC", text))
        if cutoff:
            period = parse_period(cutoff[1])
        elif _SIGNATURE_DATE.search(text) or _DATE_RANGE.search(text):
            continue
        else:
            period = parse_period(text)
        if period and period not in found:
            found.append(period)
    return (found[0] if len(found) == 1 else None), found


def cutoff_periods(sheet: Sheet, rows: int = MAX_HEADER_ROW) -> list[Period]:
    """Periods stated as a cut-off ("Ngày báo cáo: 2026-09-17") in the top rows of a sheet: where a
    workbook's summary sheet says the date of the tables on its other sheets."""
    found = []
    for row in sheet.rows[:rows]:
        for value in row:
            if isinstance(value, str) and (m := _CUTOFF.search(value)):
                period = parse_period(m[1])
                if period and period not in found:
                    found.append(period)
    return found
