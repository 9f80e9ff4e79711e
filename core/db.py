"""The embedded DuckDB warehouse: where it lives, how to connect, one transaction helper.

DuckDB lets one process write while no other process holds the file open, even
read-only. The app therefore opens short-lived connections and retries while a
command-line load holds the lock; callers show "đang cập nhật dữ liệu" if the
lock outlasts the retries (`WarehouseBusy`). How long to wait is configurable
(`CCHC_LOCK_WAIT` seconds) so tests of the busy path stay fast.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a connection is opened: `--help` and the page furniture need not pay for it
    import duckdb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "warehouse.duckdb"
DEFAULT_WAIT_SECONDS = 10.0

# What the command-line tools say when the warehouse is locked or not created yet.
BUSY_MESSAGE = "Kho dữ liệu đang được một tiến trình khác sử dụng; hãy thử lại sau ít phút."
MISSING_MESSAGE = "Chưa có kho dữ liệu: hãy chạy `make init` (hoặc `.venv/bin/python -m etl init --samples`) trước."


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse lock for longer than we wait."""


class WarehouseMissing(RuntimeError):
    """The warehouse file does not exist yet (run `python -m etl init`)."""


def warehouse_path() -> Path:
    return Path(os.environ.get("CCHC_DB") or DEFAULT_DB)


def lock_wait_seconds() -> float:
    try:
        return float(os.environ.get("CCHC_LOCK_WAIT", DEFAULT_WAIT_SECONDS))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() or "different configuration" in text


def owner_only(path: Path) -> None:
    """The warehouse and its WAL readable by their owner only (they hold every unit's figures and the users)."""
    for file in (path, path.with_name(path.name + ".wal")):
        try:
            if file.stat().st_mode & 0o077:
                os.chmod(file, 0o600)
        except (FileNotFoundError, PermissionError):  # gone, or not ours (a shared read-only copy)
            pass


@contextmanager
def connect(
    path: Path | str | None = None, *, read_only: bool = False, wait_seconds: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, retrying while another process holds its lock."""
    import duckdb

    path = Path(path or warehouse_path())
    if read_only and not path.exists():
        raise WarehouseMissing(str(path))
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    deadline = time.monotonic() + (lock_wait_seconds() if wait_seconds is None else wait_seconds)
    delay = 0.05
    while True:
        mask = os.umask(0o077) if not path.exists() else None  # a new warehouse is never readable by others
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
            owner_only(path)  # a WAL left behind keeps the same privacy


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: BEGIN, then COMMIT if the block finishes, ROLLBACK if it raises."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
