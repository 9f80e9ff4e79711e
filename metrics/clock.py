"""Vietnam time for everything shown, exported or printed (docs/053).

Stored times stay UTC (DuckDB `current_timestamp` into naive TIMESTAMP columns is UTC); people in
Đắk Lắk read Asia/Ho_Chi_Minh whatever the server's zone. Moves to `core/clock.py` with the core
refactor (issue 8); until then metrics and views import it from here.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pandas as pd

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now_vn() -> datetime:
    return datetime.now(VN_TZ)


def today_vn() -> date:
    """Today in Vietnam: decides whether a period is still open, whatever the server's zone."""
    return now_vn().date()


def to_vn(ts) -> datetime | None:
    """A stored time (naive = UTC, or aware) in Vietnam time; None for a missing one."""
    if ts is None or (not isinstance(ts, datetime) and pd.isna(ts)):
        return None
    if isinstance(ts, pd.Timestamp):
        ts = ts.to_pydatetime()
    if isinstance(ts, str):
        ts = datetime.fromisoformat(ts)
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=timezone.utc)
    return ts.astimezone(VN_TZ)


def fmt_datetime(ts) -> str:
    """18:20 02/12/2026 (Vietnam time); "—" when missing."""
    local = to_vn(ts)
    return "—" if local is None else local.strftime("%H:%M %d/%m/%Y")


def series_to_vn(values: pd.Series) -> pd.Series:
    """A column of stored (UTC) times as naive Vietnam wall-clock times, for tables and exports."""
    stamps = pd.to_datetime(values)
    if stamps.dt.tz is None:
        stamps = stamps.dt.tz_localize("UTC")
    return stamps.dt.tz_convert(VN_TZ).dt.tz_localize(None)
