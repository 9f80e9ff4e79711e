"""What a file carries never becomes markup on a page (issue 9), and a hostile upload never stops
the app. AppTest, a real warehouse: a real load under a hostile file name and sheet name, then the
names a file can bring (unit names, aliases, notes, sources, task titles) set to Markdown payloads,
then EVERY page of app.py's navigation (read from app.py, so a new or rewritten page is covered)
rendered, and every text and label it shows checked for a live link, image or bold.
"""

from __future__ import annotations

import ast
import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from etl import auth, db, guard, importer
from tests.conftest import ROOT
from tests.support.hostile import tthc, workbook
from tests.support.imports import archive  # noqa: F401 (fixture)

APP = ROOT / "app.py"
PASSWORD = "mot-mat-khau-dai"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMAGE = "![x](http://evil.example/anh.png)"
LINK = "[link](http://evil.example/lien-ket)"
BOLD = "**đậm**"
PAYLOAD = f"{IMAGE} {LINK} {BOLD}"


def navigation_pages() -> list[str]:
    """The pages app.py registers (st.Page("pages/…")), in order."""
    tree = ast.parse(APP.read_text("utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", "") == "Page"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]


def _strings(node) -> list[str]:
    """Every text an element shows through Markdown: bodies, values and labels, recursively."""
    out = []
    proto = getattr(node, "proto", None)
    for attr in ("value", "label", "body", "help", "caption", "placeholder"):
        for source in (node, proto):
            try:
                value = getattr(source, attr, None)
            except Exception:  # noqa: BLE001 (some elements compute values lazily)
                value = None
            if isinstance(value, str) and value:
                out.append(value)
    for child in getattr(node, "children", {}).values() if isinstance(getattr(node, "children", None), dict) else []:
        out += _strings(child)
    return out


def _live_markup(text: str) -> list[str]:
    """The payload's markup that would render: escaped characters (\\x) are taken out first. A body
    given to st.html is HTML, not Markdown: there only a real tag built from the payload is live."""
    if text.lstrip().startswith("<"):
        found = []
        if re.search(r"<\s*img\b[^>]*evil\.example", text, re.I):
            found.append("image")
        if re.search(r"<\s*a\b[^>]*evil\.example", text, re.I):
            found.append("link")
        if re.search(r"<\s*(b|strong)\b[^>]*>\s*đậm", text, re.I):
            found.append("bold")
        return found
    plain = re.sub(r"\\.", "", text)
    found = []
    if re.search(r"!\[[^\]]*\]\(", plain):
        found.append("image")
    if re.search(r"\]\(\s*https?:", plain) or re.search(r"<\s*(img|a)\b", plain, re.I):
        found.append("link")
    if "**đậm**" in plain:
        found.append("bold")
    return found


def hostile_warehouse(path) -> None:
    """A real load under hostile names, then every file-borne name and note set to the payload."""
    name = f"{IMAGE} {LINK} {BOLD}.xlsx"
    checked = importer.check_files([(name, workbook(tthc(["Sở Y tế", "P. Buôn Ma Thuột"]), sheet=PAYLOAD))], path=path)
    assert checked[0].ok, checked[0].problems
    importer.load_checked(checked, "lan", path=path)
    with db.connect(path) as con:
        con.execute(
            "UPDATE units SET name = name || ' ' || ?, short_name = coalesce(short_name, name) || ' ' || ?",
            [PAYLOAD, PAYLOAD],
        )
        con.execute("UPDATE unit_aliases SET alias = alias || ' ' || ?", [PAYLOAD])
        con.execute(
            "UPDATE batches SET source_label = 'Tệp tải lên: ' || ? || ' ' || batch_id, file_name = ?, note = ?",
            [PAYLOAD, name, PAYLOAD],
        )
        con.execute("UPDATE observations SET note = ?", [PAYLOAD])
        con.execute(
            "UPDATE tasks SET title = title || ' ' || ?, lead_text = ?, executing_text = ?", [PAYLOAD, PAYLOAD, PAYLOAD]
        )
        con.execute("UPDATE task_reports SET note = ?", [PAYLOAD])
        auth.add_user(con, "lan", PASSWORD, "can_bo", "Lan")  # set by an administrator, not by a file


@pytest.fixture(scope="module")
def hostile_template(sample_db_template, tmp_path_factory):
    """Built once per module (a load and the updates take seconds); each test gets a copy."""
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.duckdb"
    shutil.copy(sample_db_template, path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CCHC_ARCHIVE", str(folder / "archive"))  # never the real data/archive
        hostile_warehouse(path)
    return path


@pytest.fixture
def hostile_db(hostile_template, tmp_path, monkeypatch):
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(hostile_template, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def render(page: str) -> AppTest:
    """Open the app; once an account exists its gate asks for a login (wt11): log in as lan; open the page."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    try:
        at.text_input(key="login_username")
        gated = True
    except KeyError:
        gated = False
    if gated:
        at.text_input(key="login_username").input("lan")
        at.text_input(key="login_password").input(PASSWORD)
        at.button(key="FormSubmitter:dang_nhap-Đăng nhập").click().run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_navigation_is_read_from_app_py():
    pages = navigation_pages()
    assert len(pages) >= 8 and "pages/nhap_du_lieu.py" in pages and "pages/xep_hang.py" in pages


@pytest.mark.parametrize("page", navigation_pages())
def test_no_page_renders_markup_from_a_file(hostile_db, page):
    at = render(page)
    shown = [s for root in (at.main, at.sidebar) for s in _strings(root)]
    assert shown, "the page showed nothing"
    bad = {s: _live_markup(s) for s in shown if _live_markup(s)}
    assert not bad, bad
    html = [e.proto.body for e in at.get("html")]
    assert not any(re.search(r"<[^>]*evil\.example", h) for h in html)  # as text, never inside a tag


def test_the_public_source_line_shows_the_file_name_as_text(hostile_db):
    """Not vacuous: the hostile names are on the pages, as literal text."""
    at = render("pages/xep_hang.py")
    captions = [c.value for c in at.caption]
    source = next(c for c in captions if c.startswith("Nguồn:"))
    assert "evil.example" in source and not _live_markup(source)


@pytest.mark.parametrize("guarded", [True, False], ids=["guard", "parser-crash"])
def test_a_far_cell_upload_is_refused_and_the_app_still_answers(sample_db, archive, monkeypatch, guarded):
    """The 6 KB file that killed the server: refused with the reason, then every click still works.
    Without the guard's bound (as if it missed something) the parser aborts in its child process:
    the page says the file cannot be read, and this process — the server — goes on."""
    if not guarded:
        monkeypatch.setattr(guard, "_check_extent", lambda name, sheets: None)
    with db.connect(sample_db) as con:
        auth.add_user(con, "lan", PASSWORD, "can_bo", "Lan")
    at = render("pages/nhap_du_lieu.py")
    at.get("file_uploader")[0].set_value(("xa.xlsx", workbook(tthc(["Sở Y tế"]), far={"XFD1048576": 1}), XLSX))
    at.run()
    next(b for b in at.button if b.label.startswith("Kiểm tra tệp")).click().run()
    assert not at.exception, at.exception
    report = at.dataframe[0].value
    expected = "ô dữ liệu ở XFD1048576" if guarded else "Tệp 'xa.xlsx' không đọc được"
    assert any(expected in m for m in report["Vấn đề"]), report
    at.get("file_uploader")[0].set_value(("tot.xlsx", workbook(tthc(["Sở Y tế"])), XLSX))
    at.run()
    next(b for b in at.button if b.label.startswith("Kiểm tra tệp")).click().run()
    assert any("tot.xlsx" in s.value and "dòng hợp lệ" in s.value for s in at.success), [s.value for s in at.success]
    at.switch_page("pages/xep_hang.py").run()
    assert not at.exception and at.title


def test_the_unit_page_shows_a_hostile_unit_name_as_text(hostile_db):
    at = render("pages/don_vi.py")
    shown = [s for root in (at.main, at.sidebar) for s in _strings(root) if "evil.example" in s]
    assert shown and not any(_live_markup(s) for s in shown)


def test_checking_a_hostile_upload_renders_no_markup(sample_db, archive):
    """The import page after a check: file, sheet and unknown unit names in messages, warnings and labels."""
    with db.connect(sample_db) as con:
        auth.add_user(con, "lan", PASSWORD, "can_bo", "Lan")
    at = render("pages/nhap_du_lieu.py")
    rows = tthc(["Sở Y tế", f"Đơn vị {PAYLOAD}"])
    data = workbook(rows, sheet=PAYLOAD)  # a sheet name no Excel would allow, but a file can carry
    at.get("file_uploader")[0].set_value((f"{PAYLOAD}.xlsx", data, XLSX))
    at.run()
    next(b for b in at.button if b.label.startswith("Kiểm tra tệp")).click().run()
    assert not at.exception, at.exception
    shown = [s for root in (at.main, at.sidebar) for s in _strings(root)]
    assert any("evil.example" in s for s in shown)  # the names are there, as text
    bad = {s: _live_markup(s) for s in shown if _live_markup(s)}
    assert not bad, bad
