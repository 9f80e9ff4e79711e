"""The layer contract (.importlinter) holds, and breaks when a page imports the metrics or the ETL
imports the metrics: lint-imports run on a copy of the tree with one forbidden import added."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("core", "etl", "metrics", "views", "ui", "reports", "pages")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def copy_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in PACKAGES:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tree / ".importlinter")
    return tree


def test_the_tree_keeps_the_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "where, line",
    [
        ("pages/xep_hang.py", "import metrics.ranking"),
        ("pages/tong_quan.py", "from etl import importer"),
        ("etl/importer.py", "import metrics.scoring"),
        ("metrics/ranking.py", "import etl.importer"),
        ("core/periods.py", "import views.store"),
    ],
)
def test_a_forbidden_import_breaks_the_contract(tmp_path, where, line):
    tree = copy_tree(tmp_path)
    path = tree / where
    path.write_text(path.read_text("utf-8") + f"\n{line}  # added by the test\n", "utf-8")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
