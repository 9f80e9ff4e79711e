"""Targets: direction-aware status, scopes, relative targets from the baseline, measures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core import settings
from core.periods import Period
from etl.reference import REF
from etl.samples import CAPTURE_DAY, SAMPLES
from metrics import facts, targets
from tests.support.metrics import load, obs, target

CAPTURE = Period("day", CAPTURE_DAY)


def catalogue_target(code: str, year: int) -> float:
    cat = pd.read_csv(REF / "criteria.csv", dtype=str, keep_default_na=False).set_index("code")
    return float(cat.loc[code, f"target_{year}"])


def test_evaluate_is_direction_aware():
    near = settings.get("targets", "near_share")
    actual = [98.0, 97.0, 90.0, 5.0, 5.0 * (1 + near / 2), 9.0, np.nan, 100.0]
    target_ = [98.0, 98.0, 98.0, 5.0, 5.0, 5.0, 98.0, 100.0]
    comparator = ["at_least", "at_least", "at_least", "at_most", "at_most", "at_most", "at_least", "reach_100"]
    gap, status = targets.evaluate(actual, target_, comparator)
    assert status.tolist() == [
        targets.MET,
        targets.NEAR,
        targets.NOT_MET,
        targets.MET,
        targets.NEAR,
        targets.NOT_MET,
        targets.NO_DATA,
        targets.MET,
    ]
    assert gap.iloc[1] == pytest.approx(-1.0) and gap.iloc[5] == pytest.approx(-4.0)
    _, strict = targets.evaluate([97.0], [98.0], ["at_least"], near_share=0)
    assert strict.iloc[0] == targets.NOT_MET


def test_unit_kind_targets_on_the_capture(sample_db):
    status = targets.target_status(CAPTURE)
    units = pd.read_csv(SAMPLES / f"units-{CAPTURE_DAY}.csv", dtype={"department_code": str})
    total = dict(zip(units.department_code, units.total_score))
    for code, kind in (("SVC766.SCORE.SO", "department"), ("SVC766.SCORE.XA", "commune")):
        rows = status[status.criterion_code == code]
        assert set(rows.kind) == {kind} and len(rows) == (14 if kind == "department" else 102)
        assert (rows.target == catalogue_target(code, 2026)).all()
        assert np.allclose(rows.actual, rows.unit_id.map(total))
        assert np.allclose(rows.gap, rows.actual - rows.target)
    assert set(status[status.criterion_code == "SVC766.SCORE.SO"].status) <= {
        targets.NOT_MET,
        targets.NEAR,
        targets.MET,
    }


def test_catalogue_targets_are_linked_to_portal_measures(sample_db):
    status = targets.target_status(CAPTURE, unit_id="H15").set_index("criterion_code")
    metrics = pd.read_csv(SAMPLES / f"metrics-{CAPTURE_DAY}.csv", dtype={"scope_code": str})
    ratio = metrics[metrics.scope_code == "H15"].set_index("metric_code").ratio
    assert status.actual["SVC766.2.1"] == ratio["ON_TIME"]
    assert status.actual["SVC766.4.3"] == ratio["PAYMENT_DOSSIER_ONLINE"]
    assert status.actual["SVC766.5.2"] == ratio["DOSSIER_RECEIVING_SATISFACTION"]
    assert status.target["SVC766.2.1"] == catalogue_target("SVC766.2.1", 2026)
    # The DVC trực tuyến target has no measure in the data: said so, never 0.
    assert status.status["SVC766.4.1"] == targets.NO_DATA and not status.measure_available["SVC766.4.1"]
    assert np.isnan(status.actual["SVC766.4.1"])
    # Province-wide targets whose measure exists per unit apply to every unit too.
    communes = targets.target_status(CAPTURE, kinds=("commune",))
    assert (communes.criterion_code == "SVC766.2.1").sum() == 102


def test_report_ratio_measures_and_the_most_specific_target(sample_db):
    month = Period("month", "2026-09")
    load(
        sample_db,
        [
            obs("TTHC.APOLOGIES", "H15.15", month, value=3),
            obs("TTHC.RESOLVED_LATE", "H15.15", month, value=4),
            obs("TTHC.PENDING_OVERDUE", "H15.15", month, value=1),
        ],
    )
    load(sample_db, targets=[target("SVC766.SCORE.SO", 2026, "unit", 70.0, unit_id="H15.15")])
    status = targets.target_status(CAPTURE, unit_id="H15.15").set_index("criterion_code")
    assert status.actual["SVC766.2.2"] == pytest.approx(60.0)  # 3 apologies for 4 + 1 overdue
    assert status.actual_period["SVC766.2.2"] == month
    assert status.target["SVC766.SCORE.SO"] == 70.0 and status.scope["SVC766.SCORE.SO"] == "unit"
    other = targets.target_status(CAPTURE, unit_id="H15.16").set_index("criterion_code")
    assert other.target["SVC766.SCORE.SO"] == catalogue_target("SVC766.SCORE.SO", 2026)


def test_relative_targets_from_the_baseline(sample_db):
    # SIPAS.1 "+3 % over 2024": the seeds' baseline until the warehouse holds 2024.
    year = Period("year", "2025")
    before = targets.target_status(year, unit_id="H15").set_index("criterion_code")
    seed_base = facts.baseline("SIPAS.1", 2024)
    assert before.base_value["SIPAS.1"] == seed_base and before.relative_mode["SIPAS.1"] == "points"
    assert before.target["SIPAS.1"] == pytest.approx(seed_base + 3)
    load(
        sample_db, [obs("SIPAS.1", "H15", Period("year", "2024"), value=70.0), obs("SIPAS.1", "H15", year, value=73.5)]
    )
    after = targets.target_status(year, unit_id="H15").set_index("criterion_code")
    assert after.base_value["SIPAS.1"] == 70.0 and after.target["SIPAS.1"] == pytest.approx(73.0)
    assert after.status["SIPAS.1"] == targets.MET
    # A percent-mode target multiplies the baseline: +10 % over the 2026 total of a department.
    load(
        sample_db,
        targets=[target("SVC766.SCORE.SO", 2027, "unit", 10.0, unit_id="H15.16", base_year=2026, mode="percent")],
    )
    units = pd.read_csv(SAMPLES / f"units-{CAPTURE_DAY}.csv", dtype={"department_code": str})
    base = units.set_index("department_code").total_score["H15.16"]
    future = targets.target_status(Period("year", "2027"), unit_id="H15.16").set_index("criterion_code")
    assert future.base_value["SVC766.SCORE.SO"] == base
    assert future.target["SVC766.SCORE.SO"] == pytest.approx(base * 1.1)
    assert future.status["SVC766.SCORE.SO"] == targets.NO_DATA


def test_a_year_without_targets_gives_an_empty_table_with_its_columns(sample_db):
    frame = targets.target_status(Period("year", "2030"))
    assert frame.empty and {"target", "actual", "status"} <= set(frame.columns)
