"""Named SQL: every query lives in `metrics/sql/NAME.sql`, parameters bound with `$name`."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from etl import db

SQL_DIR = Path(__file__).resolve().parent / "sql"


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text("utf-8")


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run a named query on an open connection; parameters are bound, never formatted in."""
    return con.execute(sql_text(name), params or None).df()


def query(name: str, path=None, **params) -> pd.DataFrame:
    """Run a named query on a short-lived read-only connection to the warehouse."""
    with db.connect(path, read_only=True) as con:
        return run(con, name, **params)
