"""Reporting periods: a type (day, month, quarter, year) and a sortable key.

Keys: "2026-10-10" (a daily snapshot), "2026-10", "2026-Q3", "2026". Labels are
Vietnamese ("Tháng 10/2026", "Quý III/2026", "Năm 2026", "Ngày 10/10/2026").
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_OF = {v: k for k, v in _ROMAN.items()}


@dataclass(frozen=True, order=True)
class Period:
    type: str  # day, month, quarter, year
    key: str

    @property
    def end(self) -> date:
        return period_end(self.type, self.key)

    @property
    def start(self) -> date:
        return period_start(self.type, self.key)

    @property
    def label(self) -> str:
        return period_label(self.type, self.key)

    def is_open(self, today: date | None = None) -> bool:
        """Provisional: the period (or, for a snapshot, its month) has not ended."""
        today = today or date.today()
        if self.type == "day":
            d = self.end
            return Period("month", f"{d.year}-{d.month:02d}").end >= today
        return self.end >= today


def period_end(ptype: str, key: str) -> date:
    if ptype == "day":
        return date.fromisoformat(key)
    if ptype == "month":
        y, m = map(int, key.split("-"))
        return date(y, m, calendar.monthrange(y, m)[1])
    if ptype == "quarter":
        y, q = key.split("-Q")
        m = int(q) * 3
        return date(int(y), m, calendar.monthrange(int(y), m)[1])
    if ptype == "year":
        return date(int(key), 12, 31)
    raise ValueError(f"unknown period type {ptype!r}")


def period_start(ptype: str, key: str) -> date:
    if ptype == "day":
        return date.fromisoformat(key)
    if ptype == "month":
        y, m = map(int, key.split("-"))
        return date(y, m, 1)
    if ptype == "quarter":
        y, q = key.split("-Q")
        return date(int(y), int(q) * 3 - 2, 1)
    return date(int(key), 1, 1)


def period_label(ptype: str, key: str) -> str:
    if ptype == "day":
        d = date.fromisoformat(key)
        return f"Ngày {d.day:02d}/{d.month:02d}/{d.year}"
    if ptype == "month":
        y, m = key.split("-")
        return f"Tháng {int(m)}/{y}"
    if ptype == "quarter":
        y, q = key.split("-Q")
        return f"Quý {_ROMAN_OF[int(q)]}/{y}"
    return f"Năm {key}"


_PATTERNS = [
    # 10/10/2026, 2026-10-10
    (
        "day",
        re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"),
        lambda m: f"{int(m[3]):04d}-{int(m[2]):02d}-{int(m[1]):02d}",
    ),
    ("day", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), lambda m: f"{m[1]}-{m[2]}-{m[3]}"),
    # Quý III/2026, quý 3 năm 2026, 2026-Q3
    (
        "quarter",
        re.compile(r"quý\s*(iv|iii|ii|i|[1-4])\s*(?:/|năm|-)?\s*(\d{4})", re.I),
        lambda m: f"{m[2]}-Q{_ROMAN.get(m[1].upper()) or int(m[1])}",
    ),
    ("quarter", re.compile(r"\b(\d{4})-q([1-4])\b", re.I), lambda m: f"{m[1]}-Q{m[2]}"),
    # Tháng 9/2026, tháng 09 năm 2026, 2026-09
    ("month", re.compile(r"tháng\s*(\d{1,2})\s*(?:/|năm|-)\s*(\d{4})", re.I), lambda m: f"{m[2]}-{int(m[1]):02d}"),
    ("month", re.compile(r"\b(\d{4})-(\d{2})\b"), lambda m: f"{m[1]}-{m[2]}"),
    ("month", re.compile(r"\b(\d{1,2})/(\d{4})\b"), lambda m: f"{m[2]}-{int(m[1]):02d}"),
    # Năm 2026, 2026
    ("year", re.compile(r"năm\s*(\d{4})", re.I), lambda m: m[1]),
    ("year", re.compile(r"^\s*(\d{4})\s*$"), lambda m: m[1]),
]


def parse_period(text: str) -> Period | None:
    """Find a period in free text (a sheet title, a cell, a CLI flag); None if there is none."""
    text = unicodedata.normalize("NFC", str(text)).strip()
    for ptype, pattern, build in _PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        key = build(match)
        try:
            period_end(ptype, key)
        except ValueError:
            continue
        if ptype == "month" and not 1 <= int(key[5:7]) <= 12:
            continue
        return Period(ptype, key)
    return None
