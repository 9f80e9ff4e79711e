"""Command-line entry points of the ETL layer."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from core import cli
from core.db import DEFAULT_DB
from etl import cli_imports, cli_units, cli_users, db
from etl.reference import load_reference
from etl.samples import load_samples


def cmd_init(args: argparse.Namespace) -> int:
    path = Path(args.db or db.warehouse_path())
    if path.resolve().parent == DEFAULT_DB.parent:  # the project's data folder (warehouse, archive): owner only
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
    with db.connect(args.db) as con:
        before = db.schema_version(con)
        after = db.migrate(con)
        load_reference(con)
        sample_batch = load_samples(con) if args.samples else None
        units = con.execute("SELECT kind, count(*) FROM units GROUP BY kind ORDER BY kind").fetchall()
    path = args.db or db.warehouse_path()
    print(f"Kho dữ liệu: {path}")
    print(f"Phiên bản lược đồ: {before} → {after}")
    print("Đơn vị: " + ", ".join(f"{kind} {n}" for kind, n in units))
    if args.samples:
        print(f"Đã nạp dữ liệu mẫu (lô {sample_batch})." if sample_batch else "Dữ liệu mẫu đã có sẵn.")
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return cli.run(lambda: args.func(args))
