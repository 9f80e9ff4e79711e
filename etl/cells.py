"""Cell values as staff write them: Vietnamese numbers ("94,84", "1.234", "88,6%") and dates."""

from __future__ import annotations

import re
from datetime import date, datetime

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_VN_THOUSANDS = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+$")  # 1.234 / 12.345.678
_EN_THOUSANDS = re.compile(r"^-?[1-9]\d{0,2}(,\d{3}){2,}$")  # 1,234,567 (two groups or more)
_PLAIN = re.compile(r"^[-+]?(\d+([.,]\d+)?|[.,]\d+)$")


def parse_number(value) -> float | None:
    """A number from a cell; None for an empty cell; ValueError for text that is not a number.

    Text is read the Vietnamese way: "," is the decimal mark and "." groups thousands
    ("1.234,5"); a lone "." followed by exactly three digits is a thousands group
    ("1.234" = 1234), otherwise a decimal point ("94.84"). A trailing "%" is dropped:
    the value is already in percent.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(value)
        return float(value)
    if not isinstance(value, str):
        raise ValueError(value)
    text = _SPACES.sub("", value)
    if text.endswith("%"):
        text = text[:-1]
    if not text:
        raise ValueError(value)
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        text = text.replace(grouping, "").replace(decimal, ".")
    elif _VN_THOUSANDS.match(text):
        text = text.replace(".", "")
    elif _EN_THOUSANDS.match(text):
        text = text.replace(",", "")
    elif _PLAIN.match(text):
        text = text.replace(",", ".")
    else:
        raise ValueError(value)
    try:
        return float(text)
    except ValueError:
        raise ValueError(value) from None


def as_date(value) -> date | None:
    """A date cell, or a text date written the Vietnamese way (30/09/2026) or ISO (2026-09-30)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    return None
