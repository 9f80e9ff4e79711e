"""Bad input: each file is refused with a precise Vietnamese sentence (exit code 2) and the
warehouse stays exactly as it was (every table and the file's bytes)."""

from __future__ import annotations

import io
import zipfile

import pytest

from etl import guard
from tests.support.imports import (
    archive,
    assert_unchanged,
    run_cli,
    set_cell_xml,
    snapshot,
    workbook,  # noqa: F401 (fixture)
)
from tests.support.tthc import TTHC_HEADER_ROW

HEADER = TTHC_HEADER_ROW
UNITS = ["Sở Y tế", "P. Buôn Ma Thuột", "xã Ea H'leo"]


def tthc_rows(values=None, header=HEADER, title="BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THÁNG 9/2026") -> list[list]:
    """A small monthly TTHC report: title, header, three units (row 4, 5, 6)."""
    values = values or [[5, 10, 20, 3, 25, 2, 4, 1, 2], [1, 2, 3, 1, 3, 0, 2, 0, 0], [0, 4, 4, 0, 6, 1, 1, 0, 1]]
    rows = [["UBND TỈNH ĐẮK LẮK"], [title], header]
    rows += [[i, name, *v] for i, (name, v) in enumerate(zip(UNITS, values), start=1)]
    return rows


def refuse(capsys, db, path, *expected: str, args=()) -> str:
    before = snapshot(db)
    code, out = run_cli(capsys, db, "load", str(path), *args)
    assert code == 2, out
    for text in expected:
        assert text in out, out
    assert "Traceback" not in out
    assert_unchanged(before, db)
    return out


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_good_report_loads(capsys, sample_db, archive, tmp_path):
    """The baseline the bad files are variations of."""
    code, out = run_cli(capsys, sample_db, "load", str(write(tmp_path, "bc.xlsx", workbook(tthc_rows()))))
    assert code == 0 and "Đã nạp 'bc.xlsx'" in out, out


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("bao_cao.xlsx", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n", "nội dung là một tệp PDF"),
        ("bao_cao.xlsx", "STT,Đơn vị,Số hồ sơ\n1,Sở Y tế,10\n".encode(), "không phải tệp Excel (.xlsx)"),
        ("rong.xlsx", b"", "rỗng"),
        (
            "mat_khau.xlsx",
            guard.OLE_MAGIC
            + b"\0" * 504
            + "EncryptionInfo".encode("utf-16-le")
            + b"\0" * 64
            + "EncryptedPackage".encode("utf-16-le"),
            "được đặt mật khẩu",
        ),
        ("cu.xls", guard.OLE_MAGIC + b"\0" * 504 + "Workbook".encode("utf-16-le"), "Excel 97–2003 (.xls)"),
        ("nen.xlsx", b"PK\x05\x06" + b"\0" * 18, "không phải tệp Excel (.xlsx)"),
    ],
)
def test_files_that_are_not_workbooks(capsys, sample_db, tmp_path, name, data, expected):
    refuse(capsys, sample_db, write(tmp_path, name, data), expected)


def test_a_zip_that_is_a_word_document(capsys, sample_db, tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    refuse(capsys, sample_db, write(tmp_path, "van_ban.xlsx", out.getvalue()), "không phải tệp Excel")


def test_a_file_over_50_mb_is_refused_without_reading_it(capsys, sample_db, tmp_path):
    path = tmp_path / "lon.xlsx"
    with path.open("wb") as fh:  # sparse: cheap to create
        fh.write(b"PK\x03\x04")
        fh.seek(guard.MAX_FILE_BYTES + 10)
        fh.write(b"\0")
    refuse(capsys, sample_db, path, "vượt giới hạn 50,0 MB")


def test_a_zip_bomb(capsys, sample_db, tmp_path):
    good = zipfile.ZipFile(io.BytesIO(workbook(tthc_rows())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in good.infolist():
            body = good.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"<sheetData>", b"<sheetData>" + b" " * (30 * guard.MB))
            z.writestr(info.filename, body)
    assert len(out.getvalue()) < guard.MB
    refuse(capsys, sample_db, write(tmp_path, "bom.xlsx", out.getvalue()), "zip bomb")


def test_an_xml_entity_attack(capsys, sample_db, tmp_path):
    from tests.support.imports import patch_sheet

    attack = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    data = patch_sheet(workbook(tthc_rows()), lambda body: body.replace(b"<worksheet", attack + b"<worksheet", 1))
    refuse(capsys, sample_db, write(tmp_path, "xml.xlsx", data), "khai báo DTD/ENTITY")


def test_an_empty_workbook(capsys, sample_db, tmp_path):
    refuse(capsys, sample_db, write(tmp_path, "trong.xlsx", workbook([])), "Không tìm thấy bảng số liệu")


def test_no_recognisable_header(capsys, sample_db, tmp_path):
    rows = [["Danh sách cán bộ"], ["Họ tên", "Chức vụ", "Điện thoại"], ["Nguyễn Văn A", "Chuyên viên", "0905"]]
    refuse(capsys, sample_db, write(tmp_path, "khac.xlsx", workbook(rows)), "Không tìm thấy bảng số liệu")


def test_a_missing_column(capsys, sample_db, tmp_path):
    rows = [r[:-2] + r[-1:] for r in tthc_rows()]  # "Đang giải quyết quá hạn" dropped
    refuse(
        capsys,
        sample_db,
        write(tmp_path, "thieu.xlsx", workbook(rows)),
        "Thiếu cột bắt buộc 'Số hồ sơ đang giải quyết quá hạn'",
    )


def test_an_extra_column_holding_numbers(capsys, sample_db, tmp_path):
    rows = tthc_rows()
    rows[2] = [*rows[2], "Số cán bộ một cửa"]
    for r in rows[3:]:
        r.append(7)
    refuse(
        capsys,
        sample_db,
        write(tmp_path, "thua.xlsx", workbook(rows)),
        "cột L (Số cán bộ một cửa)",
        "có số liệu nhưng không thuộc mẫu",
    )


def test_text_negative_and_fractional_counts(capsys, sample_db, tmp_path):
    rows = tthc_rows()
    rows[3][2], rows[4][3], rows[5][4] = "mười", -2, 2.5
    out = refuse(
        capsys,
        sample_db,
        write(tmp_path, "so.xlsx", workbook(rows)),
        "[trang 'Dữ liệu', dòng 4, cột C (Kỳ trước chuyển qua)] giá trị 'mười': 'mười' không phải là số",
        "dòng 5, cột D",
        "không được nhỏ hơn 0",
        "dòng 6, cột E",
        "phải là số nguyên",
    )
    assert out.count("✗") == 3  # every problem at once, nothing else


def test_scores_out_of_range_and_groups_not_adding_up(capsys, sample_db, tmp_path):
    rows = [
        ["ĐIỂM BỘ CHỈ SỐ 766 THÁNG 9/2026"],
        [
            "Đơn vị",
            "Công khai, minh bạch",
            "Tiến độ giải quyết",
            "DVC trực tuyến",
            "Thanh toán trực tuyến",
            "Số hóa hồ sơ",
            "Mức độ hài lòng",
            "Tổng điểm",
        ],
        ["Sở Y tế", 19, 20, 12, 10, 22, 17, 100],
        ["Sở Tư pháp", 10, 10, 10, 10, 10, 10, 61],
    ]
    refuse(
        capsys,
        sample_db,
        write(tmp_path, "diem.xlsx", workbook(rows)),
        "giá trị '19': Giá trị 19 nằm ngoài khoảng cho phép 0–18",
        "dòng 4, cột H",
        "Tổng điểm 61 khác tổng điểm các nhóm (60) quá 0,02",
    )


def test_numerator_above_denominator(capsys, sample_db, tmp_path):
    rows = [
        ["CHI TIẾT CHỈ TIÊU NGÀY 10/10/2026"],
        ["Đơn vị", "Chỉ tiêu", "Tử số", "Mẫu số", "Điểm"],
        ["Sở Y tế", "ON_TIME", 120, 100, 20],
        ["Sở Y tế", "Chỉ tiêu không có", 1, 2, 0],
    ]
    refuse(
        capsys,
        sample_db,
        write(tmp_path, "ct.xlsx", workbook(rows)),
        "Tử số 120 lớn hơn mẫu số 100",
        "Không nhận ra chỉ tiêu 'Chỉ tiêu không có'",
    )


def test_formulas_without_cached_values_and_excel_errors(capsys, sample_db, tmp_path):
    data = workbook(tthc_rows())
    data = set_cell_xml(data, "C4", '<c r="C4"><f>SUM(D4:E4)</f></c>')
    data = set_cell_xml(data, "D5", '<c r="D5" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    data = set_cell_xml(data, "E6", '<c r="E6" t="e"><f>VLOOKUP(B6,X:Y,2,0)</f><v>#N/A</v></c>')
    refuse(
        capsys,
        sample_db,
        write(tmp_path, "cong_thuc.xlsx", data),
        "dòng 4, cột C",
        "công thức chưa có giá trị tính sẵn",
        "Ô có lỗi Excel #DIV/0!",
        "Ô có lỗi Excel #N/A",
    )


def test_merged_cells_across_data_rows(capsys, sample_db, tmp_path):
    rows = tthc_rows()
    refuse(
        capsys,
        sample_db,
        write(tmp_path, "gop.xlsx", workbook(rows, merges=["C4:C5"])),
        "Ô gộp C4:C5 trải trên nhiều dòng số liệu",
    )


def test_the_same_unit_twice_under_two_spellings(capsys, sample_db, tmp_path):
    rows = tthc_rows()
    rows[5][1] = "SỞ Y TẾ - Tỉnh Đắk Lắk"
    refuse(
        capsys,
        sample_db,
        write(tmp_path, "trung.xlsx", workbook(rows)),
        "Đơn vị này xuất hiện nhiều lần trong bảng (các dòng 4, 6)",
    )


def test_an_unknown_unit_is_not_guessed(capsys, sample_db, tmp_path):
    rows = tthc_rows()
    rows[5][1] = "xã Ea Knuệch"
    refuse(
        capsys,
        sample_db,
        write(tmp_path, "la.xlsx", workbook(rows)),
        "Không tìm thấy đơn vị 'xã Ea Knuệch' trong danh mục. Gần giống: Xã Ea Knuếc",
        "python -m etl alias",
    )


def test_a_number_where_the_unit_name_belongs(capsys, sample_db, tmp_path):
    # Found by the property test: a 0 in the name column once reached the database as a NULL unit.
    rows = tthc_rows()
    rows[4][1] = 0
    refuse(
        capsys,
        sample_db,
        write(tmp_path, "so.xlsx", workbook(rows)),
        "dòng 5, cột B",
        "Không tìm thấy đơn vị '0' trong danh mục.",
    )


def test_a_file_without_a_period(capsys, sample_db, tmp_path):
    path = write(tmp_path, "khong_ky.xlsx", workbook(tthc_rows(title="BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ")))
    refuse(capsys, sample_db, path, "Không tìm thấy kỳ báo cáo", "--period")
    code, out = run_cli(capsys, sample_db, "load", str(path), "--period", "Tháng 9/2026", "--dry-run")
    assert code == 0 and "Tháng 9/2026" in out and "không ghi gì" in out, out


def test_a_period_in_the_future_or_contradicted(capsys, sample_db, tmp_path):
    future = write(tmp_path, "tuong_lai.xlsx", workbook(tthc_rows(title="BÁO CÁO THÁNG 12/2099")))
    refuse(capsys, sample_db, future, "Kỳ Tháng 12/2099 chưa bắt đầu")
    stated = write(tmp_path, "thang9.xlsx", workbook(tthc_rows()))
    refuse(capsys, sample_db, stated, "khác kỳ đã chọn (Tháng 8/2026)", args=("--period", "2026-08"))


def test_two_kinds_of_data_in_one_file(capsys, sample_db, tmp_path):
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
    data = workbook(tthc_rows(), more={"Xếp hạng": ranking})
    refuse(capsys, sample_db, write(tmp_path, "hai_loai.xlsx", data), "Tệp có nhiều loại số liệu")


def test_two_conflicting_files_for_the_same_period(capsys, sample_db, archive, tmp_path):
    first = write(tmp_path, "a.xlsx", workbook(tthc_rows()))
    rows = tthc_rows()
    rows[3][2] = 6
    second = write(tmp_path, "b.xlsx", workbook(rows))
    before = snapshot(sample_db)
    code, out = run_cli(capsys, sample_db, "load", str(first), str(second))
    assert code == 2 and "giá trị khác nhau" in out and "a.xlsx" in out and "b.xlsx" in out, out
    assert_unchanged(before, sample_db)
    assert not archive.exists() or not any(archive.iterdir())


def test_a_missing_path_and_an_unreadable_period(capsys, sample_db, tmp_path):
    before = snapshot(sample_db)
    code, out = run_cli(capsys, sample_db, "load", str(tmp_path / "khong_co.xlsx"))
    assert code == 2 and "Không tìm thấy tệp" in out
    code, out = run_cli(
        capsys, sample_db, "load", str(write(tmp_path, "x.xlsx", workbook(tthc_rows()))), "--period", "sắp tới"
    )
    assert code == 2 and "Không hiểu kỳ 'sắp tới'" in out
    assert_unchanged(before, sample_db)
