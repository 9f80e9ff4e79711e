"""The monthly TTHC report's header as staff's spreadsheets write it (shared by the tests that build one)."""

TTHC_HEADER_ROW = [
    "STT",
    "Tên đơn vị",
    "Kỳ trước chuyển qua",
    "Tiếp nhận trực tuyến",
    "Trực tiếp, bưu chính",
    "Giải quyết trước hạn",
    "Giải quyết đúng hạn",
    "Đã giải quyết quá hạn",
    "Đang giải quyết trong hạn",
    "Đang giải quyết quá hạn",
    "Số hồ sơ quá hạn đã xin lỗi",
]
