"""The meeting pack on the command line (docs/070).

    python -m reports deck|notice|onepager|workbook|charts [--period P] [--out FILE] [--db PATH]

P is any period text ("10/10/2026", "Tháng 9/2026", "2026-Q3"), default the newest. Exit 0 on
success, 2 with a Vietnamese message on an unknown period or a period without the province's
score or without a warehouse, 1 when the warehouse is busy (core.cli). The renderer's library (python-pptx,
python-docx, fpdf2, openpyxl, matplotlib) is imported only for the file asked for.
"""

from __future__ import annotations

import argparse
import importlib
import os
from pathlib import Path

# kind → (module, function, extension, file name stem)
KINDS = {
    "deck": ("reports.deck", "deck_bytes", "pptx", "trinh-chieu"),
    "notice": ("reports.notice", "notice_bytes", "docx", "thong-bao"),
    "onepager": ("reports.onepager", "onepager_bytes", "pdf", "tom-tat"),
    "workbook": ("reports.workbook", "workbook_bytes", "xlsx", "bang-tinh"),
    "charts": ("reports.charts", "charts_zip", "zip", "bieu-do"),
}


def render(kind: str, pack) -> bytes:
    module, function, _, _ = KINDS[kind]
    return getattr(importlib.import_module(module), function)(pack)


def file_name(kind: str, pack) -> str:
    _, _, ext, stem = KINDS[kind]
    return f"{stem}-766-{pack.period.key}.{ext}"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m reports", description="Bộ tài liệu họp Ban Chỉ đạo (Bộ chỉ số 766).")
    p.add_argument("--db", help="đường dẫn kho dữ liệu (mặc định: CCHC_DB hoặc data/warehouse.duckdb)")
    p.add_argument("kind", choices=list(KINDS), help="loại tài liệu")
    p.add_argument("--period", help="kỳ dữ liệu, ví dụ 10/10/2026, Tháng 9/2026 (mặc định: kỳ mới nhất)")
    p.add_argument("--out", help="tệp kết quả (mặc định: tên theo kỳ, trong thư mục hiện tại)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.db:
        os.environ["CCHC_DB"] = args.db
    from core import cli

    def command() -> int:
        from core.cli import UsageError
        from core.format import fmt_int
        from views.meeting import meeting_pack, resolve_period

        period = resolve_period(args.period)  # UnknownPeriod is a UsageError: exit 2
        pack = meeting_pack(period)
        if pack is None:
            raise UsageError(f"Kỳ {period.label} chưa có điểm của tỉnh trong bảng xếp hạng các tỉnh.")
        data = render(args.kind, pack)
        out = Path(args.out or file_name(args.kind, pack))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        print(f"Đã ghi {out} ({fmt_int(len(data))} byte) · {pack.period_label} · nguồn: {pack.source}")
        return 0

    return cli.run(command)
