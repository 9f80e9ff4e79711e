"""Named SQL: every query lives in `metrics/sql/NAME.sql`, parameters bound with `$name`.

`connect()` opens a short read-only connection with the period macros installed
(`period_rows`, see metrics/sql/period_rows.sql); `query()` runs one named query on one.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd

from core import db

SQL_DIR = Path(__file__).resolve().parent / "sql"
BASE_MACROS = ("period_rows",)


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text("utf-8")


def install(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Create the temporary macros of the named files on a connection."""
    for name in names:
        con.execute(sql_text(name))


@contextmanager
def connect(path=None) -> Iterator[duckdb.DuckDBPyConnection]:
    with db.connect(path, read_only=True) as con:
        install(con, *BASE_MACROS)
        yield con


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
