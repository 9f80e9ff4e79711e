"""Cell values and title lines as staff write them."""

from __future__ import annotations

from datetime import date

import pytest

from core.names import fold
from core.periods import Period
from etl.cells import as_date, parse_number
from etl.layout import find_period, is_numbering_row


@pytest.mark.parametrize(
    "text, number",
    [
        ("94,84", 94.84),
        ("1.234", 1234),
        ("1.234,5", 1234.5),
        ("88,6%", 88.6),
        ("94.84", 94.84),
        ("12.345.678", 12345678),
        ("1,234,567", 1234567),
        ("1,234.5", 1234.5),
        (" 5 ", 5),
        ("1 234", 1234),
        ("-3", -3),
        ("0.500", 0.5),
        (7.0, 7),
        (None, None),
    ],
)
def test_vietnamese_numbers(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["mười", "1.2.3", "", "%", "12abc", True, float("nan")])
def test_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_dates_as_cells_or_text():
    assert as_date("30/09/2026") == as_date("2026-09-30") == as_date(date(2026, 9, 30)) == date(2026, 9, 30)
    assert as_date("31/02/2026") is None and as_date(12.0) is None


def test_numbering_rows_are_told_from_data():
    assert is_numbering_row(["(2)", "(3)=(4)+(5)", "(4)", "(5)"]) and is_numbering_row(["B", 1.0, 2.0, 3.0])
    assert not is_numbering_row(["H15", 5.0, 10.0, 20.0]) and not is_numbering_row(["Sở Y tế", 1.0, 2.0])


def test_the_period_of_a_title_block_ignores_signature_dates_and_ranges():
    block = [
        "UBND TỈNH ĐẮK LẮK",
        "Đắk Lắk, ngày 05 tháng 10 năm 2026",
        "BÁO CÁO THÁNG 9/2026",
        "(Số liệu từ ngày 15/08/2026 đến ngày 14/09/2026)",
    ]
    assert find_period(block) == (Period("month", "2026-09"), [Period("month", "2026-09")])
    assert find_period(["QUÝ III/2026", "NĂM 2025"])[0] is None


def test_headers_fold_case_and_punctuation():
    assert fold("Cơ quan, đơn vị (1)") == ("cơ", "quan", "đơn", "vị", "1")
