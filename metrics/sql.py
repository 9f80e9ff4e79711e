"""Named SQL: every query lives in `metrics/sql/NAME.sql`, parameters bound with `$name`.

`connect()` opens a short read-only connection with the period macros installed
(`period_rows`, see metrics/sql/period_rows.sql); `query()` runs one named query on one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from core import db

SQL_DIR = Path(__file__).resolve().parent / "sql"
BASE_MACROS = ("period_rows",)
# The connection of an open `session()`, with the path it was opened for.
_SESSION: ContextVar[tuple[object, duckdb.DuckDBPyConnection] | None] = ContextVar("metrics_sql_session", default=None)


@cache
def sql_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text("utf-8")


def install(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Create the temporary macros of the named files on a connection."""
    for name in names:
        con.execute(sql_text(name))


@contextmanager
def connect(path=None) -> Iterator[duckdb.DuckDBPyConnection]:
    shared = _SESSION.get()
    if shared is not None and shared[0] == path:
        yield shared[1]
        return
    with db.connect(path, read_only=True) as con:
        install(con, *BASE_MACROS)
        yield con


@contextmanager
def session(path=None) -> Iterator[duckdb.DuckDBPyConnection]:
    """One read-only connection for every query of the block (a command-line run asks ~20 queries:
    opening the file for each costs more than the queries). Not for the server: a long-held
    connection would keep a load from the command line waiting."""
    with connect(path) as con:
        token = _SESSION.set((path, con))
        try:
            yield con
        finally:
            _SESSION.reset(token)


def run(con: duckdb.DuckDBPyConnection, name: str, arrow: bool = False, **params) -> pd.DataFrame:
    """Run a named query on an open connection; parameters are bound, never formatted in.
    `arrow` converts through Arrow: faster for large results with many text columns."""
    if arrow:
        return con.sql(sql_text(name), params=params or None).to_arrow_table().to_pandas()
    return con.execute(sql_text(name), params or None).df()


def query(name: str, path=None, **params) -> pd.DataFrame:
    """Run a named query on a short-lived read-only connection to the warehouse."""
    with connect(path) as con:
        return run(con, name, **params)
