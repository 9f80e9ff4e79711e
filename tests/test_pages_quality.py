"""Chất lượng dữ liệu: loads and their status, freshness, completeness, official vs recomputed."""

from __future__ import annotations

import duckdb

from core.labels import format_label
from etl import db
from etl.batches import BatchMeta, insert_batch, undo_batch
from tests.support.pages import DAY, league, run_page, texts


def tables(at) -> list:
    return [d.value for d in at.dataframe]


def batches(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT batch_id, source_label FROM batches ORDER BY batch_id").df()


def test_loads_freshness_and_completeness_on_the_sample(sample_db):
    at = run_page("chat_luong")
    fresh, loads, grid = tables(at)
    assert fresh["period_label"].tolist() == ["Ngày 10/10/2026"]
    assert fresh["n_units"].iloc[0] > len(league("commune"))
    assert sorted(loads["batch_id"]) == batches(sample_db)["batch_id"].tolist()
    assert set(loads["status_label"]) == {"Đang dùng"}
    n_units = len(league("department")) + len(league("commune"))
    assert f"đủ dữ liệu: {n_units}" in texts(at)
    assert len(grid) == n_units and grid.columns.tolist() == ["Ngày 10/10/2026"]
    assert "Không có chỉ tiêu hay nhóm nào lệch" in texts(at)


def test_an_undone_load_is_shown_undone_and_its_data_disappear(sample_db):
    sample = batches(sample_db).query("source_label.str.startswith('Dữ liệu mẫu')", engine="python")
    with db.connect(sample_db) as con:
        assert undo_batch(con, int(sample["batch_id"].iloc[0]), "test")
    at = run_page("chat_luong")
    loads = tables(at)[0].set_index("batch_id")  # no freshness table: nothing left to be fresh
    assert loads.loc[int(sample["batch_id"].iloc[0]), "status_label"] == "Đã hoàn tác"
    assert "Chưa có số liệu của chỉ số nào" in texts(at)
    assert "Chọn Bộ chỉ số 766 và một kỳ" in texts(at)


def test_a_wrong_official_point_is_listed_as_a_mismatch(sample_db):
    commune = league("commune").iloc[0]["department_code"]
    with db.connect(sample_db) as con:
        row = con.execute(
            "SELECT * EXCLUDE (batch_id) FROM observations WHERE unit_id = ? AND period_key = ? "
            "AND criterion_code = 'SVC766.ON_TIME'",
            [commune, DAY],
        ).df()
        row["points"] = row["points"] - 1.0  # an official point one lower than the formula gives
        insert_batch(
            con,
            BatchMeta(
                format="portal766_capture", loaded_by="test", period_type="day", period_key=DAY, source_label="Sửa tay"
            ),
            observations=row,
        )
    at = run_page("chat_luong")
    assert any("lệch giữa điểm tính lại và điểm trên Cổng" in w.value for w in at.warning)
    differing = tables(at)[-1]
    indicator = differing[differing["level"] == "Chỉ tiêu"]
    assert len(indicator) == 1
    assert indicator["diff"].iloc[0] == 1.0


def test_empty_warehouse(empty_db):
    at = run_page("chat_luong")
    assert "Chưa có số liệu của chỉ số nào" in texts(at)
    loads = tables(at)[0]
    # only the catalogue targets were loaded
    assert loads["format_label"].tolist() == [format_label("targets")]
    assert loads["format_label"].iloc[0].startswith("Chỉ tiêu")
