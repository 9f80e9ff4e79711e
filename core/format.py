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


# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. Shared by the
# pages' charts and tables and by the exports, so a band looks the same everywhere.
BAND_COLORS = {
    "Xuất sắc": "#0072B2",
    "Tốt": "#56B4E9",
    "Khá": "#009E73",
    "Trung bình": "#E69F00",
    "Yếu": "#D55E00",
}


# Characters that start Markdown/HTML anywhere in a line (links and images need "[", HTML "<",
# emphasis "*_~", code "`", LaTeX "$", tables "|", entities "&"); a line's start can also open a
# heading, a list or a quote.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~$&])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")
_AUTOLINK = re.compile(r"(?i)(?:https?:|ftp:|mailto:|www\.)")
_SHORTCODE = re.compile(r":(?=[\w/+-]+:|\w+\[)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def md_escape(text) -> str:
    """Text from a file (file, sheet and unit names, notes, cell values) shown through Streamlit's
    Markdown as literal text: every Markdown/HTML-significant character is backslash-escaped, line
    breaks become spaces and control characters are dropped, so `![x](http://…)` shows as typed and
    fetches nothing."""
    if text is None:
        return ""
    text = _CONTROL.sub("", str(text).replace("\r", " ").replace("\n", " "))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], text)  # no bare-URL links
    text = _SHORTCODE.sub(r"\\:", text)  # no :emoji:, :material/icon: or :red[colour] directives
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match) -> str:
    lead, mark = match.group(1), match.group(2)
    return lead + (mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark)
