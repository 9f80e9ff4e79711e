"""Trends: changes, slope, year-end projection and outlook; no trend across a formula change."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from core import formula
from core.periods import Period
from metrics import trends
from tests.support.metrics import load, obs, scores

UNIT = "H15.15"  # a department: its 2026 target is the catalogue's department target


def monthly(path, values: dict[str, float]) -> None:
    for key, value in values.items():
        load(path, scores(Period("month", key), {UNIT: value}))


def test_changes_slope_projection_and_outlook(sample_db):
    monthly(sample_db, {"2025-06": 60.0, "2026-04": 70.0, "2026-05": 72.0, "2026-06": 74.0})
    frame = trends.series("SVC766", UNIT, "month")
    assert frame.period_key.tolist() == ["2025-06", "2026-04", "2026-05", "2026-06"]
    assert np.isnan(frame.change_prev.iloc[0]) and frame.change_prev.iloc[-1] == pytest.approx(2.0)
    assert frame.change_year_ago.iloc[-1] == pytest.approx(14.0) and np.isnan(frame.change_year_ago.iloc[-2])
    assert frame.label.iloc[-1] == "Tháng 6/2026"

    trend = trends.trend("SVC766", UNIT, "month", n=3)
    assert trend.latest == 74.0 and trend.latest_period == Period("month", "2026-06")
    assert trend.window == 3 and trend.slope == pytest.approx(2.0)
    assert trend.projection == pytest.approx(74.0 + 2.0 * 6)  # six more months to December
    assert trend.target is not None and trend.comparator == "at_least"
    assert trend.outlook == (trends.ON_TRACK if trend.projection >= trend.target else trends.AT_RISK)
    assert trend.broken_at is None


def test_projection_is_bounded_and_outlook_can_be_on_track(sample_db):
    monthly(sample_db, {"2026-08": 80.0, "2026-09": 95.0})
    trend = trends.trend("SVC766", UNIT, "month")
    assert trend.projection == 100.0  # the maximum, not 80 + 15 x 3
    assert trend.outlook == trends.ON_TRACK


def test_no_trend_across_a_change_of_formula_version(sample_db, tmp_path, monkeypatch):
    folder = tmp_path / "formulas"
    folder.mkdir()
    current = formula.FORMULAS / "766-2026.toml"
    shutil.copy(current, folder / current.name)
    text = current.read_text("utf-8").replace('version = "766-2026"', 'version = "766-2026b"')
    (folder / "766-2026b.toml").write_text(
        text.replace('valid_from = "2026-01-01"', 'valid_from = "2026-05-01"'), "utf-8"
    )
    monkeypatch.setattr(formula, "FORMULAS", folder)
    monthly(sample_db, {"2026-02": 10.0, "2026-03": 20.0, "2026-04": 30.0, "2026-05": 60.0, "2026-06": 61.0})
    frame = trends.series("SVC766", UNIT, "month")
    assert frame.formula_version.tolist() == ["766-2026"] * 3 + ["766-2026b"] * 2
    assert np.isnan(frame.change_prev.iloc[3]) and frame.change_prev.iloc[4] == pytest.approx(1.0)
    trend = trends.trend("SVC766", UNIT, "month")
    assert trend.broken_at == Period("month", "2026-05")
    assert trend.window == 2 and trend.slope == pytest.approx(1.0)  # not the +10 a month before the change


def test_a_criterion_without_data_has_an_empty_trend(sample_db):
    trend = trends.trend("SVC766", UNIT, "quarter")
    assert trend.latest is None and trend.slope is None and trend.series.empty


def test_a_ratio_is_projected_as_a_ratio_not_capped_at_the_indicator_points(sample_db):
    """On-time 88,62 % on a 20-point indicator: the projection is a percentage (≤ 100), not 20."""
    rows = []
    for key, ratio in {"2026-07": 86.0, "2026-08": 87.3, "2026-09": 88.62}.items():
        period = Period("month", key)
        rows.append(
            obs(
                "SVC766.ON_TIME",
                UNIT,
                period,
                value=ratio,
                numerator=ratio,
                denominator=100.0,
                points=round(ratio / 100 * 20, 2),
                max_points=20.0,
            )
        )
    load(sample_db, rows)
    trend = trends.trend("SVC766.ON_TIME", UNIT, "month", today=Period("month", "2026-10").end)
    assert trend.value_kind == "ratio" and trend.latest == pytest.approx(88.62)
    assert trend.projection > 88.62 and trend.projection <= 100.0
    assert trend.projection == pytest.approx(min(100.0, 88.62 + trend.slope * 3))
    assert "3 tháng" in trend.projection_basis and "31/12/2026" in trend.projection_basis
    assert not trend.provisional and trend.previous_period == Period("month", "2026-08")
    steep = trends.trend("SVC766.ON_TIME", UNIT, "month", n=2, today=Period("month", "2026-09").end)
    assert steep.provisional and "tạm tính" in steep.projection_basis


def test_pages_say_the_ratio_projection_as_a_percentage(sample_db):
    """What the criterion and unit pages print: the change "so với …" and the projection in %."""
    from views.common import trend_summary

    rows = [
        obs(
            "SVC766.ON_TIME",
            "H15",
            Period("month", k),
            value=v,
            numerator=v,
            denominator=100.0,
            points=round(v / 5, 2),
            max_points=20.0,
        )
        for k, v in {"2026-07": 86.0, "2026-08": 87.3, "2026-09": 88.62}.items()
    ]
    load(sample_db, rows)
    text = trend_summary("SVC766.ON_TIME", "H15", Period("month", "2026-09"), "Toàn tỉnh")
    assert text.startswith("Toàn tỉnh 88,62% (Tháng 9/2026); +1,32 so với Tháng 8/2026")
    projected = trends.trend("SVC766.ON_TIME", "H15", "month").projection
    assert f"dự báo cuối năm {projected:.2f}%".replace(".", ",") in text and projected > 20
