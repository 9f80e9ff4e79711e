"""Vietnam time for the meeting pack (stored times are UTC; people read Asia/Ho_Chi_Minh).

A stand-in until `core.clock` lands with the core refactor (issue 8); the names match it."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pandas as pd

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now_vn() -> datetime:
    return datetime.now(VN_TZ)


def to_vn(ts) -> datetime:
    """A stored timestamp (naive = UTC) in Vietnam time."""
    ts = pd.Timestamp(ts).to_pydatetime()
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=timezone.utc)
    return ts.astimezone(VN_TZ)


def fmt_datetime(ts) -> str:
    """→ "18:20 02/12/2026" in Vietnam time."""
    return to_vn(ts).strftime("%H:%M %d/%m/%Y")
