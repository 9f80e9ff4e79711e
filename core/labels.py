"""Vietnamese labels of the codes stored in the warehouse: data, shared by imports, metrics and pages.

The import formats take their titles from `FORMAT_TITLES`, so showing a batch's kind never
imports the formats (pandera, the validators) on a viewing page.
"""

from __future__ import annotations

BATCH_STATUS = {"active": "Đang dùng", "superseded": "Đã được thay thế", "undone": "Đã hoàn tác"}

TASK_STATUS = {
    "chua_bat_dau": "Chưa bắt đầu",
    "dang_thuc_hien": "Đang thực hiện",
    "hoan_thanh": "Hoàn thành",
    "cham_tien_do": "Chậm tiến độ",
    "tam_dung": "Tạm dừng",
}

# Batch `format` codes → the title users see. The first seven are the import formats' kinds.
FORMAT_TITLES = {
    "scores766": "Điểm Bộ chỉ số 766 của sở, ngành, xã, phường",
    "indicators766": "Chi tiết chỉ tiêu Bộ chỉ số 766 (tử số, mẫu số, điểm)",
    "tthc": "Báo cáo tình hình tiếp nhận, giải quyết hồ sơ TTHC",
    "ranking766": "Bảng xếp hạng Bộ chỉ số 766 của các tỉnh, thành phố",
    "index_results": "Kết quả PAR Index, SIPAS, PAPI của tỉnh (theo năm)",
    "tasks": "Tiến độ thực hiện nhiệm vụ của Kế hoạch",
    "targets": "Chỉ tiêu theo tiêu chí, năm và đơn vị",
    "portal766_capture": "Dữ liệu Cổng DVCQG (766)",
    "bench": "Dữ liệu sinh cho đo tốc độ",
}


def format_label(code: str) -> str:
    """The title of a batch's format ("targets" → "Chỉ tiêu …"); unknown codes as they are."""
    return FORMAT_TITLES.get(code, code)
