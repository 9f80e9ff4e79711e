"""Completeness: which units lack data for a period; missing is never 0."""

from __future__ import annotations

import numpy as np

from core.periods import Period
from etl.samples import CAPTURE_DAY
from metrics import completeness
from tests.support.metrics import load, scores, units_of


def test_the_capture_is_complete_for_every_unit(sample_db):
    frame = completeness.missing(Period("day", CAPTURE_DAY))
    assert len(frame) == 116 and (frame.status == completeness.COMPLETE).all()


def test_units_without_data_are_missing_never_zero(sample_db):
    month = Period("month", "2026-09")
    communes = units_of(sample_db, "commune")
    load(
        sample_db,
        scores(month, {communes[0]: 80.0, communes[1]: 0.0}, with_groups=True) + scores(month, {communes[2]: 55.0}),
    )
    frame = completeness.missing(month, kinds=("commune",)).set_index("unit_id")
    assert frame.status[communes[0]] == completeness.PARTIAL  # groups but no indicator detail
    assert frame.status[communes[2]] == completeness.PARTIAL
    assert (frame.status.drop(communes[:3]) == completeness.NO_DATA).all()
    grid = completeness.matrix("month", kinds=("commune",)).set_index("unit_id")
    assert list(grid.columns[-1:]) == ["2026-09"]
    assert grid.loc[communes[1], "2026-09"] == 0.0  # a real zero stays a zero ...
    assert np.isnan(grid.loc[communes[3], "2026-09"])  # ... and a missing value is not one
    assert grid["2026-09"].notna().sum() == 3
