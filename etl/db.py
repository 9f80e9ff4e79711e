"""The embedded DuckDB warehouse: where it lives, how to connect, how it is migrated.

DuckDB lets one process write while no other process holds the file open, even
read-only. The app therefore opens short-lived connections and retries while a
command-line load holds the lock; callers show "đang cập nhật dữ liệu" if the
lock outlasts the retries (`WarehouseBusy`).
"""
from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VIEWS = Path(__file__).resolve().parent / "views.sql"
DEFAULT_DB = ROOT / "data" / "warehouse.duckdb"


# What the command-line tools say when the warehouse is locked or not created yet.
BUSY_MESSAGE = "Kho dữ liệu đang được một tiến trình khác sử dụng; hãy thử lại sau ít phút."
MISSING_MESSAGE = "Chưa có kho dữ liệu: hãy chạy `python -m etl init --samples` trước."


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse lock for longer than we wait."""


class WarehouseMissing(RuntimeError):
    """The warehouse file does not exist yet (run `python -m etl init`)."""


def warehouse_path() -> Path:
    return Path(os.environ.get("CCHC_DB") or DEFAULT_DB)


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() or "different configuration" in text


def owner_only(path: Path) -> None:
    """The warehouse and its WAL readable by their owner only (they hold every unit's figures and the users)."""
    for file in (path, path.with_name(path.name + ".wal")):
        try:
            if file.stat().st_mode & 0o077:
                os.chmod(file, 0o600)
        except FileNotFoundError:
            pass
        except PermissionError:  # not ours (a shared read-only copy): leave it as its owner set it
            pass


@contextmanager
def connect(path: Path | str | None = None, *, read_only: bool = False,
            wait_seconds: float = 10.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, retrying while another process holds its lock."""
    path = Path(path or warehouse_path())
    if read_only and not path.exists():
        raise WarehouseMissing(str(path))
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        new = not path.exists()
        mask = os.umask(0o077) if new else None  # a new warehouse is never readable by others, not even briefly
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _is_lock_error(exc) or time.monotonic() >= deadline:
                if _is_lock_error(exc):
                    raise WarehouseBusy(str(exc)) from exc
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
        finally:
            if mask is not None:
                os.umask(mask)
    if not read_only:
        owner_only(path)
    try:
        yield con
    finally:
        con.close()
        if not read_only:
            owner_only(path)


def migrations() -> list[tuple[int, str, Path]]:
    found = []
    for path in sorted(MIGRATIONS.glob("*.sql")):
        match = re.match(r"(\d+)_(.+)\.sql$", path.name)
        if match:
            found.append((int(match.group(1)), match.group(2), path))
    return found


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection, target: int | None = None) -> int:
    """Apply the pending migrations in order, each in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    current = schema_version(con)
    for version, name, path in migrations():
        if version <= current or (target is not None and version > target):
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(path.read_text("utf-8"))
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = version
    if target is None or target >= max(v for v, _, _ in migrations()):
        con.execute(VIEWS.read_text("utf-8"))
    return current
