"""Command line for access and safety: `redo`, `audit`, `backup`, `restore` (docs/062–064)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from etl import audit, db

REJECTED = 2


def _confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        print("Cần xác nhận: chạy lại với --yes (không có bàn phím để hỏi).", file=sys.stderr)
        return False
    return input(f"{question} Gõ 'co' để tiếp tục: ").strip().lower() in ("co", "có")


def _describe(found: dict) -> str:
    what = found.get("source_label") or found.get("file_name") or found.get("format")
    period = f", kỳ {found['period']}" if found.get("period") else ""
    return f"lô {found['batch_id']} ({what}{period}, {found.get('row_count') or 0} dòng, nạp bởi {found['loaded_by']})"


def confirm_system_batch(batch_id: int, path, assume_yes: bool) -> bool:
    """True unless the batch is system data (reference, sample) and the operator does not confirm it by name."""
    from etl import history  # heavy (pandas): only when the command runs

    found = history.batch_details(batch_id, path)
    if found is None or not found["system"]:
        return True
    return _confirm(f"Hoàn tác dữ liệu hệ thống: {_describe(found)}?", assume_yes)


def cmd_redo(args: argparse.Namespace) -> int:
    from etl import history  # heavy (pandas): only when the command runs

    found = history.batch_details(args.batch_id, args.db)
    if found is None:
        print(f"Không có lô {args.batch_id}.", file=sys.stderr)
        return REJECTED
    if found["status"] != "undone":
        print(f"Lô {args.batch_id} đang được dùng, không cần khôi phục.", file=sys.stderr)
        return REJECTED
    if found["system"] and not _confirm(f"Khôi phục dữ liệu hệ thống: {_describe(found)}?", args.yes):
        return REJECTED
    history.redo(args.batch_id, args.user or getpass.getuser(), args.db)
    print(f"Đã khôi phục {_describe(found)}: số liệu của lô này được dùng lại.")
    return 0


def _day(text: str) -> datetime:
    """A day written DD/MM/YYYY or YYYY-MM-DD, as the UTC instant its Vietnamese midnight is."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            local = datetime.strptime(text, pattern).replace(tzinfo=audit.VN_TZ)
            return local.astimezone(UTC).replace(tzinfo=None)
        except ValueError:
            continue
    raise ValueError(f"Không hiểu ngày '{text}' (ví dụ 02/12/2026 hoặc 2026-12-02).")


def cmd_audit(args: argparse.Namespace) -> int:
    try:
        since = _day(args.since) if args.since else None
        until = _day(args.until) + timedelta(days=1) if args.until else None
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return REJECTED
    actions = args.action or None
    if actions and any(a not in audit.ACTIONS for a in actions):
        print("Việc không có; chọn trong: " + ", ".join(audit.ACTIONS), file=sys.stderr)
        return REJECTED
    with db.connect(args.db, read_only=True) as con:
        frame = audit.entries(
            con, actor=args.actor, actions=actions, since=since, until=until, text=args.text, limit=args.limit
        )
    shown = audit.for_people(frame)
    if args.out:
        Path(args.out).write_bytes(audit.to_xlsx(shown))
        print(f"Đã ghi {len(shown)} dòng nhật ký vào {args.out}")
    elif args.output == "json":
        records = shown.astype(object).to_dict("records")
        print(json.dumps(records, ensure_ascii=False, default=str, indent=1))
    elif shown.empty:
        print("Nhật ký không có dòng nào khớp.")
    else:
        print(shown.to_string(index=False, max_colwidth=60))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from etl import backup  # DuckDB is imported only when a command runs, never for --help

    try:
        target, counts = backup.backup(args.dir, args.db)
    except backup.BackupError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"Đã sao lưu kho vào {target} ({counts['batches']} lô, {counts['users']} tài khoản, "
        f"{counts['audit_log']} dòng nhật ký)."
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from etl import backup

    try:
        counts = backup.check_file(Path(args.file))
    except backup.BackupError as exc:
        print(exc, file=sys.stderr)
        return REJECTED
    current = Path(args.db or db.warehouse_path())
    question = (
        f"Thay toàn bộ kho {current} bằng bản sao lưu {args.file} ({counts['batches']} lô, "
        f"{counts['users']} tài khoản, {counts['audit_log']} dòng nhật ký)?"
    )
    if not _confirm(question, args.yes):
        print("Không khôi phục.", file=sys.stderr)
        return REJECTED
    kept, _ = backup.restore(args.file, args.user or getpass.getuser(), args.db)
    print(f"Đã khôi phục kho từ {args.file}." + (f" Kho trước đó được giữ ở {kept}." if kept else ""))
    return 0


def add_commands(sub) -> None:
    redo = sub.add_parser("redo", help="khôi phục một lần nạp đã hoàn tác")
    redo.add_argument("batch_id", type=int, metavar="BATCH")
    redo.add_argument("--user")
    redo.add_argument("--yes", action="store_true", help="không hỏi xác nhận (dữ liệu hệ thống)")
    redo.set_defaults(func=cmd_redo)
    log = sub.add_parser("audit", help="nhật ký thay đổi (ai, khi nào, việc gì, trước và sau)")
    log.add_argument("--since", help="từ ngày (giờ Việt Nam), ví dụ 01/12/2026")
    log.add_argument("--until", help="đến hết ngày, ví dụ 02/12/2026")
    log.add_argument("--actor", help="người thực hiện")
    log.add_argument("--action", action="append", help="việc: " + ", ".join(audit.ACTIONS))
    log.add_argument("--text", help="tìm trong đối tượng, trước, sau")
    log.add_argument("--limit", type=int)
    log.add_argument("--format", dest="output", choices=["table", "json"], default="table")
    log.add_argument("--out", metavar="FILE.xlsx", help="ghi ra tệp Excel")
    log.set_defaults(func=cmd_audit)
    save = sub.add_parser("backup", help="sao lưu toàn bộ kho (mặc định vào data/backups)")
    save.add_argument("dir", nargs="?", metavar="DIR")
    save.set_defaults(func=cmd_backup)
    back = sub.add_parser("restore", help="khôi phục kho từ một bản sao lưu (hỏi xác nhận)")
    back.add_argument("file", metavar="FILE")
    back.add_argument("--yes", action="store_true", help="không hỏi xác nhận (cho script)")
    back.add_argument("--user")
    back.set_defaults(func=cmd_restore)
