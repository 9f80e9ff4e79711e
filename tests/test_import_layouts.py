"""The layouts staff really produce are read correctly (and what is dropped is said)."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from openpyxl.styles import PatternFill

from core.periods import Period
from etl.importer import check_files, load_checked
from tests.support.imports import archive, current, set_cell_xml, workbook  # noqa: F401 (fixture)
from tests.test_import_bad_input import HEADER, tthc_rows


def checked(data: bytes, name: str = "tep.xlsx", **kw):
    (prepared,) = check_files([(name, data)], **kw)
    return prepared


def values(db, criterion: str) -> dict:
    frame = current(
        db,
        "SELECT u.name, o.value FROM v_observations o JOIN units u USING (unit_id) WHERE criterion_code = ?",
        [criterion],
    )
    return dict(zip(frame.name, frame.value))


def test_the_monthly_report_as_offices_lay_it_out(empty_db, archive):
    """Three header rows with merged parents, a numbering row, section and totals rows, a
    totals column checked against its parts, a signature date that is not the period."""
    rows = [
        ["UBND TỈNH ĐẮK LẮK", None, None, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["VĂN PHÒNG", None, None, None, None, None, None, "Đắk Lắk, ngày 05 tháng 10 năm 2026"],
        ["TỔNG HỢP TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 9/2026"],
        [
            "STT",
            "Đơn vị",
            "Số hồ sơ nhận giải quyết",
            None,
            None,
            None,
            "Kết quả giải quyết",
            None,
            None,
            None,
            None,
            "Số hồ sơ xin lỗi",
        ],
        [
            None,
            None,
            "Tổng số",
            "Kỳ trước chuyển qua",
            "Mới tiếp nhận",
            None,
            "Số hồ sơ đã giải quyết",
            None,
            None,
            "Số hồ sơ đang giải quyết",
            None,
            None,
        ],
        [
            None,
            None,
            None,
            None,
            "Trực tuyến",
            "Trực tiếp, bưu chính",
            "Trước hạn",
            "Đúng hạn",
            "Quá hạn",
            "Trong hạn",
            "Quá hạn",
            None,
        ],
        ["(1)", "(2)", "(3)=(4)+(5)+(6)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)", "(12)"],
        ["I", "CẤP TỈNH"],
        [1, "Sở Tư pháp - Tỉnh Đắk Lắk", 35, 5, "20", "10", 3, 25, 2, 4, 1, 2],
        ["II", "CẤP XÃ"],
        [2, "UBND phường Buôn Ma Thuột", "1.234", 34, 1000, 200, 100, 1000, 34, 90, 10, 44],
        [None, None],
        [3, "X. Ea Kao", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [None, "Tổng cộng", 1269, 39, 1020, 210, 103, 1025, 36, 94, 11, 46],
        [None, "Người lập biểu", None, None, None, None, None, "KT. CHÁNH VĂN PHÒNG"],
    ]
    merges = ["C4:F4", "G4:K4", "E5:F5", "G5:I5", "J5:K5", "A4:A6", "B4:B6", "L4:L6", "C5:C6", "D5:D6"]
    data = workbook(rows, merges=merges)
    prepared = checked(data)
    assert prepared.ok, prepared.problems
    assert prepared.kind == "tthc" and prepared.period.label == "Tháng 9/2026"
    load_checked([prepared], "kiểm thử")
    assert values(empty_db, "TTHC.RECEIVED_CARRIED") == {
        "Sở Tư pháp": 5,
        "Phường Buôn Ma Thuột": 34,
        "Phường Ea Kao": 0,
    }
    assert values(empty_db, "TTHC.PENDING_OVERDUE")["Phường Buôn Ma Thuột"] == 10
    assert values(empty_db, "TTHC.APOLOGIES")["Phường Buôn Ma Thuột"] == 44

    rows[10][2] = "1.235"  # the totals column no longer adds up
    prepared = checked(workbook(rows, merges=merges))
    assert [p.message for p in prepared.problems] == [
        "Tổng số hồ sơ nhận giải quyết 1235 khác tổng các cột thành phần (1234)."
    ]
    assert (prepared.problems[0].row, prepared.problems[0].column) == (11, "C")


def test_vietnamese_numbers_formulas_with_cached_values_and_percent_cells(empty_db, archive):
    rows = [
        ["CHI TIẾT CHỈ TIÊU NGÀY 10/10/2026"],
        ["Đơn vị", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ", "Điểm"],
        ["Sở Y tế", "ON_TIME", "1.234", "1.300", "94,92%", "18,98"],
        ["Sở Y tế", "Tỷ lệ TTHC công bố đúng hạn", 41, 82, 0.5, 3],
        ["Sở Y tế", "DOSSIER_SYNC", 10, 20, None, 0],
    ]
    data = workbook(rows, percent_cells=["E4"])
    data = set_cell_xml(data, "F5", '<c r="F5"><f>ROUND(C5/D5*6,2)</f><v>3</v></c>')
    prepared = checked(data)
    assert prepared.ok, prepared.problems
    load_checked([prepared], "kiểm thử")
    frame = current(empty_db, "SELECT criterion_code, numerator, denominator, value, points FROM v_observations")
    got = {r.criterion_code: (r.numerator, r.denominator, r.value, r.points) for r in frame.itertuples()}
    assert got["SVC766.ON_TIME"] == (1234, 1300, 94.92, 18.98)
    assert got["SVC766.PUBLISH_ON_TIME"] == (41, 82, 50.0, 3)  # 0.5 formatted as percent is 50 %
    assert got["SVC766.DOSSIER_SYNC"] == (10, 20, 50.0, 3)  # the formula's cached value


def test_several_sheets_hidden_sheets_hidden_and_blank_styled_rows(empty_db, archive):
    head = [
        "Đơn vị",
        "Công khai, minh bạch",
        "Tiến độ giải quyết",
        "DVC trực tuyến",
        "Thanh toán trực tuyến",
        "Số hóa hồ sơ",
        "Mức độ hài lòng",
        "Tổng điểm",
        "Người tổng hợp",
    ]
    depts = [
        ["ĐIỂM 766 CÁC SỞ, NGÀNH QUÝ III/2026"],
        head,
        ["Sở Y tế", 10, 15, 6, 5, 11, 12, 59, "Lan"],
        [None],
        ["Sở Tư pháp", 11, 16, 7, 6, 12, 13, 65, "Lan"],
    ]
    communes = [
        ["ĐIỂM 766 CÁC XÃ, PHƯỜNG QUÝ III/2026"],
        head,
        ["xã Ea H'leo", 9, 14, 5, 4, 10, 11, 53, None],
        ["P. Tân An", 9, 14, 5, 4, 10, 11, 53, None],
    ]
    old = [["QUÝ III/2026"], head, ["Xã Hòa Phú", 1, 1, 1, 1, 1, 1, 6, None]]
    data = workbook(
        depts,
        title="Sở",
        more={"Xã": communes, "Ghi chú": [["Số liệu lấy từ Cổng DVCQG"]]},
        hidden={"Cũ": old},
        hidden_rows=[5],
    )
    prepared = checked(data)
    assert prepared.ok, prepared.problems
    assert prepared.sheets == ["Sở", "Xã"] and prepared.period.key == "2026-Q3"
    text = " ".join(prepared.warnings)
    assert "Trang ẩn 'Cũ' có bảng số liệu nhưng không được nạp" in text
    assert "Trang 'Sở': các dòng đang bị ẩn vẫn được nạp: 5" in text
    assert "cột I 'Người tổng hợp' không dùng đến" in text
    load_checked([prepared], "kiểm thử")
    assert set(values(empty_db, "SVC766")) == {"Sở Y tế", "Sở Tư pháp", "Xã Ea H’leo", "Phường Tân An"}


def test_a_period_only_in_the_sheet_name_and_several_periods(empty_db):
    rows = tthc_rows(title="BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ")
    assert checked(workbook(rows, title="Tháng 9-2026")).period.key == "2026-09"
    rows[0] = ["BÁO CÁO THÁNG 8/2026"]
    rows[1] = ["BÁO CÁO THÁNG 9/2026"]
    prepared = checked(workbook(rows))
    assert [p.message for p in prepared.problems] == [
        "Tệp ghi nhiều kỳ khác nhau (Tháng 8/2026, Tháng 9/2026); hãy chọn kỳ của số liệu (--period)."
    ]
    assert checked(workbook(rows), period=Period("month", "2026-09")).ok


def test_yearly_index_results_with_relative_numbering(empty_db, archive):
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX) NĂM 2025 CỦA TỈNH ĐẮK LẮK"],
        ["STT", "Mã", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Điểm đạt", "Xếp hạng", "Số tỉnh xếp hạng"],
        [None, "PAR", "Chỉ số cải cách hành chính", 100, 84.5, 20, 34],
        ["1", "1", "Công tác chỉ đạo, điều hành CCHC", 9, 8.25],
        ["2", "3.8", None, 3, 2.5],
        ["3", None, "Công khai TTHC và các quy định có liên quan", 1, 1],
    ]
    prepared = checked(workbook(rows))
    assert prepared.ok, prepared.problems
    assert prepared.kind == "index_results" and prepared.period.key == "2025"
    load_checked([prepared], "kiểm thử")
    frame = current(
        empty_db,
        "SELECT criterion_code, points, max_points, rank_official, rank_of, note FROM v_observations"
        " WHERE index_code = 'PAR'",
    ).set_index("criterion_code")
    assert list(frame.index) == ["PAR", "PAR.1", "PAR.3.3", "PAR.3.8"]
    assert frame.loc["PAR", "rank_official"] == 20 and frame.loc["PAR", "rank_of"] == 34
    assert frame.loc["PAR.3.8", "points"] == 2.5

    rows[2][6] = None  # a rank without what it is out of means nothing
    rows[3][4] = 10  # more than the maximum
    messages = [p.message for p in checked(workbook(rows)).problems]
    assert "Xếp hạng 20 cần ghi kèm số tỉnh được xếp hạng." in messages
    assert "Điểm đạt 10 lớn hơn điểm tối đa 9." in messages


def test_task_progress_with_people_s_words_for_status(empty_db, archive):
    rows = [
        ["BÁO CÁO TIẾN ĐỘ NHIỆM VỤ THÁNG 10/2026"],
        ["Mã nhiệm vụ", "Nhiệm vụ", "Trạng thái", "Tiến độ (%)", "Ngày báo cáo", "Ghi chú"],
        ["PAR.1.1", None, "đang triển khai", "60%", "15/10/2026", "Đã ban hành kế hoạch"],
        [None, "Thực hiện chế độ báo cáo CCHC", "Đã hoàn thành", None, date(2026, 10, 20), None],
        ["PAR.1.3", None, "Chưa thực hiện", None, None, None],
    ]
    prepared = checked(workbook(rows))
    assert prepared.ok, prepared.problems
    load_checked([prepared], "kiểm thử")
    frame = current(empty_db, "SELECT task_id, status, progress, reported_on FROM v_task_status").set_index("task_id")
    assert frame.loc["PAR.1.1", "status"] == "dang_thuc_hien" and frame.loc["PAR.1.1", "progress"] == 60
    assert frame.loc["PAR.1.2", "status"] == "hoan_thanh" and frame.loc["PAR.1.2", "progress"] == 100
    assert str(frame.loc["PAR.1.3", "reported_on"])[:10] == "2026-10-31"  # the period's end by default
    rows[2][2], rows[4][4] = "làm dở", date(2099, 1, 1)
    messages = " ".join(p.message for p in checked(workbook(rows)).problems)
    assert "Trạng thái 'làm dở' không hợp lệ" in messages and "ở sau hôm nay" in messages


def test_targets_for_kinds_units_and_relative_to_a_base_year(empty_db, archive):
    rows = [
        ["CHỈ TIÊU NĂM 2027"],
        ["Mã tiêu chí", "Năm", "Phạm vi", "Đơn vị", "So sánh", "Giá trị", "Năm gốc", "Cách tính"],
        ["SVC766.SCORE.SO", 2027, "Sở, ban, ngành", None, None, 96, None, None],
        ["SVC766.SCORE.SO", 2027, "Đơn vị", "Sở Y tế", "Tối thiểu", 97, None, None],
        ["PAR", 2027, "Tỉnh", None, None, 3, 2024, "Phần trăm"],
    ]
    prepared = checked(workbook(rows))
    assert prepared.ok, prepared.problems
    load_checked([prepared], "kiểm thử")
    frame = current(
        empty_db,
        "SELECT criterion_code, scope, unit_id, comparator, value, relative_base_year,"
        " relative_mode FROM v_targets WHERE year = 2027",
    )
    assert len(frame) == 3
    unit = frame[frame.scope == "unit"].iloc[0]
    assert unit.unit_id == current(empty_db, "SELECT unit_id FROM units WHERE name = 'Sở Y tế'").unit_id[0]
    relative = frame[frame.criterion_code == "PAR"].iloc[0]
    assert (relative.relative_base_year, relative.relative_mode, relative.value) == (2024, "percent", 3)
    rows[3][3] = None
    assert "Phạm vi Đơn vị cần ghi tên đơn vị." in [p.message for p in checked(workbook(rows)).problems]


def test_blank_rows_keep_their_styles(empty_db):
    """Blank rows that only carry formatting (as after deleting values) are skipped."""
    wb = load_workbook(io.BytesIO(workbook(tthc_rows())))
    for col in range(1, len(HEADER) + 1):
        wb.active.cell(8, col).fill = PatternFill("solid", fgColor="FFFF00")
    out = io.BytesIO()
    wb.save(out)
    prepared = checked(out.getvalue())
    assert prepared.ok and len(prepared.rows) == 3 * 9
