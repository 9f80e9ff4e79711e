"""Random workbooks, many of them almost right: never an unhandled exception, never a partial load."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.formats.base import spec
from etl.importer import check_files, load_checked
from tests.support.imports import archive, assert_unchanged, current, snapshot, workbook  # noqa: F401
from tests.test_import_bad_input import HEADER

SECTIONS = ["units", "groups766", "tthc", "indicators766", "provinces", "index_results", "tasks", "targets"]
HEADER_WORDS = sorted({w for s in SECTIONS for options in spec()[s].values() for w in options})
UNITS = [
    "Sở Y tế",
    "Sở Tư pháp - Tỉnh Đắk Lắk",
    "P. Buôn Ma Thuột",
    "xã Ea H'leo",
    "UBND phường Ea Kao",
    "Xã Hòa Phú",
    "Văn phòng UBND tỉnh",
]
CELL_TEXT = [
    "Sở Y tế",
    "P. Buôn Ma Thuột",
    "xã Ea H'leo",
    "UBND xã Ea Kao",
    "Tổng cộng",
    "Đồng Tháp",
    "ON_TIME",
    "PAR.1.1",
    "SVC766",
    "Hoàn thành",
    "đang thực hiện",
    "Tỉnh",
    "94,84",
    "1.234",
    "88,6%",
    "-3",
    "x",
    "#N/A",
    "",
    "(1)",
    "I",
    "Tháng 9/2026",
    "10/10/2026",
    "Năm 2025",
    "ngày 05 tháng 10 năm 2026",
]

cells = st.one_of(
    st.none(),
    st.integers(-5, 5000),
    st.floats(-10, 200, allow_nan=False),
    st.sampled_from(CELL_TEXT),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
)
titles = st.sampled_from(
    [
        "BÁO CÁO THÁNG 9/2026",
        "KẾT QUẢ NĂM 2025",
        "SỐ LIỆU NGÀY 10/10/2026",
        "QUÝ III/2026",
        "BẢNG TỔNG HỢP",
        "THÁNG 12/2099",
    ]
)


@st.composite
def random_sheets(draw):
    """Headers made of real column names over random cells."""
    width = draw(st.integers(2, 10))
    header = draw(st.lists(st.sampled_from(HEADER_WORDS), min_size=width, max_size=width))
    rows = [[draw(titles)], header]
    rows += draw(st.lists(st.lists(cells, min_size=1, max_size=width + 1), max_size=12))
    return rows


@st.composite
def damaged_reports(draw):
    """A valid monthly TTHC report, then a few cells replaced by random ones (often none)."""
    units = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=6, unique=True))
    counts = st.lists(st.integers(0, 500), min_size=8, max_size=8)
    rows = [[draw(titles)], HEADER] + [[i, u, *draw(counts), 0] for i, u in enumerate(units, start=1)]
    for _ in range(draw(st.integers(0, 2))):
        r, c = draw(st.integers(2, len(rows) - 1)), draw(st.integers(0, len(HEADER) - 1))
        rows[r][c] = draw(cells)
    return rows


@st.composite
def sheets(draw):
    rows = draw(st.one_of(random_sheets(), damaged_reports()))
    return rows, draw(st.lists(st.integers(3, 14), max_size=2))


# 30 fixed examples in the suite; CCHC_FUZZ_EXAMPLES=500 hunts with 500 fresh ones (tests/conftest.py).
@settings(
    max_examples=int(os.environ.get("CCHC_FUZZ_EXAMPLES") or 30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(sheet=sheets(), period=st.sampled_from([None, "2026-09", "2025"]))
def test_random_workbooks_load_completely_or_not_at_all(empty_db, archive, sheet, period):
    from core.periods import parse_period

    rows, hidden = sheet
    data = workbook(rows, hidden_rows=hidden)
    before = snapshot(empty_db)
    (prepared,) = check_files([("ngau_nhien.xlsx", data)], period=parse_period(period) if period else None)
    assert all(p.message for p in prepared.problems)
    if not prepared.ok or prepared.already_loaded:
        assert_unchanged(before, empty_db)
        return
    (batch_id,) = load_checked([prepared], "kiểm thử").values()
    table = prepared.format.target
    stored = current(empty_db, f"SELECT count(*) AS n FROM {table} WHERE batch_id = ?", [batch_id]).n[0]
    recorded = current(empty_db, "SELECT row_count FROM batches WHERE batch_id = ?", [batch_id]).row_count[0]
    assert stored == recorded == len(prepared.rows) > 0
