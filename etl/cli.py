"""Command-line entry points of the ETL layer."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from core import cli
from core.db import DEFAULT_DB
from etl import cli_access, cli_imports, cli_units, cli_users

# Sub-commands import what they need when they run: `--help` stays under half a second (docs/081).


def cmd_init(args: argparse.Namespace) -> int:
    from etl import db, sessions
    from etl.reference import load_reference
    from etl.samples import load_samples

    path = Path(args.db or db.warehouse_path())
    if path.resolve().parent == DEFAULT_DB.parent:  # the project's data folder (warehouse, archive): owner only
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
    with db.connect(args.db) as con:
        before = db.schema_version(con)
        after = db.migrate(con)
        load_reference(con)
        sample_batch = load_samples(con) if args.samples else None
        sessions.ensure_signing_key(con)  # the cookie signing key lives in the warehouse, never in the repo
        undone_system = con.execute(
            "SELECT batch_id, coalesce(source_label, file_name) FROM batches"
            " WHERE status = 'undone' AND loaded_by = 'hệ thống' ORDER BY batch_id"
        ).fetchall()
        units = con.execute("SELECT kind, count(*) FROM units GROUP BY kind ORDER BY kind").fetchall()
    path = args.db or db.warehouse_path()
    print(f"Kho dữ liệu: {path}")
    print(f"Phiên bản lược đồ: {before} → {after}")
    print("Đơn vị: " + ", ".join(f"{kind} {n}" for kind, n in units))
    if args.samples:
        print(f"Đã nạp dữ liệu mẫu (lô {sample_batch})." if sample_batch else "Dữ liệu mẫu đã có sẵn.")
    for batch_id, name in undone_system:
        # init never re-activates what someone undid on purpose: it says how to bring it back.
        print(
            f"Lô hệ thống {batch_id} ({name}) đang ở trạng thái đã hoàn tác; "
            f"khôi phục bằng: .venv/bin/python -m etl redo {batch_id}"
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Nạp dữ liệu vào kho CCHC.")
    parser.add_argument("--db", help="đường dẫn kho DuckDB (mặc định: biến CCHC_DB hoặc data/warehouse.duckdb)")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="tạo hoặc nâng cấp kho, nạp dữ liệu tham chiếu")
    init.add_argument("--samples", action="store_true", help="nạp cả dữ liệu mẫu của Cổng DVCQG")
    init.set_defaults(func=cmd_init)
    cli_imports.add_commands(sub)
    cli_users.add_commands(sub)
    cli_units.add_commands(sub)
    cli_access.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return cli.run(lambda: args.func(args))
