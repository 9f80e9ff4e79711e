"""Xếp hạng on the real sample: official ranks and scores, flags, filters, sorting, export."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.support.pages import add_earlier_snapshot, canonical_band, click_row, league, metrics, run_page, texts, vn

GROUP_COLUMNS = {
    "transparency": "CKMB",
    "progress": "TDGQ",
    "online_service": "CLGQ",
    "payment": "TTTT",
    "digitized": "MDSH",
    "satisfaction": "MDHL",
}


def tables(at) -> dict[str, pd.DataFrame]:
    return {d.key: d.value for d in at.dataframe}


@pytest.mark.parametrize("kind", ["department", "commune"])
def test_each_league_shows_the_portals_scores_ranks_and_bands(sample_db, kind):
    at = run_page("xep_hang")
    table = tables(at)[f"ranking_{kind}"]
    official = league(kind).sort_values("rank_in_group").reset_index(drop=True)
    assert len(table) == len(official)
    assert table["rank_official"].tolist() == official["rank_in_group"].tolist()
    assert table["total"].round(2).tolist() == official["total_score"].tolist()
    assert table["band"].tolist() == official["classification_label"].map(canonical_band).tolist()
    for column, code in GROUP_COLUMNS.items():
        assert table[code].round(2).tolist() == official[column].tolist(), code
    assert (table["rank"] <= table["rank_official"]).all()  # equal scores share the better rank


def test_below_average_and_below_target_flags(sample_db):
    at = run_page("xep_hang")
    table = tables(at)["ranking_commune"]
    official = league("commune").sort_values("rank_in_group").reset_index(drop=True)
    below = official["total_score"] < official["total_score"].mean()
    assert (table["below_average"] == "Dưới bình quân").tolist() == below.tolist()
    target = (
        pd.read_csv("data/reference/criteria.csv", dtype=str).set_index("code").loc["SVC766.SCORE.XA", "target_2026"]
    )
    assert f"Chỉ tiêu: {vn(float(target))} điểm" in texts(at)
    assert (table["below_target"] == "Dưới chỉ tiêu").tolist() == (official["total_score"] < float(target)).tolist()


def test_filters_by_name_band_and_flag(sample_db):
    at = run_page("xep_hang")
    at.text_input[0].input("ea").run()
    names = tables(at)["ranking_commune"]["name"]
    assert len(names) > 0 and all("ea" in n.casefold() for n in names)
    at.text_input[0].input("").run()
    at.multiselect[0].select("Trung bình").run()
    assert set(tables(at)["ranking_department"]["band"]) == {"Trung bình"}
    expected = (league("department")["classification_label"] == "Trung bình").sum()
    assert len(tables(at)["ranking_department"]) == expected
    at.multiselect[0].unselect("Trung bình").run()
    at.multiselect[1].select("below_average").run()
    official = league("commune")
    assert len(tables(at)["ranking_commune"]) == (official["total_score"] < official["total_score"].mean()).sum()


def test_sort_by_a_group_puts_its_best_first_with_the_group_rank(sample_db):
    at = run_page("xep_hang")
    at.selectbox[0].select("MDSH").run()
    table = tables(at)["ranking_commune"]
    official = league("commune")
    assert table["MDSH"].round(2).iloc[0] == official["digitized"].max()
    assert table["group_rank"].iloc[0] == 1
    assert table["MDSH"].is_monotonic_decreasing


def test_kind_in_the_url_shows_one_league(sample_db):
    at = run_page("xep_hang", loai="commune")
    assert list(tables(at)) == ["ranking_commune"]
    assert [t.label for t in at.tabs] == ["UBND xã, phường"]


def test_clicking_a_row_opens_the_unit(sample_db):
    at = run_page("xep_hang")
    official = league("department").sort_values("rank_in_group").reset_index(drop=True)
    click_row(at, "ranking_department", 2)
    assert [h.value for h in at.header] == [official.loc[2, "department_name"].split(" - ")[0]]
    assert metrics(at)["Tổng điểm"] == vn(official.loc[2, "total_score"])


def test_movement_column_after_an_earlier_snapshot(sample_db):
    communes = league("commune").sort_values("rank_in_group")
    best, worst = communes.iloc[0], communes.iloc[-1]
    add_earlier_snapshot(sample_db, "2026-10-03", (best["department_code"], worst["department_code"]))
    table = tables(run_page("xep_hang"))["ranking_commune"]
    places = len(communes) - 1
    assert table["movement"].iloc[0] == f"▲ {places}"
    assert table["movement"].iloc[-1] == f"▼ {places}"
    assert set(table["movement"].iloc[1:-1]) == {"="}


def test_excel_export_is_offered(sample_db):
    # The file itself is downloaded and read in tests/test_browser.py.
    # Then the meeting pack's files (ui/downloads.py, in the "Tài liệu họp" popover).
    from ui.downloads import LABELS

    labels = [b.label for b in run_page("xep_hang").get("download_button")]
    assert labels == ["Tải về Excel", *(label for label, _ in LABELS.values())]


def test_empty_warehouse(empty_db):
    at = run_page("xep_hang")
    assert not at.dataframe
    assert "Chưa có dữ liệu kỳ này" in texts(at)
