"""Points lost (directions, property-based), what it takes, the national top N."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from core import settings
from core.formula import formula_for
from core.periods import Period
from etl.samples import CAPTURE_DAY, SAMPLES
from metrics import gaps, scoring

CAPTURE = Period("day", CAPTURE_DAY)
FORMULA = formula_for(CAPTURE.end)
SCORED = [i for i in FORMULA.indicators if i.scored]


@hsettings(max_examples=60, deadline=None)
@given(st.sampled_from(SCORED), st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))
def test_points_stay_within_zero_and_max_and_grow_with_the_numerator(indicator, a, b, denominator):
    low, high = sorted((min(a, denominator), min(b, denominator)))
    points = scoring.indicator_points(indicator.code, [low, high], [denominator, denominator], FORMULA)
    assert np.all((points >= 0) & (points <= indicator.max_points))
    assert points[0] <= points[1]
    lost = indicator.max_points - points
    assert np.all(lost >= 0)


def test_points_lost_is_max_minus_points_sorted(sample_db):
    lost = gaps.points_lost(CAPTURE)
    assert (lost.lost >= 0).all() and np.allclose(lost.lost, lost.max_points - lost.points)
    for _, unit in lost.groupby("unit_id"):
        assert unit.lost.is_monotonic_decreasing
    province = lost[lost.unit_id == "H15"].set_index("code")
    metrics = pd.read_csv(SAMPLES / f"metrics-{CAPTURE_DAY}.csv", dtype={"scope_code": str})
    published = metrics[(metrics.scope_code == "H15") & metrics.score.notna() & (metrics.max_score > 0)]
    for row in published.itertuples():
        assert province.lost[row.metric_code] == pytest.approx(row.max_score - row.score)
    # Payment indicators have no official points: their loss comes from the recomputation.
    assert (
        province.points[["PAYMENT_DOSSIER_ONLINE", "PAYMENT_TTHC_WITH_TRANSACTION", "PAYMENT_TTHC_FEE_WITH_DOSSIER"]]
        .notna()
        .all()
    )
    top = gaps.points_lost(CAPTURE, level="indicator", top=3, kind="commune")
    assert top.groupby("unit_id").size().max() == 3 and set(top.kind) == {"commune"}


def test_group_losses_add_up_to_the_total_loss(sample_db):
    groups = gaps.points_lost(CAPTURE, unit_id="H15", level="group")
    national = json.loads((SAMPLES / f"provinces-{CAPTURE_DAY}.json").read_text("utf-8"))
    assert len(groups) == len(FORMULA.groups) and groups.lost.is_monotonic_decreasing
    assert groups.lost.sum() == pytest.approx(100 - national["dakLak"]["totalScore"])


def test_what_it_takes_for_a_commune(sample_db):
    commune = "H15.136"
    rows = gaps.what_it_takes(CAPTURE, commune)
    detail = scoring.recompute(CAPTURE, unit_id=commune).set_index("indicator")
    province = scoring.recompute(CAPTURE, unit_id="H15").set_index("indicator")
    additive = rows[rows.additive]
    assert {"ON_TIME", "PAYMENT_DOSSIER_ONLINE"} <= set(additive.indicator)
    assert {"PUBLISH_ON_TIME", "PETITION_PROCESSING_ON_TIME"} <= set(rows[~rows.additive].indicator)
    assert rows[~rows.additive].province_gain.isna().all() and rows[~rows.additive].reason.notna().all()
    for r in additive.itertuples():
        num, den = detail.numerator[r.indicator], detail.denominator[r.indicator]
        target = r.target_ratio / 100
        assert r.extra_numerator >= 0
        if r.extra_numerator > 0:  # the smallest whole number of dossiers that reaches the target
            assert (num + r.extra_numerator) / den >= target - 1e-12 > (num + r.extra_numerator - 1) / den
        expected = scoring.indicator_points(
            r.indicator,
            [province.numerator[r.indicator] + r.extra_numerator],
            [province.denominator[r.indicator]],
            FORMULA,
        )[0]
        assert r.province_points_after == pytest.approx(expected)
        assert r.province_gain >= 0
    on_time = additive.set_index("indicator").loc["ON_TIME"]
    assert on_time.target_source == "Chỉ tiêu SVC766.2.1"
    assert rows.province_gain.dropna().is_monotonic_decreasing


def test_top_gap_against_the_published_ranking(sample_db):
    national = json.loads((SAMPLES / f"provinces-{CAPTURE_DAY}.json").read_text("utf-8"))
    totals = sorted((p["totalScore"] for p in national["provinces"]), reverse=True)
    top = settings.get("national", "top")
    gap = gaps.top_gap(CAPTURE)
    ours = national["dakLak"]["totalScore"]
    assert gap.threshold == totals[top - 1] and gap.total == ours and gap.rank == national["dakLak"]["rank"]
    assert gap.points_needed == max(0.0, round(totals[top - 1] - ours, 2))
    # Ranked as if the home province were one place below the N-th: it needs the difference.
    lower = gaps.top_gap(CAPTURE, home=national["provinces"][top]["departmentCode"])
    assert lower.points_needed == pytest.approx(totals[top - 1] - totals[top]) and lower.points_needed > 0
    assert not math.isnan(lower.threshold)
