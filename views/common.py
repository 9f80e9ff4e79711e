"""What every page shares: the periods on offer, the source line, the empty states."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core import clock, db
from core.periods import Period
from views import data

# Empty states speak to the people who read the dashboard, never of developer commands.
NO_DATA = "Chưa có dữ liệu kỳ này."
NO_DATA_HINT = "Cán bộ phụ trách có thể nạp số liệu ở trang Nhập dữ liệu."
NO_WAREHOUSE = "Chưa có kho dữ liệu."


@dataclass(frozen=True)
class SourceLine:
    """ "Nguồn: … · Kỳ: … · Nạp lúc …": the parts are plain text (the page escapes the source,
    which carries file names)."""

    source: str
    period_label: str
    loaded_at: str | None  # Vietnam time, "18:20 02/12/2026"
    provisional: bool  # the period has not ended: numbers are "tạm tính"

    @property
    def parts(self) -> list[str]:
        out = [f"Nguồn: {self.source or '—'}", f"Kỳ: {self.period_label}"]
        if self.loaded_at:
            out.append(f"Nạp lúc {self.loaded_at}")
        if self.provisional:
            out.append("Kỳ chưa kết thúc: số liệu tạm tính")
        return out

    @property
    def text(self) -> str:
        return " · ".join(self.parts)


def periods(index_code: str) -> list[Period]:
    """Periods with data for an index, newest first (none when there is no warehouse yet)."""
    try:
        return data.periods(index_code)
    except db.WarehouseMissing:
        return []


def source_line(period: Period, source: str | None = None, loaded_at=None) -> SourceLine:
    """The source line of a 766 period, read from the loads that hold it (or the given source)."""
    if source is None:
        source, loaded_at = data.period_source(period)
    stamp = None if loaded_at is None or pd.isna(loaded_at) else clock.fmt_datetime(loaded_at)
    return SourceLine(source=source or "", period_label=period.label, loaded_at=stamp, provisional=period.is_open())


def default_period(index_code: str, offered: list[Period]) -> Period | None:
    """The period a page opens on when the URL names none: for the 766 index the newest period
    holding the province's own score (a commune-only month loaded later does not blank the
    overview, docs/051); else the newest."""
    if not offered:
        return None
    if index_code == "SVC766":
        try:
            found = data.opening_period()
        except db.WarehouseMissing:
            found = None
        if found in offered:
            return found
    return offered[0]


def trend_summary(code: str, unit_id: str, period: Period, what: str) -> str | None:
    """ "Tổng điểm 70,62 (Ngày 10/10/2026); +1,25 so với Ngày 01/10/2026; dự báo cuối năm 75,30
    (tạm tính). Theo xu hướng …": the latest value of the period's type, its changes and the
    year-end projection with its basis (a ratio projected as a ratio, docs/050)."""
    from core.format import fmt_delta, fmt_num, fmt_pct  # noqa: PLC0415 (kept local: common is imported early)

    found = data.trend(code, unit_id, period.type)
    if found.latest is None:
        return None
    fmt = fmt_pct if found.value_kind == "ratio" else fmt_num
    parts = [f"{what} {fmt(found.latest)} ({found.latest_period.label})"]
    if found.change_prev is not None and found.previous_period is not None:
        parts.append(f"{fmt_delta(found.change_prev)} so với {found.previous_period.label}")
    if found.change_year_ago is not None and found.year_ago_period is not None:
        parts.append(f"{fmt_delta(found.change_year_ago)} so với {found.year_ago_period.label}")
    if found.projection is not None:
        parts.append(
            f"dự báo cuối năm {fmt(found.projection)}"
            + (" (tạm tính)" if found.provisional else "")
            + (f", {found.outlook}" if found.outlook else "")
            + f". {found.projection_basis}"
        )
    return "; ".join(parts)
