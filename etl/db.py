"""Warehouse migrations and views (the connection itself lives in `core.db`).

The names below are re-exported so that ETL modules keep one `db` to talk to.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from core.db import (  # noqa: F401  (re-exported for the ETL modules)
    BUSY_MESSAGE,
    MISSING_MESSAGE,
    ROOT,
    WarehouseBusy,
    WarehouseMissing,
    connect,
    transaction,
    warehouse_path,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
if TYPE_CHECKING:  # the connection type only: `--help` of the CLI imports no DuckDB
    import duckdb

VIEWS = Path(__file__).resolve().parent / "views.sql"


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
    """Apply every migration not applied yet, in order, each in its own transaction.

    "Not applied" is by version, not "above the highest": migrations written on parallel branches
    (0005 landing after 0006) still reach a warehouse that already has the later one."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    applied = {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}
    current = schema_version(con)
    for version, name, path in migrations():
        if version in applied or (target is not None and version > target):
            continue
        with transaction(con):
            con.execute(path.read_text("utf-8"))
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
        current = max(current, version)
    if target is None or target >= max(v for v, _, _ in migrations()):
        con.execute(VIEWS.read_text("utf-8"))
    return current
