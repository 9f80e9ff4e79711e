"""Vietnamese number formatting: decimal comma, dot for thousands ("1.234,5")."""
from __future__ import annotations

import math
import re

MISSING = "—"


def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def fmt_num(value, digits: int = 2) -> str:
    """65.49 → "65,49"; 1234567 with digits=0 → "1.234.567"; missing → "—"."""
    if _is_missing(value):
        return MISSING
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_int(value) -> str:
    return fmt_num(value, 0)


def fmt_pct(value, digits: int = 2) -> str:
    """88.62 → "88,62%" (value already in percent)."""
    return MISSING if _is_missing(value) else f"{fmt_num(value, digits)}%"


def fmt_delta(value, digits: int = 2) -> str:
    """Signed change: +1,25 / −0,40 / 0."""
    if _is_missing(value):
        return MISSING
    if round(float(value), digits) == 0:
        return fmt_num(0, digits)
    sign = "+" if value > 0 else "−"
    return f"{sign}{fmt_num(abs(value), digits)}"


def fmt_rank(rank, of) -> str:
    """7, 34 → "7/34"."""
    if _is_missing(rank):
        return MISSING
    return f"{int(rank)}/{int(of)}" if not _is_missing(of) else f"{int(rank)}"


def fmt_movement(places) -> str:
    """Rank places gained since the previous period: ▲ 3 / ▼ 2 / = ; no previous period → "—"."""
    if _is_missing(places):
        return MISSING
    places = int(places)
    if places == 0:
        return "="
    return f"▲ {places}" if places > 0 else f"▼ {-places}"


def fmt_compact(value, digits: int = 2) -> str:
    """Like fmt_num without trailing zeros: 100 → "100", 96.5 → "96,5", 21.12 → "21,12"."""
    if _is_missing(value):
        return MISSING
    text = fmt_num(value, digits)
    return text.rstrip("0").rstrip(",") if "," in text else text


_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md_escape(text) -> str:
    """Text from a file or a user (file, sheet, unit names, notes, quoted cells) as literal Markdown.

    Every ASCII punctuation mark is backslash-escaped (CommonMark allows it for all of them), so no
    link, image, emphasis, heading, list, HTML tag, entity, `$math$` or `:material/icon:` survives;
    line breaks become spaces so a name cannot start a block of its own.
    """
    if text is None:
        return ""
    flat = re.sub(r"[\r\n\t\v\f\x00-\x08\x0e-\x1f\x7f]+", " ", str(text))
    return _MD_PUNCTUATION.sub(r"\\\1", flat)
