"""Hồ sơ TTHC: the monthly dossier report on screen (issue 10 item 5): the province's figures,
units ranked by late dossiers, the trend over months, and an empty state that speaks to users."""

from __future__ import annotations

from etl.importer import check_files, load_checked
from tests.support.imports import workbook
from tests.support.pages import metrics, run_page, texts
from tests.support.tthc import TTHC_HEADER_ROW

HEADER = TTHC_HEADER_ROW
SEPTEMBER = {
    "Sở Y tế": [5, 10, 20, 3, 25, 2, 4, 1, 2],
    "P. Buôn Ma Thuột": [34, 1000, 200, 100, 1000, 34, 90, 10, 44],
    "xã Ea H'leo": [0, 4, 4, 0, 6, 1, 1, 0, 1],
}
OCTOBER = {"Sở Y tế": [5, 30, 20, 10, 40, 0, 5, 0, 0], "P. Buôn Ma Thuột": [100, 900, 100, 200, 800, 50, 50, 0, 50]}


def load_report(month: str, figures: dict) -> None:
    rows = [["UBND TỈNH ĐẮK LẮK"], [f"BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THÁNG {month}"], HEADER]
    rows += [[i, name, *v] for i, (name, v) in enumerate(figures.items(), start=1)]
    (prepared,) = check_files([(f"tthc_{month.replace('/', '_')}.xlsx", workbook(rows))])
    assert prepared.ok, prepared.problems
    load_checked([prepared], "kiểm thử")


def vn_int(value: float) -> str:
    return f"{int(value):,}".replace(",", ".")


def test_no_report_yet_speaks_to_users(sample_db):
    at = run_page("tthc")
    text = texts(at)
    assert "Chưa có báo cáo" in text and "Nhập dữ liệu" in text
    # The page itself names no developer command (the sidebar's local-mode banner, for the operator of
    # an app without accounts, is the one place that shows how to create the first admin).
    page = "\n".join(
        str(e.value) for kind in ("title", "markdown", "caption", "info", "warning") for e in getattr(at.main, kind)
    )
    assert "Chưa có báo cáo" in page and "python" not in page and "etl" not in page


def test_the_months_figures_ranking_and_trend(sample_db):
    load_report("9/2026", SEPTEMBER)
    load_report("10/2026", OCTOBER)
    at = run_page("tthc")
    shown = metrics(at)
    received = sum(sum(v[:3]) for v in OCTOBER.values())
    assert shown["Hồ sơ tiếp nhận"] == vn_int(received)  # the newest month opens first
    resolved = sum(sum(v[3:6]) for v in OCTOBER.values())
    on_time = sum(v[3] + v[4] for v in OCTOBER.values()) / resolved * 100
    assert shown["Tỷ lệ đúng hạn"] == f"{on_time:.2f}%".replace(".", ",")
    units = at.dataframe[0].value
    late = sorted((v[5] + v[7] for v in OCTOBER.values()), reverse=True)
    assert units["late"].tolist() == late
    trend = at.dataframe[1].value
    assert trend["label"].tolist() == ["Tháng 9/2026", "Tháng 10/2026"]
    assert "so với Tháng 9/2026" in [m for m in at.metric if m.label == "Tỷ lệ đúng hạn"][0].help

    at.selectbox(key="tthc_period").select("month:2026-09").run()
    assert metrics(at)["Hồ sơ tiếp nhận"] == vn_int(sum(sum(v[:3]) for v in SEPTEMBER.values()))
    assert at.query_params["ky_tthc"] == ["month:2026-09"] or at.query_params["ky_tthc"] == "month:2026-09"


def test_the_report_is_listed_in_data_freshness(sample_db):
    load_report("9/2026", SEPTEMBER)
    at = run_page("chat_luong")
    fresh = at.dataframe[0].value
    assert "Tháng 9/2026" in fresh["period_label"].tolist()


def test_who_reported_is_listed_in_completeness(sample_db):
    load_report("9/2026", SEPTEMBER)
    at = run_page("chat_luong")
    assert "Báo cáo Tháng 9/2026: " in texts(at)
    grid = [d.value for d in at.dataframe if "Tháng 9/2026" in getattr(d.value, "columns", [])][-1]
    reported = grid["Tháng 9/2026"].notna().sum()
    assert reported == len(SEPTEMBER)
