"""Chỉ tiêu on the real sample: one criterion across all units, against the portal's numbers."""

from __future__ import annotations

from datetime import date

import pandas as pd

from core.formula import formula_for
from tests.support.pages import DAY, click_row, indicators, league, metrics, provinces, run_page, texts, vn

CODE = "ON_TIME"


def unit_ratios(code: str = CODE) -> pd.DataFrame:
    """The indicator's ratio for every department and commune, from the portal's detail file."""
    scored = set(league("department").department_code) | set(league("commune").department_code)
    rows = indicators()[(indicators().metric_code == code) & indicators().scope_code.isin(scored)]
    return rows.sort_values("ratio").reset_index(drop=True)


def catalogue_target(code: str) -> float:
    criteria = pd.read_csv("data/reference/criteria.csv", dtype=str).set_index("code")
    return float(criteria.loc[code, "target_2026"])


def test_indicator_across_units_matches_the_portal(sample_db):
    at = run_page("chi_tieu", chi_tieu=f"SVC766.{CODE}")
    shown = metrics(at)
    ratios = unit_ratios()
    home = indicators()[(indicators().scope_code == "H15") & (indicators().metric_code == CODE)].iloc[0]
    assert shown["Toàn tỉnh"] == vn(home["ratio"]) + "%"
    assert shown["Trung vị các đơn vị"] == vn(ratios["ratio"].median()) + "%"
    target = catalogue_target("SVC766.2.1")  # "tỷ lệ hồ sơ giải quyết đúng hạn ≥ 98 %" measures ON_TIME
    assert shown["Chưa đạt chỉ tiêu"] == f"{(ratios['ratio'] < target).sum()}/{len(ratios)}"
    worst, best = at.dataframe[0].value, at.dataframe[1].value
    assert worst["value"].tolist() == ratios["ratio"].head(10).tolist()
    assert best["value"].iloc[0] == ratios["ratio"].max()
    assert worst["numerator"].iloc[0] == ratios["numerator"].iloc[0]
    assert worst["denominator"].iloc[0] == ratios["denominator"].iloc[0]
    missing = at.dataframe[2].value
    assert len(missing) == (ratios["ratio"] < target).sum()
    assert (missing["value"] < target).all()


def test_a_focused_unit_shows_its_numerator_denominator_and_points(sample_db):
    worst = league("commune").sort_values("rank_in_group").iloc[-1]
    at = run_page("chi_tieu", chi_tieu=f"SVC766.{CODE}", don_vi=worst["department_code"])
    row = indicators()[(indicators().scope_code == worst["department_code"]) & (indicators().metric_code == CODE)].iloc[
        0
    ]
    name = worst["department_name"].replace("UBND xã ", "Xã ")
    assert metrics(at)[name] == vn(row["ratio"]) + "%"
    caption = next(c.value for c in at.caption if c.value.startswith(f"**{name}**"))
    assert f"tử số {vn(row['numerator'], 0)}, mẫu số {vn(row['denominator'], 0)}" in caption
    assert f"{vn(row['score'])}/{row['max_score']:.0f} điểm, mất {vn(row['max_score'] - row['score'])} điểm" in caption
    communes = unit_ratios()[unit_ratios().scope_code.isin(league("commune").department_code)]
    place = int((communes["ratio"] > row["ratio"]).sum()) + 1  # equal ratios share a place
    assert caption.endswith(f"đứng thứ {place}/{len(communes)} trong khối.")


def test_group_and_total_use_points(sample_db):
    home = provinces()["dakLak"]
    at = run_page("chi_tieu", chi_tieu="SVC766.CKMB")
    assert metrics(at)["Toàn tỉnh"] == vn(home["scores"]["CKMB"])
    assert "Chưa đạt điểm tối đa" in metrics(at)
    at = run_page("chi_tieu", chi_tieu="SVC766")
    assert metrics(at)["Toàn tỉnh"] == vn(home["totalScore"])
    units = pd.concat([league("department"), league("commune")])
    assert metrics(at)["Chưa đạt chỉ tiêu"] == f"{len(units)}/{len(units)}"  # nobody reaches 95 / 96,5 yet


def test_choice_list_holds_every_scored_indicator_and_no_tracking_one(sample_db):
    at = run_page("chi_tieu")
    options = at.selectbox(key="criterion_pick").options
    formula = formula_for(date.fromisoformat(DAY))
    scored = [i for i in formula.indicators if i.rule != "tracking"]
    assert len(options) == 1 + len(formula.groups) + len(scored)
    assert not any(i.name in " ".join(options) for i in formula.indicators if i.rule == "tracking")


def test_clicking_a_unit_opens_it_with_the_criterion_kept(sample_db):
    at = run_page("chi_tieu", chi_tieu=f"SVC766.{CODE}")
    first = at.dataframe[0].value["name"].iloc[0]
    click_row(at, "worst", 0)
    assert at.header[0].value == first
    assert at.query_params["chi_tieu"] in (f"SVC766.{CODE}", [f"SVC766.{CODE}"])


def test_kind_filter_limits_the_units(sample_db):
    at = run_page("chi_tieu", chi_tieu=f"SVC766.{CODE}", loai="department")
    departments = unit_ratios()[unit_ratios().scope_code.isin(league("department").department_code)]
    assert metrics(at)["Trung vị các đơn vị"] == vn(departments["ratio"].median()) + "%"
    assert set(at.dataframe[0].value["name"]) <= set(league("department").department_name.str.split(" - ").str[0])


def test_empty_warehouse(empty_db):
    at = run_page("chi_tieu", chi_tieu=f"SVC766.{CODE}")
    assert not at.metric
    assert "Chưa có dữ liệu kỳ này" in texts(at)
