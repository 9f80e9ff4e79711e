"""Nhiệm vụ page on the real warehouse: counts, reported progress, overdue highlighting."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from etl import db
from etl.batches import BatchMeta, insert_batch
from tests.support.pages import metrics, run_page, texts


def read_tasks(path) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT task_id, deadline, lead_unit_id FROM tasks").df()


def report_progress(path, rows: list[dict]) -> None:
    frame = pd.DataFrame(rows).assign(reported_on=date(2026, 11, 1))
    with db.connect(path) as con:
        insert_batch(con, BatchMeta(format="task_progress", loaded_by="test"), task_reports=frame)


def test_tasks_page_counts_tasks_and_overdue_without_reports(sample_db):
    tasks = read_tasks(sample_db)
    past_deadline = (pd.to_datetime(tasks.deadline).dt.date < date.today()).sum()
    at = run_page("nhiem_vu")
    shown = metrics(at)
    assert shown["Số nhiệm vụ"] == str(len(tasks))
    assert shown["Quá hạn"] == str(past_deadline)
    assert shown["Chưa có báo cáo"] == str(len(tasks))
    assert shown["Hoàn thành"] == "0"
    assert "Chưa có báo cáo tiến độ nào" in texts(at)
    table = at.dataframe[0].value
    assert len(table) == len(tasks)
    assert set(table["status_label"]) == {"Chưa có báo cáo"}


def test_reported_progress_shows_and_completed_tasks_are_not_overdue(sample_db):
    tasks = read_tasks(sample_db)
    overdue = tasks[pd.to_datetime(tasks.deadline).dt.date < date.today()].task_id.tolist()
    done, doing = overdue[0], overdue[1]
    report_progress(
        sample_db,
        [
            {"task_id": done, "status": "hoan_thanh", "progress": 100.0, "note": "Đã xong"},
            {"task_id": doing, "status": "dang_thuc_hien", "progress": 40.0, "note": "Đang triển khai"},
        ],
    )
    at = run_page("nhiem_vu")
    shown = metrics(at)
    assert shown["Hoàn thành"] == "1"
    assert shown["Quá hạn"] == str(len(overdue) - 1)
    assert shown["Chưa có báo cáo"] == str(len(tasks) - 2)
    assert "Báo cáo tiến độ mới nhất: 01/11/2026" in texts(at)
    table = at.dataframe[0].value.set_index("task_id")
    assert table.loc[done, "status_label"] == "Hoàn thành" and table.loc[done, "overdue"] == ""
    assert table.loc[doing, "progress"] == 40.0 and table.loc[doing, "overdue"] == "Quá hạn"
    assert table.loc[doing, "report_note"] == "Đang triển khai"


def test_overdue_filter_keeps_only_overdue_tasks(sample_db):
    at = run_page("nhiem_vu")
    at.toggle[0].set_value(True).run()
    table = at.dataframe[0].value
    assert len(table) == int(metrics(at)["Quá hạn"]) > 0
    assert set(table["overdue"]) == {"Quá hạn"}


def test_tasks_page_on_a_warehouse_without_tasks(empty_db):
    with db.connect(empty_db) as con:
        con.execute("DELETE FROM tasks")
    at = run_page("nhiem_vu")
    assert not at.metric
    assert "Chưa có danh sách nhiệm vụ" in texts(at)
