"""Writing and undoing batches: every load is one batch, in one transaction.

A batch's rows stay in the tables forever; the views show, for each
(criterion, unit, period), the row of the newest active batch. Undo marks a
batch "undone", which brings back whatever it had superseded.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import duckdb
import pandas as pd

from core.db import transaction as db_transaction
from etl import audit

SQL = Path(__file__).resolve().parent / "sql"

OBSERVATION_COLUMNS = [
    "index_code",
    "criterion_code",
    "unit_id",
    "period_type",
    "period_key",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "points",
    "max_points",
    "rank_official",
    "rank_of",
    "band_official",
    "note",
]


@dataclass(frozen=True)
class BatchMeta:
    format: str
    loaded_by: str
    file_name: str | None = None
    sha256: str | None = None
    archive_path: str | None = None
    period_type: str | None = None
    period_key: str | None = None
    source_label: str | None = None
    note: str | None = None


class ExistingBatch(int):
    """A batch id (an int everywhere) that also says who loaded it and when.

    `importer.commit` returns one for a file that another load committed first (two people
    loading the same file at once): the second is told it was loaded by the other, not "Đã nạp".
    """

    loaded_by: str
    loaded_at: object

    def __new__(cls, batch_id: int, loaded_by: str, loaded_at):
        self = super().__new__(cls, batch_id)
        self.loaded_by, self.loaded_at = loaded_by, loaded_at
        return self


def find_batch_by_sha(con: duckdb.DuckDBPyConnection, sha256: str) -> ExistingBatch | None:
    """The active batch already holding this exact file, if any."""
    row = con.execute(
        "SELECT batch_id, loaded_by, loaded_at FROM batches WHERE sha256 = ? AND status = 'active'"
        " ORDER BY batch_id DESC LIMIT 1",
        [sha256],
    ).fetchone()
    return ExistingBatch(*row) if row else None


def _vn_time(ts) -> str:
    """A stored (UTC) time in Vietnam time, "18:20 02/12/2026"."""
    from zoneinfo import ZoneInfo

    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return f"{ts.astimezone(ZoneInfo('Asia/Ho_Chi_Minh')):%H:%M %d/%m/%Y}"


def loaded_by_other(batch_id: int, user: str) -> str | None:
    """The sentence for a file another load committed first (None when this load wrote `batch_id`)."""
    if not isinstance(batch_id, ExistingBatch):
        return None
    when = f" lúc {_vn_time(batch_id.loaded_at)}" if batch_id.loaded_at is not None else ""
    who = "một lần nạp khác" if batch_id.loaded_by == user else f"{batch_id.loaded_by}"
    return f"tệp này đã được {who} nạp trước{when} (lô {int(batch_id)}); lần nạp này không ghi thêm gì."


def insert_batch(
    con: duckdb.DuckDBPyConnection,
    meta: BatchMeta,
    observations: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    task_reports: pd.DataFrame | None = None,
    transaction: bool = True,
) -> int:
    """Write a batch and its rows in one transaction; return its id. Nothing is written on error.

    With transaction=False the caller owns the transaction (several batches committed together).
    """
    frames = {"observations": observations, "targets": targets, "task_reports": task_reports}
    row_count = sum(len(f) for f in frames.values() if f is not None)
    with db_transaction(con) if transaction else nullcontext():
        batch_id = con.execute(
            """
            INSERT INTO batches (format, file_name, sha256, archive_path, period_type, period_key,
                                 source_label, loaded_by, row_count, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING batch_id""",
            [
                meta.format,
                meta.file_name,
                meta.sha256,
                meta.archive_path,
                meta.period_type,
                meta.period_key,
                meta.source_label,
                meta.loaded_by,
                row_count,
                meta.note,
            ],
        ).fetchone()[0]
        for table, frame in frames.items():
            if frame is None or frame.empty:
                continue
            columns = OBSERVATION_COLUMNS if table == "observations" else list(frame.columns)
            staged = frame.reindex(columns=columns).assign(batch_id=batch_id)
            con.register("staged_rows", staged)
            names = ", ".join(["batch_id", *columns])
            con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM staged_rows")  # noqa: S608 (fixed names)
            con.unregister("staged_rows")
        audit.record(con, meta.loaded_by, "load", f"lô {batch_id}", None, _batch_summary(con, batch_id))
    return batch_id


def undo_batch(con: duckdb.DuckDBPyConnection, batch_id: int, user: str) -> bool:
    """Mark a batch undone; False when it does not exist or was already undone."""
    row = con.execute("SELECT status FROM batches WHERE batch_id = ?", [batch_id]).fetchone()
    if row is None or row[0] == "undone":
        return False
    with audit.atomic(con):
        con.execute(
            "UPDATE batches SET status = 'undone', undone_by = ?, undone_at = current_timestamp WHERE batch_id = ?",
            [user, batch_id],
        )
        audit.record(
            con,
            user,
            "undo",
            f"lô {batch_id}",
            {**_batch_summary(con, batch_id), "status": "active"},
            {"status": "undone"},
        )
    return True


# Who loads reference data and the sample (etl/reference.py, etl/samples.py): their batches are
# "system" batches, which only an administrator may undo, after a confirmation naming them.
SYSTEM_USER = "hệ thống"


def _batch_summary(con: duckdb.DuckDBPyConnection, batch_id: int) -> dict:
    row = con.execute(
        "SELECT format, file_name, period_type, period_key, row_count, loaded_by, source_label"
        " FROM batches WHERE batch_id = ?",
        [batch_id],
    ).fetchone()
    keys = ("format", "file_name", "period_type", "period_key", "row_count", "loaded_by", "source_label")
    return {k: v for k, v in zip(keys, row) if v is not None} if row else {}


def is_system_batch(loaded_by: str | None) -> bool:
    return loaded_by == SYSTEM_USER


def redo_batch(con: duckdb.DuckDBPyConnection, batch_id: int, user: str) -> bool:
    """Bring an undone batch back (it counts again from its original load time); False if not undone."""
    row = con.execute("SELECT status, undone_by, undone_at FROM batches WHERE batch_id = ?", [batch_id]).fetchone()
    if row is None or row[0] != "undone":
        return False
    with audit.atomic(con):
        con.execute(
            "UPDATE batches SET status = 'active', undone_by = NULL, undone_at = NULL WHERE batch_id = ?", [batch_id]
        )
        audit.record(
            con,
            user,
            "redo",
            f"lô {batch_id}",
            {"status": "undone", "undone_by": row[1], "undone_at_utc": row[2]},
            {**_batch_summary(con, batch_id), "status": "active"},
        )
    return True


def in_force_after_undo(con: duckdb.DuckDBPyConnection, batch_id: int) -> str:
    """What the pages show, after `batch_id` was undone, for the rows it held (Vietnamese)."""
    rows = con.execute((SQL / "in_force_after_undo.sql").read_text("utf-8"), {"batch_id": batch_id}).fetchall()
    by_batch: dict[int | None, int] = {}
    for now, n in rows:
        by_batch[now] = by_batch.get(now, 0) + n
    gone = by_batch.pop(None, 0)
    total = gone + sum(by_batch.values())
    if not total:
        return "Lô này không có dòng số liệu nào."
    if not by_batch:
        return (
            f"Không còn số liệu nào thay thế cho {total} dòng của lô này "
            "(không có lô trước đó đang dùng); các trang không còn hiển thị các số liệu đó."
        )
    used = ", ".join(f"lô {b} ({n} dòng)" for b, n in sorted(by_batch.items()))
    rest = f"; {gone} dòng không còn số liệu nào" if gone else ""
    return f"Số liệu đang dùng cho các dòng của lô này: {used}{rest}."
