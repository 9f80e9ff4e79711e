"""The view models on the real sample, in milliseconds: every number a page shows, with its Vietnamese
label, checked against the official capture (read from the files, never typed in) or the metrics API."""

from __future__ import annotations

import threading
import time

import pytest

from core.access import AccessDenied, Viewer
from core.periods import Period
from metrics import ranking as metrics_ranking
from tests.support.pages import DAY, add_earlier_snapshot, canonical_band, league, provinces, vn
from views import criterion, overview, quality, ranking, store, tasks, unit, yearly

PERIOD = Period("day", DAY)
LEADER = Viewer("lan", "lanh_dao")


def home_official():
    data = provinces()
    return data, data["dakLak"]


def test_overview_headline_numbers_are_the_official_ones(sample_db):
    found = overview.overview(PERIOD)
    data, home = home_official()
    shown = {m.label: m.value for m in found.metrics}
    assert shown["Điểm của tỉnh"] == vn(home["totalScore"])
    assert shown["Xếp hạng toàn quốc"] == f"{home['rank']}/{data['totalCount']}"
    assert found.rank == home["rank"] and found.rank_of == data["totalCount"]
    assert shown["Xếp loại"] == found.band
    average = sum(p["totalScore"] for p in data["provinces"]) / len(data["provinces"])
    assert shown[f"Bình quân {data['totalCount']} tỉnh"] == vn(average)
    tenth = sorted((p["totalScore"] for p in data["provinces"]), reverse=True)[9]
    assert shown["So với hạng 10"] == ("+" if home["totalScore"] > tenth else "−") + vn(abs(home["totalScore"] - tenth))
    assert "10/10/2026" in found.source.text and "Nguồn:" in found.source.text


def test_overview_groups_add_up_to_the_total_and_lowest_units_are_the_official_lowest(sample_db):
    found = overview.overview(PERIOD)
    assert found.groups["points"].sum() == pytest.approx(found.score, abs=0.05)
    assert list(found.groups["lost"]) == pytest.approx(list(found.groups["max_points"] - found.groups["points"]))
    for kind, lines in (("department", found.lowest[:2]), ("commune", found.lowest[2:])):
        official = league(kind).sort_values("total_score")
        assert [line.label.split(":")[1].strip() for line in lines] == [vn(v) for v in official["total_score"][:2]]
    assert found.movers == () and found.movers_note  # one snapshot: nothing to compare


def test_overview_of_nothing_says_so_in_users_words(empty_db):
    found = overview.overview(None)
    assert isinstance(found, overview.Empty) and "Chưa có dữ liệu" in found.message
    assert "python" not in found.message and "etl" not in found.message


def test_ranking_tables_are_the_metrics_leagues_with_vietnamese_headers(sample_db):
    found = ranking.ranking(PERIOD, ("department", "commune"))
    departments, communes = found.leagues
    expected = metrics_ranking.league_ranking(PERIOD, "departments")
    assert list(departments.table["name"]) == list(
        expected.sort_values(["total", "rank"], ascending=[False, True])["name"]
    )
    assert len(communes.table) == len(league("commune"))
    assert departments.caption.startswith(f"{len(league('department'))}/{len(league('department'))} đơn vị")
    assert found.columns["total"] == "Tổng điểm" and found.columns["band"] == "Xếp loại"
    assert "Tổng điểm" in departments.export.columns and "Đơn vị" in departments.export.columns
    assert found.export_header[1].startswith(f"Kỳ: {PERIOD.label}")


def test_ranking_filters_narrow_and_say_so(sample_db):
    found = ranking.ranking(PERIOD, ("commune",), ranking.Filters(name="ea", bands=("Khá",)))
    table = found.leagues[0].table
    assert len(table) and table["name"].str.casefold().str.contains("ea").all() and (table["band"] == "Khá").all()
    assert "tên “ea”, xếp loại Khá" in found.export_header[2]
    nothing = ranking.ranking(PERIOD, ("commune",), ranking.Filters(name="không có xã này"))
    assert nothing.leagues[0].empty_message == "Không có đơn vị nào khớp bộ lọc."


def test_unit_view_shows_the_official_total_rank_and_band(sample_db):
    row = league("commune").sort_values("total_score").iloc[0]
    picker = unit.picker(PERIOD, ("commune",), LEADER)
    unit_id = next(
        u
        for u, label in picker.options.items()
        if label.startswith(row["department_name"].replace("UBND xã ", "Xã ").replace("UBND phường ", "Phường "))
    )
    found = unit.unit(PERIOD, unit_id, LEADER)
    shown = {m.label: m.value for m in found.metrics}
    assert shown["Tổng điểm"] == vn(row["total_score"])
    assert shown["Xếp loại"] == canonical_band(row["classification_label"])
    assert shown["Hạng trong khối"] == f"{int(row['rank_in_group'])}/{len(league('commune'))}"
    assert found.lost["lost"].is_monotonic_decreasing and (found.lost["lost"] > 0).all()
    assert len(found.indicators) and set(found.indicators.columns) >= {"numerator", "denominator", "ratio"}


def test_a_focal_officer_is_offered_and_shown_their_own_unit_only(sample_db):
    own_id, other_id = ranking.ranking(PERIOD, ("commune",)).leagues[0].unit_ids[:2]
    officer = Viewer("xa", "don_vi", own_id)
    offered = unit.picker(PERIOD, ("department", "commune"), officer)
    assert list(offered.options) == [own_id] and offered.default == own_id
    with pytest.raises(AccessDenied):
        unit.unit(PERIOD, other_id, officer)
    with pytest.raises(AccessDenied):
        unit.indicator_trend(PERIOD, other_id, "SVC766", officer)
    assert unit.unit(PERIOD, own_id, officer).unit_id == own_id
    assert LEADER.sees_every_unit and unit.unit(PERIOD, other_id, LEADER).unit_id == other_id


def test_criterion_view_counts_units_and_names_the_rule(sample_db):
    code = (
        "SVC766.ON_TIME"
        if "SVC766.ON_TIME" in criterion.options(PERIOD)
        else next(c for c in criterion.options(PERIOD) if c.count(".") == 1 and c != "SVC766")
    )
    found = criterion.criterion(PERIOD, code, ("department", "commune"), viewer=LEADER)
    assert found.is_indicator == (found.value_title == "Tỷ lệ đạt (%)")
    assert len(found.lowest) <= 10 and found.lowest["value"].is_monotonic_increasing
    shown = {m.label: m.value for m in found.metrics}
    assert "Toàn tỉnh" in shown and "Trung vị các đơn vị" in shown
    total = criterion.criterion(PERIOD, "SVC766", ("commune",), viewer=LEADER)
    assert len(total.distribution) == len(league("commune"))
    # A focal officer gets their own unit only, whatever the page asks for (core.access).
    own = total.lowest["unit_id"].iloc[0]
    narrowed = criterion.criterion(PERIOD, "SVC766", ("commune",), viewer=Viewer("xa", "don_vi", own))
    assert len(narrowed.distribution) == 1 and set(narrowed.lowest["unit_id"]) == {own}


def test_yearly_view_without_results_shows_the_catalogue(sample_db):
    found = yearly.yearly("PAR", None)
    assert found.title == "Chỉ số năm: PAR Index" and not found.observed
    assert "Chưa có kết quả PAR Index" in found.empty_message and len(found.table)


def test_tasks_view_counts_and_filters(sample_db):
    found = tasks.tasks()
    shown = {m.label: m.value for m in found.metrics}
    assert int(shown["Số nhiệm vụ"].replace(".", "")) == len(found.table)
    narrowed = tasks.tasks(tasks.Filters(overdue_only=True))
    assert (narrowed.table["overdue"] == "Quá hạn").all()
    assert narrowed.title == f"Danh sách nhiệm vụ ({len(narrowed.table)})"


def test_quality_view_shows_load_times_in_vietnam_time(sample_db):
    found = quality.quality(PERIOD, "SVC766", ("department", "commune"))
    stamp = found.loads["loaded_at"].iloc[0]
    assert len(stamp) == len("18:20 02/12/2026") and stamp[2] == ":" and stamp[5] == " "
    assert found.mismatches is not None and found.completeness is not None


def test_views_follow_a_new_load_and_share_one_computation(sample_db):
    before = overview.overview(PERIOD)
    assert overview.overview(PERIOD) is before  # the same object: computed once per data version
    first, second = ranking.ranking(PERIOD, ("commune",)).leagues[0].unit_ids[:2]
    add_earlier_snapshot(sample_db, "2026-10-09", (first, second))
    after = ranking.ranking(PERIOD, ("commune",))
    assert after.leagues[0].table["movement"].ne("—").any()  # the earlier snapshot is seen without a restart


def test_concurrent_callers_compute_a_key_once():
    calls = []

    @store.cached()
    def slow(x):
        calls.append(x)
        time.sleep(0.2)
        return x * 2

    results = []
    threads = [threading.Thread(target=lambda: results.append(slow(21))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 8 and calls == [21]
