"""The command-line tools start without the heavy modules (docs/081): `--help` imports neither
pandas, DuckDB, pandera nor the import formats; each sub-command imports what it uses. Speed itself
is measured by `python -m benchmarks render`, not here."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = ("pandas", "duckdb", "pandera", "openpyxl", "etl.formats.catalog", "etl.importer")
_PROBE = """
import contextlib, io, sys
from {module} import build_parser
parser = build_parser()
for args in {argv!r}:
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            parser.parse_args(args)
        except SystemExit:
            pass
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize(
    "module, argv",
    [
        ("etl.cli", [["--help"], ["load", "--help"], ["template", "--help"], ["user", "--help"], ["unit", "--help"]]),
        ("metrics.cli", [["--help"], ["unit", "--help"], ["ranking", "--help"], ["gaps", "--help"]]),
    ],
)
def test_help_imports_no_heavy_module(module, argv):
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(module=module, argv=argv, heavy=HEAVY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "", f"--help of {module} imported {out.stdout.strip()}"


def test_help_lists_every_import_kind():
    from etl.cli_imports import IMPORT_KINDS
    from etl.formats.catalog import FORMATS

    assert set(IMPORT_KINDS) == set(FORMATS)
    out = subprocess.run(
        [sys.executable, "-m", "etl", "template", "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for kind, fmt in FORMATS.items():
        assert kind in out and fmt.title.split()[0] in out


def test_unit_kinds_follow_the_units_admin():
    from etl.cli_units import KIND_CHOICES
    from etl.units_admin import KINDS

    assert set(KIND_CHOICES) == set(KINDS)


def test_parser_choices_follow_the_metrics():
    from metrics import cli, gaps, ranking

    assert set(cli.LEAGUES) == set(ranking.LEAGUES)
    assert set(cli.LEVELS) == set(gaps.LEVELS)


def test_a_session_shares_one_connection(sample_db_template):
    from metrics import sql

    with sql.connect(sample_db_template) as a, sql.connect(sample_db_template) as b:
        assert a is not b
    with sql.session(sample_db_template) as shared:
        with sql.connect(sample_db_template) as a:
            assert a is shared
            assert a.execute("SELECT count(*) FROM units").fetchone()[0] > 0
        with sql.connect(sample_db_template) as b:
            assert b is shared  # still open after an inner block
    with sql.connect(sample_db_template) as c:
        assert c is not shared


def test_unit_command_still_answers(sample_db_template):
    import json

    out = subprocess.run(
        [sys.executable, "-m", "metrics", "--db", str(sample_db_template), "unit", "H15"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(out.stdout)
    assert report["unit_id"] == "H15" and report["groups"] and report["indicators"]
