"""The periods an index has data for (newest first): what the sidebar offers."""
from __future__ import annotations

from core.formula import INDEX
from core.periods import Period
from metrics import sql



def periods(index_code: str = INDEX, path=None) -> list[Period]:
    """Periods with data for an index, newest first."""
    frame = sql.query("periods", path, index_code=index_code)
    return [Period(t, k) for t, k in zip(frame.period_type, frame.period_key)]


def latest_period(index_code: str = INDEX, path=None) -> Period | None:
    found = periods(index_code, path)
    return found[0] if found else None
