"""Vietnamese labels of the codes stored in the warehouse, shared by imports and pages."""
from __future__ import annotations

BATCH_STATUS = {"active": "Đang dùng", "superseded": "Đã được thay thế", "undone": "Đã hoàn tác"}

TASK_STATUS = {"chua_bat_dau": "Chưa bắt đầu", "dang_thuc_hien": "Đang thực hiện", "hoan_thanh": "Hoàn thành",
               "cham_tien_do": "Chậm tiến độ", "tam_dung": "Tạm dừng"}

_OTHER_FORMATS = {"portal766_capture": "Dữ liệu Cổng DVCQG (766)", "bench": "Dữ liệu sinh cho đo tốc độ"}


def format_label(code: str) -> str:
    """The title of an import format ("targets" → "Chỉ tiêu …"); unknown codes as they are."""
    from etl.formats.catalog import FORMATS  # the catalogue imports every format: load it lazily

    found = FORMATS.get(code)
    return found.title if found else _OTHER_FORMATS.get(code, code)
