"""Text rules shared by the view models: finding rows by a name as people type it."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by filter_rows: the command line prints through `visible` without pandas
    import pandas as pd


def filter_rows(frame: pd.DataFrame, *, name: str = "", bands=(), flags=()) -> pd.DataFrame:
    """Rows whose name contains `name` (case-insensitive, NFC), in one of `bands`, raising every
    flag in `flags` (boolean columns)."""
    import pandas as pd

    keep = pd.Series(True, index=frame.index)
    wanted = unicodedata.normalize("NFC", name).strip().casefold()
    if wanted:
        keep &= frame["name"].str.casefold().str.contains(wanted, regex=False)
    if bands:
        keep &= frame["band"].isin(bands)
    for flag in flags:
        keep &= frame[flag].fillna(False).astype(bool)
    return frame[keep]


INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def visible(text) -> str:
    r"""Control, bidi and zero-width characters shown as escapes (ESC → "\x1b", RLO → "\u202e"): what a
    file carries never drives the operator's terminal."""
    return INVISIBLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", str(text))
