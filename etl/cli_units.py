"""`python -m etl unit add CODE "NAME" --kind department|commune --valid-from DATE`: a unit the portal
has started to score. `python -m etl unit list`: the registry with validity dates."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date

from etl.cells import as_date

# The kinds a unit can be added as, for the parser (etl.units_admin imports DuckDB: only the
# commands import it, docs/081); a test keeps them equal to etl.units_admin.KINDS.
KIND_CHOICES = ("department", "commune")

REJECTED = 2


def cmd_unit_add(args: argparse.Namespace) -> int:
    from etl.units_admin import KINDS, UnitRefused, add_unit_at

    valid_from = as_date(args.valid_from) if args.valid_from else date.today()
    if valid_from is None:
        print(f"Không hiểu ngày '{args.valid_from}'. Ví dụ: 2026-10-05 hoặc 05/10/2026.", file=sys.stderr)
        return REJECTED
    try:
        unit_id = add_unit_at(args.db, args.code, args.name, args.kind, valid_from, args.user or getpass.getuser())
    except UnitRefused as exc:
        print(exc, file=sys.stderr)
        return REJECTED
    print(f"Đã thêm đơn vị {unit_id}: {args.name} ({KINDS[args.kind]}), có hiệu lực từ {valid_from:%d/%m/%Y}.")
    return 0


def cmd_unit_list(args: argparse.Namespace) -> int:
    from etl import db
    from etl.units_admin import KINDS

    with db.connect(args.db, read_only=True) as con:
        rows = con.execute(
            "SELECT unit_id, kind, name, valid_from, valid_to, coalesce(source, 'reference')"
            " FROM units WHERE kind IN ('department', 'commune') ORDER BY kind, unit_id"
        ).fetchall()
    for unit_id, kind, name, first, last, source in rows:
        span = f"{first:%d/%m/%Y}" if first else "…"
        span += f" – {last:%d/%m/%Y}" if last else " –"
        print(f"{unit_id:10} {KINDS[kind]:15} {span:25} {'(thêm tay) ' if source == 'admin' else ''}{name}")
    return 0


def add_commands(sub) -> None:
    unit = sub.add_parser("unit", help="danh mục đơn vị: thêm đơn vị mới được chấm điểm, xem danh sách")
    verbs = unit.add_subparsers(dest="unit_command", required=True)
    add = verbs.add_parser("add", help="thêm một đơn vị Cổng DVCQG bắt đầu chấm điểm")
    add.add_argument("code", metavar="CODE", help="mã đơn vị trên Cổng DVCQG, ví dụ H15.147")
    add.add_argument("name", metavar="NAME", help='tên đơn vị, ví dụ "UBND xã Ea Tam"')
    add.add_argument(
        "--kind", required=True, choices=KIND_CHOICES, help="department (sở, ngành) hoặc commune (xã, phường)"
    )
    add.add_argument("--valid-from", help="ngày bắt đầu có hiệu lực (mặc định: hôm nay), ví dụ 2026-10-05")
    add.add_argument("--user")
    add.set_defaults(func=cmd_unit_add)
    listing = verbs.add_parser("list", help="danh sách sở, ngành, xã, phường với thời gian hiệu lực")
    listing.set_defaults(func=cmd_unit_list)
