"""Text rules shared by the view models: finding rows by a name as people type it."""
from __future__ import annotations

import unicodedata

import pandas as pd


def filter_rows(frame: pd.DataFrame, *, name: str = "", bands=(), flags=()) -> pd.DataFrame:
    """Rows whose name contains `name` (case-insensitive, NFC), in one of `bands`, raising every
    flag in `flags` (boolean columns)."""
    keep = pd.Series(True, index=frame.index)
    wanted = unicodedata.normalize("NFC", name).strip().casefold()
    if wanted:
        keep &= frame["name"].str.casefold().str.contains(wanted, regex=False)
    if bands:
        keep &= frame["band"].isin(bands)
    for flag in flags:
        keep &= frame[flag].fillna(False).astype(bool)
    return frame[keep]
