"""The fast `period_rows` macro shows exactly what `v_observations` shows for a period,
through superseding loads and undo."""

from __future__ import annotations

import pandas as pd

from core.periods import Period
from metrics import sql
from tests.support.metrics import load, obs, undo

KEYS = ["index_code", "criterion_code", "unit_id"]


def both(period: Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    with sql.connect() as con:
        fast = con.execute("SELECT * FROM period_rows($t, $k)", {"t": period.type, "k": period.key}).df()
        view = con.execute(
            "SELECT * FROM v_observations WHERE period_type = $t AND period_key = $k",
            {"t": period.type, "k": period.key},
        ).df()
    order = lambda f: f.sort_values(KEYS).reset_index(drop=True)[sorted(f.columns)]  # noqa: E731
    return order(fast), order(view)


def assert_same(period: Period) -> pd.DataFrame:
    fast, view = both(period)
    pd.testing.assert_frame_equal(fast, view)
    return fast


def test_the_sample_period(sample_db):
    rows = assert_same(Period("day", "2026-10-10"))
    assert len(rows) > 3000


def test_superseding_loads_and_undo(sample_db):
    period = Period("month", "2026-09")
    first = load(
        sample_db,
        [obs("SVC766", u, period, value=v, points=v) for u, v in (("H15.15", 70.0), ("H15.16", 71.0))]
        + [obs("TTHC.APOLOGIES", "H15.15", period, value=3)],
    )
    assert set(assert_same(period).batch_id) == {first}
    # A second load of the total for one unit and a new criterion: only the contested key moves.
    second = load(
        sample_db,
        [
            obs("SVC766", "H15.15", period, value=80.0, points=80.0),
            obs("SVC766.CKMB", "H15.15", period, value=9.0, points=9.0),
        ],
    )
    rows = assert_same(period).set_index(["criterion_code", "unit_id"])
    assert rows.loc[("SVC766", "H15.15"), "points"] == 80.0 and rows.loc[("SVC766", "H15.16"), "batch_id"] == first
    undo(sample_db, second)
    rows = assert_same(period).set_index(["criterion_code", "unit_id"])
    assert rows.loc[("SVC766", "H15.15"), "points"] == 70.0 and ("SVC766.CKMB", "H15.15") not in rows.index
    undo(sample_db, first)
    assert assert_same(period).empty
