"""The pages app.py registers, read from app.py itself (its `st.Page("pages/x.py", …)` calls), so a
new page cannot escape the page tests."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def registered_pages() -> list[str]:
    """Page names ("tong_quan", …) in the order of app.py's navigation."""
    names = []
    for node in ast.walk(ast.parse(APP.read_text("utf-8"))):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", None) == "Page"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and str(node.args[0].value).startswith("pages/")
        ):
            names.append(Path(node.args[0].value).stem)
    return names


# Pages that change data or need a login render their own gate: the page tests of the viewing
# pages skip these (they have tests of their own).
INTERACTIVE = {"nhap_du_lieu"}


def viewing_pages() -> list[str]:
    return [p for p in registered_pages() if p not in INTERACTIVE]
