"""The page helpers in ui/: Vietnamese formats, table filters, the Excel export."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from core.text import filter_rows
from ui.export import xlsx_bytes
from ui.format import fmt_compact, fmt_movement
from ui.tables import band_style


def test_movement_and_compact_numbers():
    assert [fmt_movement(v) for v in (3, -2, 0, None, pd.NA)] == ["▲ 3", "▼ 2", "=", "—", "—"]
    assert [fmt_compact(v) for v in (100, 96.5, 21.12, 1234.5, None)] == ["100", "96,5", "21,12", "1.234,5", "—"]


def test_filter_rows_by_name_band_and_flags():
    frame = pd.DataFrame(
        {
            "name": ["Xã Ea Súp", "Phường Buôn Ma Thuột", "Xã Hòa Phú"],
            "band": ["Khá", "Trung bình", "Khá"],
            "below_average": [False, True, None],
        }
    )
    assert filter_rows(frame, name="ea")["name"].tolist() == ["Xã Ea Súp"]
    # Decomposed input (as some keyboards send it) still matches the stored NFC names.
    assert filter_rows(frame, name="Hoa\u0300 Phu\u0301")["name"].tolist() == []
    assert filter_rows(frame, name="Ho\u0300a Phu\u0301")["name"].tolist() == ["Xã Hòa Phú"]
    assert filter_rows(frame, bands=["Khá"])["name"].tolist() == ["Xã Ea Súp", "Xã Hòa Phú"]
    assert filter_rows(frame, flags=["below_average"])["name"].tolist() == ["Phường Buôn Ma Thuột"]


def test_band_cells_are_coloured_and_unknown_bands_are_not():
    assert "background-color: #D55E00" in band_style("Yếu")
    assert band_style("không có") == ""


def test_excel_export_writes_header_lines_and_every_sheet():
    sheets = {
        "Sở, ban, ngành": pd.DataFrame({"Đơn vị": ["Sở Y tế"], "Tổng điểm": [57.65]}),
        "UBND xã, phường": pd.DataFrame({"Đơn vị": ["Xã Ea Súp", "Xã Ea Ktur"], "Tổng điểm": [73.35, 54.86]}),
    }
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(sheets, ["Xếp hạng Bộ chỉ số 766", "Kỳ: Ngày 10/10/2026"])))
    assert book.sheetnames == list(sheets)
    sheet = book["UBND xã, phường"]
    assert [sheet["A1"].value, sheet["A2"].value] == ["Xếp hạng Bộ chỉ số 766", "Kỳ: Ngày 10/10/2026"]
    assert [c.value for c in sheet[4]] == ["Đơn vị", "Tổng điểm"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=5)] == [
        ["Xã Ea Súp", 73.35],
        ["Xã Ea Ktur", 54.86],
    ]
    assert sheet.freeze_panes == "A5"
