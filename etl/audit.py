"""The audit log: who changed what, when, with the state before and after (table `audit_log`, migration 0005).

Every change calls `record(con, actor, action, target, before, after)` on the connection
that makes the change, inside the same transaction where there is one, so a change and
its record are committed (or rolled back) together. Times are stored in UTC and shown in
Vietnam time. `before` / `after` are anything JSON can hold (dicts of the fields changed).
"""

from __future__ import annotations

import io
import json
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from core.clock import VN_TZ, to_vn  # noqa: F401 (VN_TZ re-exported for the CLI and pages)

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

# Every action the log knows, with its Vietnamese label (the admin page filters by these).
ACTIONS = {
    "load": "Nạp dữ liệu",
    "undo": "Hoàn tác lô",
    "redo": "Khôi phục lô đã hoàn tác",
    "alias": "Ghi nhớ tên đơn vị",
    "unit_add": "Thêm đơn vị",
    "target_edit": "Sửa chỉ tiêu",
    "task_update": "Cập nhật tiến độ nhiệm vụ",
    "user_create": "Tạo tài khoản",
    "user_disable": "Khóa tài khoản",
    "user_enable": "Mở khóa tài khoản",
    "user_role": "Đổi vai trò",
    "user_password": "Đổi mật khẩu",
    "login": "Đăng nhập",
    "logout": "Đăng xuất",
    "login_failed": "Đăng nhập sai",
    "lockout": "Tạm khóa do đăng nhập sai nhiều lần",
    "restore": "Khôi phục kho từ bản sao lưu",
}


def utcnow() -> datetime:
    """Now in UTC, without a zone (how the warehouse stores times)."""
    return datetime.now(UTC).replace(tzinfo=None)


def fmt_vn(ts) -> str:
    shown = to_vn(ts)
    return shown.strftime("%H:%M:%S %d/%m/%Y") if shown else ""


@contextmanager
def atomic(con: duckdb.DuckDBPyConnection):
    """One transaction for a change and its record; inside a caller's transaction, just join it."""
    import duckdb  # here, not at the top: `--help` of the CLI imports no DuckDB

    try:
        con.execute("BEGIN TRANSACTION")
    except duckdb.TransactionException:
        yield con  # the caller owns the transaction (and its commit or rollback)
        return
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def record(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    action: str,
    target: str | None = None,
    before=None,
    after=None,
    at: datetime | None = None,
) -> int:
    """Write one entry; return its id. `action` must be one of ACTIONS (a typo is a bug, not a new action)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    return con.execute(
        "INSERT INTO audit_log (at_utc, actor, action, target, before_json, after_json)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING audit_id",
        [at or utcnow(), actor or "?", action, target, _json(before), _json(after)],
    ).fetchone()[0]


def entries(
    con: duckdb.DuckDBPyConnection,
    *,
    actor: str | None = None,
    actions: list[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    text: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Entries newest first, filtered (since/until in UTC; text searches target, before and after)."""
    where, params = ["true"], []
    if actor:
        where.append("actor = ?")
        params.append(actor)
    if actions:
        where.append("list_contains(?, action)")
        params.append(list(actions))
    if since is not None:
        where.append("at_utc >= ?")
        params.append(since)
    if until is not None:
        where.append("at_utc < ?")
        params.append(until)
    if text:
        where.append("(coalesce(target, '') || coalesce(before_json, '') || coalesce(after_json, '')) ILIKE ?")
        params.append(f"%{text}%")
    # Fixed clauses joined, every value bound: nothing a user typed enters the SQL text.
    sql = (
        "SELECT audit_id, at_utc, actor, action, target, before_json, after_json FROM audit_log WHERE "  # noqa: S608
        + " AND ".join(where)
        + " ORDER BY audit_id DESC"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return con.execute(sql, params).df()


def for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """The log with Vietnamese column names, Vietnam time and labelled actions."""
    import pandas as pd  # only where a table is made: `python -m etl --help` stays fast

    return pd.DataFrame(
        {
            "Số": frame["audit_id"].astype("int64"),
            "Thời điểm (giờ Việt Nam)": [fmt_vn(t) for t in frame["at_utc"]],
            "Người thực hiện": frame["actor"],
            "Việc": [ACTIONS.get(a, a) for a in frame["action"]],
            "Đối tượng": frame["target"].fillna(""),
            "Trước": frame["before_json"].fillna(""),
            "Sau": frame["after_json"].fillna(""),
        }
    )


def to_xlsx(frame: pd.DataFrame) -> bytes:
    """The log as an Excel workbook in which every cell is text or a number, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Nhật ký thay đổi"
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in frame.itertuples(index=False):
        row = []
        for value in values:
            row.append(value if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value))
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # "=HYPERLINK(...)" written by someone stays text
    for column, width in zip("ABCDEFG", (8, 20, 16, 28, 28, 50, 50)):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
