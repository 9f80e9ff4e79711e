"""Command-line imports: load, batches, undo, template, alias.

Exit codes of `load`: 0 loaded (or already loaded), 2 rejected (nothing loaded,
every problem printed), 1 internal error.

Everything printed that a file carries (names, cell values) goes through
`problems.visible`: an ESC, BEL or NUL in a cell never reaches the operator's terminal.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from core.labels import FORMAT_TITLES
from core.periods import parse_period
from core.text import visible

if TYPE_CHECKING:
    from etl import importer
    from etl.problems import Problem

REJECTED = 2
# The import formats' kinds, for the parser; the formats themselves (pandera, validators) are imported
# only by the sub-commands that read or write files (docs/081; a test keeps this list equal to the catalogue).
IMPORT_KINDS = ("scores766", "indicators766", "tthc", "ranking766", "index_results", "tasks", "targets")


def say(text: str = "", err: bool = False) -> None:
    """Print lines with their control characters made visible."""
    print("\n".join(visible(line) for line in str(text).split("\n")), file=sys.stderr if err else sys.stdout)


def _where(p: Problem) -> str:
    parts = [
        f"trang '{p.sheet}'" if p.sheet else "",
        f"dòng {p.row}" if p.row else "",
        f"cột {p.column}" + (f" ({p.header})" if p.header else "") if p.column else "",
    ]
    where = ", ".join(x for x in parts if x)
    return f"[{where}] " if where else ""


def _print_file(p: importer.Prepared) -> None:
    if p.already_loaded:
        say(f"• {p.name}: tệp này đã được nạp (lô {p.already_loaded}); không nạp lại.")
        return
    what = p.format.title if p.format else "chưa nhận ra loại dữ liệu"
    period = f", {p.period.label}" if p.period else ""
    rows = f", {len(p.rows)} dòng" if p.rows is not None else ""
    say(f"• {p.name}: {what}{period}{rows}")
    if p.ignored:  # a workbook of several sheets: which were read, which were not and why
        for sheet, title in p.used:
            say(f"    Trang dùng: '{sheet}' ({title})")
        for sheet, why in p.ignored:
            say(f"    Trang bỏ qua: '{sheet}': {why}")
    if p.skipped:
        say(f"    Bỏ qua {len(p.skipped)} dòng của đơn vị chưa có trong danh mục (--skip-unknown):")
        for s in p.skipped:
            code = f"mã {s.unit_code}, " if s.unit_code else ""
            say(f"      - trang '{s.sheet}', dòng {s.row}: {code}'{s.unit_name or ''}' ({s.reason})")
    for warning in p.warnings:
        say(f"    Lưu ý: {warning}")
    for problem in p.problems:
        value = f"giá trị '{problem.value}': " if problem.value else ""
        say(f"    ✗ {_where(problem)}{value}{problem.message}")
    for u in p.unresolved[:50]:
        near = "; ".join(f"{uid} = {label}" for uid, label in u.candidates) or "không có"
        say(
            f"    ? '{u.name}' ({', '.join(u.where[:5])}): gần giống {near}. "
            f'Ghi nhớ bằng: python -m etl alias "{u.name}" MÃ_ĐƠN_VỊ'
        )
    if len(p.unresolved) > 50:
        say(f"    … và {len(p.unresolved) - 50} tên chưa nhận ra khác.")


def _read(paths: list[str]) -> tuple[list[tuple[str, bytes, int]], list[str]]:
    from etl import guard

    files, missing = [], []
    for name in paths:
        path = Path(name)
        if not path.is_file():
            missing.append(f"Không tìm thấy tệp '{name}'.")
            continue
        with path.open("rb") as fh:  # one byte past the cap is enough for the guard to refuse a larger file,
            files.append((path.name, fh.read(guard.MAX_FILE_BYTES + 1), os.fstat(fh.fileno()).st_size))  # real size
    return files, missing


def write_report(out: str, checked: list[importer.Prepared]) -> None:
    """The problem report the page offers, for every file of the load (.xlsx or .csv by the name)."""
    import pandas as pd

    from etl.problems import report_csv, report_frame, report_xlsx

    frames = [report_frame(p.problems, p.name) for p in checked if p.problems]
    frame = pd.concat(frames, ignore_index=True) if frames else report_frame([])
    data = report_csv(frame) if out.lower().endswith(".csv") else report_xlsx(frame)
    Path(out).write_bytes(data)
    say(f"Đã ghi báo cáo kiểm tra ({len(frame)} dòng): {out}")


def cmd_load(args: argparse.Namespace) -> int:
    from etl import batches, db, importer

    period = None
    if args.period:
        period = parse_period(args.period)
        if period is None:
            say(f"Không hiểu kỳ '{args.period}'. Ví dụ: 2026-09, 'Tháng 9/2026', 2026-Q3, 2026, 2026-10-10.", err=True)
            return REJECTED
    if args.report and not args.report.lower().endswith((".xlsx", ".csv")):
        say(f"Tệp báo cáo '{args.report}' phải có đuôi .xlsx hoặc .csv.", err=True)
        return REJECTED
    files, missing = _read(args.files)
    for message in missing:
        say(message, err=True)
    if missing:
        return REJECTED
    checked = importer.check_files(files, period=period, kind=args.kind, path=args.db, skip_unknown=args.skip_unknown)
    for p in checked:
        _print_file(p)
    if args.report:
        write_report(args.report, checked)
    if any(not p.ok for p in checked):
        say("Không nạp tệp nào: hãy sửa các lỗi trên rồi nạp lại.", err=True)
        return REJECTED
    todo = [p for p in checked if not p.already_loaded]
    if args.dry_run:
        for p in todo:
            if p.preview is not None and len(p.preview):
                replaced = int(p.preview.replaced.sum())
                say(f"    Sẽ thêm {len(p.rows)} dòng; thay thế {replaced} dòng đang dùng.")
        say("Chạy thử (--dry-run): không ghi gì vào kho.")
        return 0
    if not todo:
        return 0
    user = args.user or getpass.getuser()
    try:
        loaded = importer.load_checked(todo, user, path=args.db, wait_seconds=1.0)
    except db.WarehouseBusy:
        say("Kho dữ liệu đang được ứng dụng hoặc tiến trình khác sử dụng; đang chờ…", err=True)
        loaded = importer.load_checked(todo, user, path=args.db, wait_seconds=120.0)
    for p in todo:
        other = batches.loaded_by_other(loaded[p.name], user)
        if other:  # a simultaneous load of the same file committed first
            say(f"Không nạp '{p.name}': {other}")
        else:
            say(f"Đã nạp '{p.name}': lô {loaded[p.name]}, {len(p.rows)} dòng, người nạp {user}.")
    return 0


def cmd_batches(args: argparse.Namespace) -> int:
    from etl import history

    frame = history.list_batches(args.db)
    if args.output == "json":
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        text = json.dumps(records, ensure_ascii=False, default=str, indent=1)  # escapes C0 itself
        print(
            re.sub(r"[\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", lambda m: f"\\u{ord(m[0]):04x}", text)
        )
    else:
        say(history.batches_for_people(frame).to_string(index=False))
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from etl import batches, db, history
    from etl.cli_access import confirm_system_batch  # system batches are named and confirmed first (docs/063)

    if not confirm_system_batch(args.batch_id, args.db, args.yes):
        return REJECTED
    if history.undo(args.batch_id, args.user or getpass.getuser(), args.db):
        with db.connect(args.db, read_only=True) as con:
            say(f"Đã hoàn tác lô {args.batch_id}. {batches.in_force_after_undo(con, args.batch_id)}")
        return 0
    say(f"Lô {args.batch_id} không có hoặc đã được hoàn tác.", err=True)
    return REJECTED


def cmd_template(args: argparse.Namespace) -> int:
    from etl.templates import template_for

    Path(args.out).write_bytes(template_for(args.kind, args.db))
    say(f"Đã tạo tệp mẫu '{FORMAT_TITLES[args.kind]}': {args.out}")
    return 0


def cmd_alias(args: argparse.Namespace) -> int:
    from etl import history

    try:
        history.remember_aliases({args.name: args.unit_id}, args.user or getpass.getuser(), args.db)
    except ValueError as exc:
        say(str(exc), err=True)
        return REJECTED
    say(f"Đã ghi nhớ: '{args.name}' là đơn vị {args.unit_id}.")
    return 0


def add_commands(sub) -> None:
    kinds = ", ".join(f"{k} ({FORMAT_TITLES[k]})" for k in IMPORT_KINDS)
    load = sub.add_parser("load", help="kiểm tra và nạp tệp Excel (tất cả hoặc không tệp nào)")
    load.add_argument("files", nargs="+", metavar="FILE")
    load.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi vào kho")
    load.add_argument("--user", help="người nạp (mặc định: tài khoản hệ điều hành)")
    load.add_argument("--period", help="kỳ của số liệu khi tệp không ghi, ví dụ 2026-09 hoặc 'Quý III/2026'")
    load.add_argument("--format", dest="kind", choices=IMPORT_KINDS, help=f"loại dữ liệu: {kinds}")
    load.add_argument(
        "--skip-unknown",
        action="store_true",
        help="nạp phần còn lại, bỏ qua (và liệt kê) các dòng của đơn vị chưa có trong danh mục",
    )
    load.add_argument(
        "--report",
        metavar="FILE.xlsx|FILE.csv",
        help="ghi báo cáo kiểm tra (các lỗi của từng tệp) ra tệp .xlsx hoặc .csv",
    )
    load.set_defaults(func=cmd_load)
    batches = sub.add_parser("batches", help="danh sách các lần nạp")
    batches.add_argument("--format", dest="output", choices=["table", "json"], default="table")
    batches.set_defaults(func=cmd_batches)
    undo = sub.add_parser("undo", help="hoàn tác một lần nạp")
    undo.add_argument("batch_id", type=int, metavar="BATCH_ID")
    undo.add_argument("--user")
    undo.add_argument("--yes", action="store_true", help="không hỏi xác nhận khi hoàn tác dữ liệu hệ thống")
    undo.set_defaults(func=cmd_undo)
    template = sub.add_parser("template", help="tạo tệp Excel mẫu để nhập liệu")
    template.add_argument("kind", choices=IMPORT_KINDS, metavar="KIND", help=kinds)
    template.add_argument("out", metavar="OUT.xlsx")
    template.set_defaults(func=cmd_template)
    alias = sub.add_parser("alias", help="ghi nhớ một cách viết tên đơn vị")
    alias.add_argument("name")
    alias.add_argument("unit_id")
    alias.add_argument("--user")
    alias.set_defaults(func=cmd_alias)
