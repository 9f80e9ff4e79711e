"""Writing and undoing batches: every load is one batch, in one transaction.

A batch's rows stay in the tables forever; the views show, for each
(criterion, unit, period), the row of the newest active batch. Undo marks a
batch "undone", which brings back whatever it had superseded.
"""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

import duckdb
import pandas as pd

from core.db import transaction as db_transaction
from etl import audit

OBSERVATION_COLUMNS = [
    "index_code", "criterion_code", "unit_id", "period_type", "period_key", "period_end",
    "value", "numerator", "denominator", "points", "max_points", "rank_official", "rank_of", "band_official", "note",
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


def find_batch_by_sha(con: duckdb.DuckDBPyConnection, sha256: str) -> int | None:
    """The active batch already holding this exact file, if any."""
    row = con.execute(
        "SELECT batch_id FROM batches WHERE sha256 = ? AND status = 'active' ORDER BY batch_id DESC LIMIT 1",
        [sha256]).fetchone()
    return row[0] if row else None


def insert_batch(con: duckdb.DuckDBPyConnection, meta: BatchMeta, observations: pd.DataFrame | None = None,
                 targets: pd.DataFrame | None = None, task_reports: pd.DataFrame | None = None,
                 transaction: bool = True) -> int:
    """Write a batch and its rows in one transaction; return its id. Nothing is written on error.

    With transaction=False the caller owns the transaction (several batches committed together).
    """
    frames = {"observations": observations, "targets": targets, "task_reports": task_reports}
    row_count = sum(len(f) for f in frames.values() if f is not None)
    with db_transaction(con) if transaction else nullcontext():
        batch_id = con.execute("""
            INSERT INTO batches (format, file_name, sha256, archive_path, period_type, period_key,
                                 source_label, loaded_by, row_count, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING batch_id""",
            [meta.format, meta.file_name, meta.sha256, meta.archive_path, meta.period_type,
             meta.period_key, meta.source_label, meta.loaded_by, row_count, meta.note]).fetchone()[0]
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
        con.execute("UPDATE batches SET status = 'undone', undone_by = ?, undone_at = current_timestamp"
                    " WHERE batch_id = ?", [user, batch_id])
        audit.record(con, user, "undo", f"lô {batch_id}", {**_batch_summary(con, batch_id), "status": "active"},
                     {"status": "undone"})
    return True


# Who loads reference data and the sample (etl/reference.py, etl/samples.py): their batches are
# "system" batches, which only an administrator may undo, after a confirmation naming them.
SYSTEM_USER = "hệ thống"


def _batch_summary(con: duckdb.DuckDBPyConnection, batch_id: int) -> dict:
    row = con.execute("SELECT format, file_name, period_type, period_key, row_count, loaded_by, source_label"
                      " FROM batches WHERE batch_id = ?", [batch_id]).fetchone()
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
        con.execute("UPDATE batches SET status = 'active', undone_by = NULL, undone_at = NULL WHERE batch_id = ?",
                    [batch_id])
        audit.record(con, user, "redo", f"lô {batch_id}",
                     {"status": "undone", "undone_by": row[1], "undone_at_utc": row[2]},
                     {**_batch_summary(con, batch_id), "status": "active"})
    return True
