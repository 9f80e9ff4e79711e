"""Vietnam time for everything shown, exported or printed; UTC for everything stored.

The warehouse stores naive TIMESTAMPs written by DuckDB's `current_timestamp`, which are UTC
(DuckDB's TIMESTAMP WITH TIME ZONE is converted to UTC before the cast). Whatever the server's
own zone (`TZ=UTC` on most servers), a person in Đắk Lắk reads Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now_vn() -> datetime:
    return datetime.now(VN_TZ)


def today_vn() -> date:
    """Today's date in Đắk Lắk (differs from the server's from 17:00 UTC)."""
    return now_vn().date()


def to_vn(ts) -> datetime | None:
    """A stored timestamp (naive = UTC, or aware) as an aware Vietnam-time datetime."""
    if ts is None:
        return None
    try:
        import pandas as pd  # pandas Timestamps and NaT, without importing pandas for the CLI's --help

        if ts is pd.NaT or (isinstance(ts, float) and ts != ts):
            return None
        if isinstance(ts, pd.Timestamp):
            ts = ts.to_pydatetime()
    except ImportError:  # pragma: no cover
        pass
    if isinstance(ts, str):
        ts = datetime.fromisoformat(ts)
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(VN_TZ)


def fmt_datetime(ts, missing: str = "—") -> str:
    """ "18:20 02/12/2026" in Vietnam time."""
    found = to_vn(ts)
    return missing if found is None else found.strftime("%H:%M %d/%m/%Y")


def fmt_date(day, missing: str = "—") -> str:
    """ "02/12/2026"."""
    if day is None:
        return missing
    if isinstance(day, datetime):
        day = to_vn(day).date()
    return day.strftime("%d/%m/%Y")
