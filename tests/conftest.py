"""Shared fixtures: real DuckDB warehouses built by the real `etl init`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from etl import db
from etl.reference import load_reference
from etl.samples import load_samples

ROOT = Path(__file__).resolve().parent.parent

# Property tests draw the same examples on every run (CI stays repeatable) unless a developer
# asks for a hunt with fresh ones: CCHC_FUZZ_EXAMPLES=N.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("hunt", derandomize=False)
settings.load_profile("hunt" if os.environ.get("CCHC_FUZZ_EXAMPLES") else "repeatable")


def build_warehouse(path: Path, samples: bool = True) -> Path:
    with db.connect(path) as con:
        db.migrate(con)
        load_reference(con)
        if samples:
            load_samples(con)
    return path


@pytest.fixture(autouse=True)
def private_archive(tmp_path_factory, monkeypatch) -> Path:
    """No test may write the real archive (data/archive/): each gets its own folder."""
    folder = tmp_path_factory.mktemp("archive")
    monkeypatch.setenv("CCHC_ARCHIVE", str(folder))
    return folder


@pytest.fixture(scope="session")
def sample_db_template(tmp_path_factory) -> Path:
    """A warehouse with reference data and the 10/10/2026 sample, built once per session."""
    return build_warehouse(tmp_path_factory.mktemp("template") / "sample.duckdb")


@pytest.fixture(scope="session")
def empty_db_template(tmp_path_factory) -> Path:
    """A warehouse with reference data only."""
    return build_warehouse(tmp_path_factory.mktemp("template") / "empty.duckdb", samples=False)


@pytest.fixture
def sample_db(sample_db_template, tmp_path, monkeypatch) -> Path:
    """A private copy of the sample warehouse, set as CCHC_DB for the code under test."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_db_template, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


@pytest.fixture
def empty_db(empty_db_template, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(empty_db_template, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    return path
