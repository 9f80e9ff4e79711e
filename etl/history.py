"""The history of loads and what staff do with it: list, undo, teach a unit name."""

from __future__ import annotations

import duckdb
import pandas as pd

from core.labels import BATCH_STATUS, format_label
from core.names import clean_text, name_key
from core.periods import period_label
from etl import audit, db
from etl.batches import in_force_after_undo, is_system_batch, redo_batch, undo_batch


def batches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every load, newest first, with its effective status (active, superseded, undone)."""
    return con.execute("""
        SELECT batch_id, format, file_name, period_type, period_key, loaded_by, loaded_at, row_count,
               status, effective_status, undone_by, undone_at, sha256, archive_path, source_label
        FROM v_batches ORDER BY batch_id DESC""").df()


def batches_for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """The history with Vietnamese column names and labels, as shown on the page."""
    period = [
        period_label(t, k) if isinstance(t, str) and isinstance(k, str) else ""
        for t, k in zip(frame.period_type, frame.period_key)
    ]
    return pd.DataFrame(
        {
            "Lô": frame.batch_id,
            "Loại dữ liệu": frame.format.map(format_label),
            "Tệp": frame.file_name,
            "Kỳ": period,
            "Người nạp": frame.loaded_by,
            "Thời điểm nạp": pd.to_datetime(frame.loaded_at).dt.strftime("%H:%M %d/%m/%Y"),
            "Số dòng": frame.row_count,
            "Trạng thái": frame.effective_status.map(lambda s: BATCH_STATUS.get(s, s)),
        }
    )


def list_batches(path=None) -> pd.DataFrame:
    with db.connect(path, read_only=True) as con:
        return batches(con)


def undo(batch_id: int, user: str, path=None) -> bool:
    """Undo a load: its rows stop counting and whatever it superseded shows again."""
    with db.connect(path) as con:
        return undo_batch(con, int(batch_id), user)


def undo_summary(batch_id: int, path=None) -> str:
    """After an undo: what is in force now for the rows the batch held (see batches.in_force_after_undo)."""
    with db.connect(path, read_only=True) as con:
        return in_force_after_undo(con, int(batch_id))


def remember_alias(con: duckdb.DuckDBPyConnection, alias: str, unit_id: str, user: str) -> None:
    """Map a name as written to a unit, for this and every later load (source 'user')."""
    if not con.execute("SELECT 1 FROM units WHERE unit_id = ?", [unit_id]).fetchone():
        raise ValueError(f"Không có đơn vị mã '{unit_id}' trong danh mục.")
    text = clean_text(alias)
    before = [
        r[0]
        for r in con.execute(
            "SELECT unit_id FROM unit_aliases WHERE alias_key = ? ORDER BY unit_id", [name_key(text)]
        ).fetchall()
    ]
    audit.record(con, user, "alias", f"tên '{text}'", {"unit_ids": before} if before else None, {"unit_id": unit_id})
    con.execute(
        """
        INSERT INTO unit_aliases (alias, alias_key, unit_id, source, created_by) VALUES (?, ?, ?, 'user', ?)
        ON CONFLICT (alias_key, unit_id) DO UPDATE
        SET alias = excluded.alias, source = 'user', created_by = excluded.created_by,
            created_at = now()""",
        [text, name_key(text), unit_id, user],
    )


def remember_aliases(choices: dict[str, str], user: str, path=None) -> int:
    with db.connect(path) as con:
        for alias, unit_id in choices.items():
            remember_alias(con, alias, unit_id, user)
    return len(choices)


def unit_choices(kinds: tuple[str, ...], path=None) -> list[tuple[str, str]]:
    """(unit_id, name) of the units a name can be mapped to, for a picker."""
    from etl.registry import Registry

    with db.connect(path, read_only=True) as con:
        reg = Registry.load(con)
    return [(u, reg.labels[u]) for u in reg.unit_ids(kinds)]


class NotAllowed(PermissionError):
    """An undo or redo this account may not do (message in Vietnamese)."""


def _check_batch_change(con: duckdb.DuckDBPyConnection, batch_id: int, role: str, confirm_system: bool) -> None:
    """Staff (can_bo) undo and redo uploads only; system batches only an admin, after confirming (docs/063)."""
    from etl.auth import PERMISSIONS

    if role not in PERMISSIONS["undo"]:
        raise NotAllowed("Tài khoản này không có quyền hoàn tác hay khôi phục lô dữ liệu.")
    row = con.execute(
        "SELECT loaded_by, file_name, source_label FROM batches WHERE batch_id = ?", [batch_id]
    ).fetchone()
    if row is None or not is_system_batch(row[0]):
        return
    name = row[2] or row[1] or f"lô {batch_id}"
    if role not in PERMISSIONS["undo_system"]:
        raise NotAllowed(f"Lô {batch_id} ({name}) là dữ liệu hệ thống: chỉ quản trị viên được hoàn tác hay khôi phục.")
    if not confirm_system:
        raise NotAllowed(f"Lô {batch_id} ({name}) là dữ liệu hệ thống: cần xác nhận rõ trước khi thay đổi.")


def undo_as(batch_id: int, username: str, role: str, confirm_system: bool = False, path=None) -> bool:
    """Undo a load on behalf of an account whose role allows it; raises NotAllowed otherwise."""
    with db.connect(path) as con:
        _check_batch_change(con, int(batch_id), role, confirm_system)
        return undo_batch(con, int(batch_id), username)


def redo(batch_id: int, user: str, path=None) -> bool:
    """Bring an undone batch back (command line: whoever runs the server)."""
    with db.connect(path) as con:
        return redo_batch(con, int(batch_id), user)


def redo_as(batch_id: int, username: str, role: str, confirm_system: bool = False, path=None) -> bool:
    with db.connect(path) as con:
        _check_batch_change(con, int(batch_id), role, confirm_system)
        return redo_batch(con, int(batch_id), username)


def batch_details(batch_id: int, path=None) -> dict | None:
    """What a confirmation names: the batch's file, kind, period, rows, who loaded it and whether it is system data."""
    with db.connect(path, read_only=True) as con:
        row = con.execute(
            """SELECT batch_id, format, file_name, period_type, period_key, row_count, loaded_by,
                                    loaded_at, status, source_label FROM batches WHERE batch_id = ?""",
            [int(batch_id)],
        ).fetchone()
    if row is None:
        return None
    keys = (
        "batch_id",
        "format",
        "file_name",
        "period_type",
        "period_key",
        "row_count",
        "loaded_by",
        "loaded_at",
        "status",
        "source_label",
    )
    found = dict(zip(keys, row))
    found["period"] = (
        period_label(found["period_type"], found["period_key"]) if found["period_type"] and found["period_key"] else ""
    )
    found["system"] = is_system_batch(found["loaded_by"])
    return found
