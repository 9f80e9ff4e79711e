"""The history of loads and what staff do with it: list, undo, teach a unit name."""
from __future__ import annotations

import duckdb
import pandas as pd

from core.labels import BATCH_STATUS, format_label
from core.names import clean_text, name_key
from core.periods import period_label
from etl import db
from etl.batches import in_force_after_undo, undo_batch


def batches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every load, newest first, with its effective status (active, superseded, undone)."""
    return con.execute("""
        SELECT batch_id, format, file_name, period_type, period_key, loaded_by, loaded_at, row_count,
               status, effective_status, undone_by, undone_at, sha256, archive_path, source_label
        FROM v_batches ORDER BY batch_id DESC""").df()


def batches_for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """The history with Vietnamese column names and labels, as shown on the page."""
    period = [period_label(t, k) if isinstance(t, str) and isinstance(k, str) else "" for t, k in
              zip(frame.period_type, frame.period_key)]
    return pd.DataFrame({
        "Lô": frame.batch_id, "Loại dữ liệu": frame.format.map(format_label),
        "Tệp": frame.file_name, "Kỳ": period, "Người nạp": frame.loaded_by,
        "Thời điểm nạp": pd.to_datetime(frame.loaded_at).dt.strftime("%H:%M %d/%m/%Y"),
        "Số dòng": frame.row_count, "Trạng thái": frame.effective_status.map(lambda s: BATCH_STATUS.get(s, s)),
    })


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
    con.execute("""
        INSERT INTO unit_aliases (alias, alias_key, unit_id, source, created_by) VALUES (?, ?, ?, 'user', ?)
        ON CONFLICT (alias_key, unit_id) DO UPDATE
        SET alias = excluded.alias, source = 'user', created_by = excluded.created_by,
            created_at = now()""", [text, name_key(text), unit_id, user])


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
