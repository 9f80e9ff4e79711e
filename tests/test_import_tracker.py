"""The layouts staff really have: the province tracker's 3-sheet workbook (summary, province
indicators, unit ranking with short headers), periods written as cut-off dates, and each sheet
of a workbook detected on its own, the report naming the sheets used and ignored."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from etl.importer import check_files
from tests.support.imports import (
    archive,
    current,
    run_cli,
    sample_metrics,
    sample_units,
    workbook,  # noqa: F401 (fixture)
)
from tests.test_import_bad_input import write

RANKING_HEAD = [
    "Hạng",
    "Tên Đơn vị, Cơ quan",
    "Cấp Đơn vị",
    "Mã Đơn vị",
    "Công khai (18đ)",
    "Tiến độ (20đ)",
    "DVC TT (12đ)",
    "Số hóa (22đ)",
    "Thanh toán (10đ)",
    "Hài lòng (18đ)",
    "TỔNG ĐIỂM (100đ)",
    "Xếp loại",
]
GROUPS = ["transparency", "progress", "online_service", "digitized", "payment", "satisfaction"]
HOME = "H15"


def ranking_sheet(units) -> list[list]:
    """The tracker's own order: departments and communes together, ranked by total."""
    ordered = units.sort_values("total_score", ascending=False)
    rows = [["BẢNG XẾP HẠNG CÁC CƠ QUAN, ĐƠN VỊ"], RANKING_HEAD]
    for i, r in enumerate(ordered.itertuples(), start=1):
        level = "Sở" if r.group == "PROVINCE" else "Xã"
        rows.append(
            [
                i,
                r.department_name,
                level,
                r.department_code,
                *[getattr(r, g) for g in GROUPS],
                r.total_score,
                r.classification_label,
            ]
        )
    return rows


def province_sheet(title="CHỈ SỐ THÀNH PHẦN CỦA TỈNH ĐẮK LẮK") -> list[list]:
    metrics = sample_metrics()
    home = metrics[metrics.scope_code == HOME]
    rows = [[title], ["STT", "Nhóm", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Điểm", "Điểm tối đa"]]
    for i, r in enumerate(home.itertuples(), start=1):
        rows.append([i, r.group_key, r.metric_code, r.numerator, r.denominator, r.ratio, r.score, r.max_score])
    return rows


def summary_sheet() -> list[list]:
    """A summary whose few headers also fit the loose formats (tasks, yearly results)."""
    return [
        ["THEO DÕI BỘ CHỈ SỐ 766 - TỈNH ĐẮK LẮK"],
        ["Ngày báo cáo: 2026-09-17"],
        [],
        ["Tiêu chí", "Điểm", "Tiến độ", "Ghi chú"],
        ["Tổng điểm của tỉnh", 70.5, None, "tạm tính"],
        ["Số đơn vị dưới 50 điểm", 3, None, None],
    ]


def tracker(units, province=None, province_name="Chỉ số tỉnh") -> bytes:
    return workbook(
        summary_sheet(),
        title="Tổng hợp",
        more={province_name: province or province_sheet(), "Xếp hạng đơn vị": ranking_sheet(units)},
    )


def test_the_tracker_workbook_loads_its_ranking_and_province_sheets(capsys, sample_db, tmp_path):
    units = sample_units()
    path = write(tmp_path, "theo_doi.xlsx", tracker(units))
    code, out = run_cli(capsys, sample_db, "load", str(path), "--user", "cb")
    assert code == 0, out
    assert "Ngày 17/09/2026" in out, out
    assert "Trang dùng: 'Xếp hạng đơn vị' (Điểm Bộ chỉ số 766" in out
    assert "Trang dùng: 'Chỉ số tỉnh' (Chi tiết chỉ tiêu" in out
    assert "Trang bỏ qua: 'Tổng hợp'" in out
    assert "thứ tự chung của sở, ngành và xã, phường" in out
    loaded = current(
        sample_db,
        "SELECT unit_id, value, rank_official FROM v_observations"
        " WHERE criterion_code = 'SVC766' AND period_key = '2026-09-17'",
    )
    assert set(loaded.unit_id) == set(units.department_code)
    assert loaded.rank_official.isna().all(), "the tracker's joint order is not an official league rank"
    expected = dict(zip(units.department_code, units.total_score))
    assert all(abs(v - expected[u]) < 1e-9 for u, v in zip(loaded.unit_id, loaded.value))
    home = current(
        sample_db,
        "SELECT criterion_code, numerator, points FROM v_observations"
        " WHERE unit_id = ? AND period_key = '2026-09-17' AND criterion_code <> 'SVC766'"
        " AND criterion_code NOT IN (SELECT code FROM criteria WHERE level = 1)",
        [HOME],
    )
    metrics = sample_metrics()
    assert len(home) == (metrics.scope_code == HOME).sum()
    with duckdb.connect(str(sample_db), read_only=True) as con:
        note = con.execute("SELECT note FROM batches ORDER BY batch_id DESC LIMIT 1").fetchone()[0]
    assert "Xếp hạng đơn vị" in note and "Chỉ số tỉnh" in note


def test_official_league_ranks_are_still_kept():
    """A ranking per league (rank 1 in each) is official; only a joint order is dropped."""
    import pandas as pd

    from core.periods import Period
    from etl.formats.base import Context
    from etl.formats.scores766 import UnitScores

    class Reg:
        kind_of = {"a": "department", "b": "department", "x": "commune", "y": "commune"}

    ctx = Context(Reg(), Period("day", "2026-09-17"), date(2026, 9, 30))
    per_league = pd.DataFrame({"unit_id": ["a", "b", "x", "y"], "rank": [1.0, 2.0, 1.0, 2.0]})
    joint = pd.DataFrame({"unit_id": ["a", "x", "b", "y"], "rank": [1.0, 2.0, 3.0, 4.0]})
    one_league = pd.DataFrame({"unit_id": ["a", "b"], "rank": [1.0, 2.0]})
    assert not UnitScores.joint_order(per_league, ctx)
    assert UnitScores.joint_order(joint, ctx)
    assert not UnitScores.joint_order(one_league, ctx)


def test_a_province_sheet_that_does_not_say_whose_it_is_is_ignored_with_the_reason(sample_db):
    units = sample_units().head(20)
    data = tracker(units, province=province_sheet(title="CHỈ SỐ THÀNH PHẦN"), province_name="Chỉ số")
    (p,) = check_files([("theo_doi.xlsx", data)], path=sample_db)
    assert p.ok, p.problems
    assert p.sheets == ["Xếp hạng đơn vị"]
    reasons = dict(p.ignored)
    assert "không ghi rõ là số liệu của tỉnh" in reasons["Chỉ số"]
    assert "Tổng hợp" in reasons


@pytest.mark.parametrize(
    "title, key",
    [
        ("ĐIỂM CÁC ĐƠN VỊ (Số liệu trên Cổng DVCQG cập nhật đến ngày 01/10/2026)", "2026-10-01"),
        ("Điểm Bộ chỉ số 766 tính đến ngày 30/09/2026", "2026-09-30"),
        ("Ngày báo cáo: 2026-09-17", "2026-09-17"),
        ("Bảng điểm 2026-09-22", "2026-09-22"),
        ("Số liệu từ ngày 01/01/2026 cập nhật đến ngày 05/10/2026", "2026-10-05"),
    ],
)
def test_titles_staff_write_name_the_period(sample_db, title, key):
    units = sample_units().head(5)
    rows = [[title], RANKING_HEAD[1:]] + [r[1:] for r in ranking_sheet(units)[2:]]
    (p,) = check_files([("tep.xlsx", workbook(rows))], path=sample_db)
    assert p.ok, p.problems
    assert (p.period.type, p.period.key) == ("day", key)


def test_a_date_range_alone_is_not_the_period(sample_db):
    rows = [["Số liệu từ ngày 15/08/2026 đến ngày 14/09/2026"], RANKING_HEAD[1:]]
    rows += [r[1:] for r in ranking_sheet(sample_units().head(3))[2:]]
    (p,) = check_files([("tep.xlsx", workbook(rows))], path=sample_db)
    assert any("Không tìm thấy kỳ báo cáo" in x.message for x in p.problems)


def test_two_full_tables_of_different_kinds_are_refused_naming_their_sheets(sample_db):
    ranking = [
        [
            "Tỉnh, thành phố",
            "Công khai, minh bạch",
            "Tiến độ giải quyết",
            "DVC trực tuyến",
            "Thanh toán trực tuyến",
            "Số hóa hồ sơ",
            "Mức độ hài lòng",
            "Tổng điểm",
        ],
        ["Đồng Tháp", 11, 17, 8, 6, 9, 14, 65],
    ]
    rows = [["Ngày báo cáo: 2026-09-17"], RANKING_HEAD[1:]] + [r[1:] for r in ranking_sheet(sample_units().head(3))[2:]]
    (p,) = check_files([("tep.xlsx", workbook(rows, title="Đơn vị", more={"Tỉnh": ranking}))], path=sample_db)
    (problem,) = p.problems
    assert "trang 'Đơn vị'" in problem.message and "trang 'Tỉnh'" in problem.message
