from datetime import date

import pytest

from core.periods import Period, parse_period


@pytest.mark.parametrize(
    "text, expected",
    [
        ("BẢNG TỔNG HỢP KẾT QUẢ THÁNG 9/2026", Period("month", "2026-09")),
        ("tháng 09 năm 2026", Period("month", "2026-09")),
        ("Quý III/2026", Period("quarter", "2026-Q3")),
        ("quý 4 năm 2025", Period("quarter", "2025-Q4")),
        ("Số liệu ngày 10/10/2026", Period("day", "2026-10-10")),
        ("2026-10-10", Period("day", "2026-10-10")),
        ("Năm 2025", Period("year", "2025")),
        ("2026-Q1", Period("quarter", "2026-Q1")),
    ],
)
def test_periods_are_found_in_titles(text, expected):
    assert parse_period(text) == expected


def test_no_period_is_none():
    assert parse_period("BẢNG TỔNG HỢP") is None
    assert parse_period("tháng 13/2026") is None


def test_labels_ends_and_openness():
    assert Period("quarter", "2026-Q3").label == "Quý III/2026"
    assert Period("month", "2026-02").end == date(2026, 2, 28)
    assert Period("day", "2026-10-10").is_open(today=date(2026, 10, 20))
    assert not Period("day", "2026-10-10").is_open(today=date(2026, 11, 22))
    assert not Period("year", "2025").is_open(today=date(2026, 1, 1))
