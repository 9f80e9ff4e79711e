"""Tổng quan on the real sample: the numbers shown are the portal's, and the links lead on."""

from __future__ import annotations

from tests.support.pages import (
    add_earlier_snapshot,
    canonical_band,
    chart,
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


def test_headline_numbers_are_the_portals(sample_db):
    at = run_page()
    shown = metrics(at)
    data = provinces()
    home = data["dakLak"]
    ranked = sorted(data["provinces"], key=lambda p: p["rank"])
    assert shown["Điểm của tỉnh"] == vn(home["totalScore"])
    assert shown["Xếp hạng toàn quốc"] == f"{home['rank']}/{data['totalCount']}"
    assert shown["So với hạng 10"] == "+" + vn(home["totalScore"] - ranked[9]["totalScore"])
    mean = sum(p["totalScore"] for p in data["provinces"]) / len(data["provinces"])
    assert shown[f"Bình quân {data['totalCount']} tỉnh"] == vn(mean)


def test_groups_chart_shows_the_official_group_points_and_points_lost(sample_db):
    at = run_page()
    home = provinces()["dakLak"]["scores"]
    figure = chart(at, "groups")
    labels = trace_values(figure["data"][1], "y")
    points = trace_values(figure["data"][1], "x")
    maxima = trace_values(figure["data"][0], "x")
    assert len(labels) == 6
    for label, value, maximum in zip(labels, points, maxima):
        assert label.endswith(f"({vn(value)}/{maximum:.0f})")
    assert sorted(round(v, 2) for v in points) == sorted(home.values())
    lost_labels = trace_values(figure["data"][2], "text")
    losses = [m - p for m, p in zip(maxima, points)]
    assert lost_labels == ["−" + vn(v) for v in losses]
    assert losses[-1] == max(losses)  # the largest loss at the top (Plotly draws the last bar on top)


def test_band_counts_match_the_portals_labels(sample_db):
    at = run_page()
    figure = chart(at, "bands")
    shown = {}
    for trace in figure["data"]:
        for league_name, count in zip(trace_values(trace, "y"), trace_values(trace, "customdata")):
            shown[(league_name, trace["name"])] = count
    for kind, name in (("department", "Sở, ban, ngành"), ("commune", "Xã, phường")):
        official = league(kind)["classification_label"].map(canonical_band).value_counts()
        for band, count in official.items():
            assert shown[(name, band)] == count, (kind, band)


def test_lowest_units_link_to_their_drill_down(sample_db):
    at = run_page()
    worst = league("commune").sort_values("rank_in_group").iloc[-1]
    name = worst["department_name"].replace("UBND xã ", "Xã ")
    links = [link for link in at.get("page_link") if link.proto.label.startswith(name)]
    assert links and links[0].proto.label == f"{name}: {vn(worst['total_score'])}"
    at = follow(at, links[0])
    assert metrics(at)["Tổng điểm"] == vn(worst["total_score"])
    assert metrics(at)["Hạng trong khối"] == f"{worst['rank_in_group']}/{len(league('commune'))}"
    assert name in [h.value for h in at.header]


def test_province_targets_not_met_show_the_provinces_own_ratios(sample_db):
    at = run_page()
    h15 = indicators()[indicators().scope_code == "H15"].set_index("metric_code")
    shown = texts(at)
    assert "Chỉ tiêu của tỉnh chưa đạt" in shown
    # The two furthest from target: digitisation of dossiers and petitions handled on time.
    assert f"đạt {vn(h15.loc['SO_HOA_GIAY_TO_GIAI_QUYET', 'ratio'])}, mục tiêu 100" in shown
    assert f"đạt {vn(h15.loc['PETITION_PROCESSING_ON_TIME', 'ratio'])}, mục tiêu 100" in shown


def test_movement_since_an_earlier_snapshot(sample_db):
    communes = league("commune").sort_values("rank_in_group")
    best, worst = communes.iloc[0], communes.iloc[-1]
    add_earlier_snapshot(sample_db, "2026-10-03", (best["department_code"], worst["department_code"]))
    at = run_page()
    places = len(communes) - 1
    labels = [link.proto.label for link in at.get("page_link")]
    best_name = best["department_name"].replace("UBND xã ", "Xã ")
    worst_name = worst["department_name"].replace("UBND xã ", "Xã ")
    assert f"{best_name}: ▲ {places} (so với 03/10/2026)" in labels
    assert f"{worst_name}: ▼ {places} (so với 03/10/2026)" in labels
    assert "Chưa có kỳ trước" not in texts(at)


def test_empty_warehouse_says_what_is_missing(empty_db):
    at = run_page()
    assert not at.metric
    assert "Chưa có dữ liệu kỳ này" in texts(at)
    assert not at.get("plotly_chart")
