"""Đơn vị drill-down on the real sample: a unit's numbers against the portal's."""

from __future__ import annotations

from datetime import date

import duckdb

from core.formula import formula_for
from tests.support.pages import (
    DAY,
    add_earlier_snapshot,
    chart,
    click_row,
    follow,
    indicators,
    league,
    metrics,
    provinces,
    run_page,
    texts,
    trace_values,
    vn,
)

GROUP_COLUMNS = {
    "transparency": "Công khai, minh bạch",
    "progress": "Tiến độ giải quyết",
    "online_service": "Dịch vụ công trực tuyến",
    "payment": "Thanh toán trực tuyến",
    "digitized": "Số hóa hồ sơ",
    "satisfaction": "Mức độ hài lòng",
}


def worst_commune():
    return league("commune").sort_values("rank_in_group").iloc[-1]


def test_deep_link_shows_the_units_official_scores(sample_db):
    unit = worst_commune()
    at = run_page("don_vi", don_vi=unit["department_code"], ky="day:2026-10-10")
    shown = metrics(at)
    assert [h.value for h in at.header] == [unit["department_name"].replace("UBND xã ", "Xã ")]
    assert shown["Tổng điểm"] == vn(unit["total_score"])
    assert shown["Hạng trong khối"] == f"{unit['rank_in_group']}/{len(league('commune'))}"
    assert shown["Xếp loại"] == unit["classification_label"]
    mean = league("commune")["total_score"].mean()
    assert shown["So với bình quân khối"] == "−" + vn(mean - unit["total_score"])


def test_groups_against_the_league_median_and_75th_percentile(sample_db):
    unit = worst_commune()
    at = run_page("don_vi", don_vi=unit["department_code"])
    figure = chart(at, "unit_groups")
    bars, median, p75 = figure["data"]
    labels = trace_values(bars, "y")[::-1]  # drawn bottom-up
    communes = league("commune")
    for label, (column, name), m, q in zip(
        labels, GROUP_COLUMNS.items(), trace_values(median, "x")[::-1], trace_values(p75, "x")[::-1]
    ):
        assert label.startswith(name) and f"({vn(unit[column])}/" in label
        maximum = float(label.rsplit("/", 1)[1].rstrip(")"))
        assert round(m, 6) == round(communes[column].median() / maximum * 100, 6)
        assert round(q, 6) == round(communes[column].quantile(0.75) / maximum * 100, 6)


def test_indicator_table_matches_the_portals_details(sample_db):
    unit = worst_commune()
    at = run_page("don_vi", don_vi=unit["department_code"])
    table = at.dataframe[0].value.set_index("indicator_name")
    official = indicators()[indicators().scope_code == unit["department_code"]]
    formula = formula_for(date.fromisoformat(DAY))  # the portal's and the formula's names differ
    assert len(table) == len(official)
    for row in official.itertuples():
        shown = table.loc[formula.indicator(row.metric_code).name]
        for field in ("numerator", "denominator", "ratio"):
            expected = getattr(row, field)
            assert (shown[field] != shown[field] and expected != expected) or shown[field] == expected, (row, field)
        if row.score == row.score:
            assert shown["points_official"] == row.score


def test_costliest_indicator_leads_the_points_lost_links(sample_db):
    unit = worst_commune()
    at = run_page("don_vi", don_vi=unit["department_code"])
    official = indicators()[indicators().scope_code == unit["department_code"]].copy()
    official["lost"] = official["max_score"] - official["score"]
    top = official["lost"].max()
    links = [link for link in at.get("page_link") if "mất" in link.proto.label]
    assert len(links) == 3
    assert links[0].proto.label.endswith(f": mất {vn(top)} điểm")
    name = links[0].proto.label.split(": mất")[0]
    formula = formula_for(date.fromisoformat(DAY))
    assert name in {formula.indicator(c).name for c in official.loc[official["lost"] == top, "metric_code"]}
    at = follow(at, links[0])
    assert [h.value for h in at.header][0].startswith(name)


def test_clicking_an_indicator_row_opens_it_across_units(sample_db):
    unit = worst_commune()
    at = run_page("don_vi", don_vi=unit["department_code"])
    name = at.dataframe[0].value["indicator_name"].iloc[4]
    click_row(at, "unit_indicators", 4)
    assert at.header[0].value.startswith(name)
    assert unit["department_name"].replace("UBND xã ", "Xã ") in metrics(at)


def test_targets_and_tasks_of_a_department(sample_db):
    with duckdb.connect(str(sample_db), read_only=True) as con:
        unit_id, n_tasks = con.execute(
            "SELECT lead_unit_id, count(*) FROM tasks WHERE lead_unit_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
    at = run_page("don_vi", don_vi=unit_id)
    frames = [d.value for d in at.dataframe]
    tasks = [f for f in frames if "task_id" in f.columns]
    assert tasks and len(tasks[0]) == n_tasks
    goals = [f for f in frames if "criterion_name" in f.columns][0]
    assert "Điểm chỉ số phục vụ người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg của các sở, ban, ngành" in set(
        goals["criterion_name"]
    )


def test_the_province_itself(sample_db):
    at = run_page("don_vi", don_vi="H15")
    home = provinces()["dakLak"]
    assert metrics(at)["Tổng điểm"] == vn(home["totalScore"])
    assert metrics(at)["Xếp hạng toàn quốc"] == f"{home['rank']}/{provinces()['totalCount']}"
    assert any(link.proto.page == "nhiem_vu" for link in at.get("page_link"))


def test_trends_need_two_periods(sample_db):
    unit = worst_commune()
    at = run_page("don_vi", don_vi=unit["department_code"])
    assert "cần từ 2 kỳ trở lên" in texts(at)
    add_earlier_snapshot(
        sample_db,
        "2026-10-03",
        (unit["department_code"], league("commune").sort_values("rank_in_group").iloc[0]["department_code"]),
    )
    at = run_page("don_vi", don_vi=unit["department_code"], ky="day:2026-10-10")
    trend = chart(at, "unit_trend")
    total = [t for t in trend["data"] if t["name"] == "Tổng điểm"][0]
    assert trace_values(total, "y")[-1] == unit["total_score"]
    assert len(trace_values(total, "y")) == 2
    # Earlier it held the best commune's total (rank 1); now it is last.
    assert metrics(at)["Thay đổi hạng (so với 03/10/2026)"] == f"▼ {len(league('commune')) - 1}"


def test_unknown_unit_in_the_url_falls_back_to_a_listed_one(sample_db):
    at = run_page("don_vi", don_vi="H99.999")
    assert not at.exception and metrics(at)["Tổng điểm"]


def test_empty_warehouse(empty_db):
    at = run_page("don_vi", don_vi="H15.120")
    assert not at.metric
    assert "Chưa có dữ liệu kỳ này" in texts(at)
