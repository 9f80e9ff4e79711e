"""Command-line user management: `python -m etl user add|list|password|disable|enable|role`.

Passwords are read from a prompt, or from CCHC_NEW_PASSWORD when there is no terminal
(scripted setups); there is no default password. Every change is in the audit log, with the
operating-system account that made it (or --actor).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from core.access import ROLES


def _new_password() -> str:
    from etl import auth

    from_env = os.environ.get("CCHC_NEW_PASSWORD")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise auth.AuthError("Không có bàn phím để hỏi mật khẩu: hãy đặt biến CCHC_NEW_PASSWORD.")
    first = getpass.getpass("Mật khẩu mới: ")
    if first != getpass.getpass("Nhập lại mật khẩu: "):
        raise auth.AuthError("Hai lần nhập mật khẩu không khớp.")
    return first


def cmd_user(args: argparse.Namespace) -> int:
    from etl import auth, db

    actor = args.actor or getpass.getuser()
    try:
        with db.connect(args.db) as con:
            if args.action == "list":
                users = auth.list_users(con)
                print(users.to_string(index=False) if len(users) else "Chưa có tài khoản nào.")
            elif args.action == "add":
                user = auth.add_user(
                    con, args.name, _new_password(), args.role, args.display_name, args.unit, actor=actor
                )
                print(f"Đã tạo tài khoản '{user.username}' ({user.role_label}).")
            elif args.action == "password":
                auth.set_password(con, args.name, _new_password(), actor=actor)
                print(f"Đã đổi mật khẩu của '{args.name}'.")
            elif args.action == "role":
                auth.set_role(con, args.name, args.role, args.unit, actor=actor)
                print(
                    f"Đã đổi vai trò của '{args.name}' thành {auth.ROLES[args.role]}"
                    + (f" (đơn vị {args.unit})." if args.unit else ".")
                    + " Phiên đang mở của tài khoản này kết thúc."
                )
            else:
                auth.set_active(con, args.name, args.action == "enable", actor=actor)
                print(f"Đã {'mở' if args.action == 'enable' else 'khóa'} tài khoản '{args.name}'.")
    except auth.AuthError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


def add_commands(sub) -> None:
    user = sub.add_parser("user", help="quản lý tài khoản (vai trò: " + ", ".join(ROLES) + ")")
    actions = user.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="danh sách tài khoản")
    add = actions.add_parser("add", help="tạo tài khoản (mật khẩu hỏi khi chạy hoặc lấy từ CCHC_NEW_PASSWORD)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=list(ROLES))
    add.add_argument("--display-name")
    add.add_argument("--unit", help="mã đơn vị của đầu mối (vai trò don_vi)")
    for action, text in (("password", "đổi mật khẩu"), ("disable", "khóa tài khoản"), ("enable", "mở khóa")):
        actions.add_parser(action, help=text).add_argument("name")
    role = actions.add_parser("role", help="đổi vai trò (phiên đang mở kết thúc ngay)")
    role.add_argument("name")
    role.add_argument("role", choices=list(ROLES))
    role.add_argument("--unit", help="mã đơn vị (vai trò don_vi)")
    user.add_argument("--actor", help="ghi vào nhật ký là người thực hiện (mặc định: tài khoản hệ điều hành)")
    user.set_defaults(func=cmd_user)
