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
    """"Nguồn: … · Kỳ: … · Nạp lúc …": the parts are plain text (the page escapes the source,
    which carries file names)."""
    source: str
    period_label: str
    loaded_at: str | None      # Vietnam time, "18:20 02/12/2026"
    provisional: bool          # the period has not ended: numbers are "tạm tính"

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
    return SourceLine(source=source or "", period_label=period.label, loaded_at=stamp,
                      provisional=period.is_open())
