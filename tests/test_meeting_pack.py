"""The meeting pack: its view model against the metrics, and every export generated from the
sample warehouse and opened again (python-pptx, python-docx, pypdf, openpyxl, Pillow) to read
what a recipient would read. Expected numbers come from the metrics functions, never copied."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from core import settings
from core.format import fmt_compact, fmt_num
from core.formula import INDEX, formula_for
from metrics import measures, ranking, targets
from tests.conftest import ROOT
from views import meeting
from views.store import clear_all

PDFTOPPM = shutil.which("pdftoppm")


@pytest.fixture(scope="module")
def warehouse(sample_db_template, tmp_path_factory):
    """A private copy of the sample warehouse as CCHC_DB for the whole module."""
    path = tmp_path_factory.mktemp("meeting") / "warehouse.duckdb"
    shutil.copy(sample_db_template, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_DB", str(path))
        yield path


@pytest.fixture(scope="module")
def pack(warehouse):
    return meeting.meeting_pack(meeting.resolve_period(None))


def score_target(period, kind: str) -> float:
    """The score target the plan sets for a kind of unit, read from the targets data."""
    status = targets.target_status(period)
    codes = measures.criteria_measured_by(INDEX)
    found = status[status["criterion_code"].isin(codes) & status["kind"].eq(kind)]["target"].dropna().unique()
    assert len(found) == 1, found
    return float(found[0])


# --- the view model ------------------------------------------------------------------------------


def test_view_model_matches_the_metrics(pack):
    provinces = ranking.league_ranking(pack.period, "provinces")
    home = provinces.set_index("unit_id").loc[settings.home_unit()]
    assert pack.total == pytest.approx(float(home["total"]))
    assert pack.rank == int(home["rank_official"]) and pack.rank_of == len(provinces)
    assert pack.national_average == pytest.approx(provinces["total"].mean())
    assert pack.band == formula_for(pack.period.end).band_of(pack.total)
    assert sum(g.points for g in pack.groups) == pytest.approx(pack.total, abs=0.05)
    assert pack.points_lost == pytest.approx(100 - pack.total, abs=0.05)
    assert pack.rank_label == home["rank_label"] == f"{pack.period.end:%d/%m/%Y}" and pack.data_date == pack.period.end
    assert pack.period_label in dict(pack.filters).values()


def test_leagues_and_thresholds_come_from_the_data(pack):
    for key, kind in (("departments", "department"), ("communes", "commune")):
        league = pack.league(key)
        table = ranking.league_ranking(pack.period, key)
        target = score_target(pack.period, kind)
        assert league.n_units == table["total"].notna().sum()
        assert league.target == target
        assert {u.unit_id for u in league.below_target} == set(table.loc[table["total"] < target, "unit_id"])
        assert [u.total for u in league.lowest] == sorted(table["total"].dropna())[: len(league.lowest)]
        assert {u.unit_id for u in league.below_average} == set(table.loc[table["below_average"] == True, "unit_id"])  # noqa: E712
        assert sum(count for _, count in league.bands) == league.n_units


def test_targets_at_risk_and_overdue_tasks(pack):
    status = targets.target_status(pack.period, unit_id=settings.home_unit())
    at_risk = status[status["status"].isin(meeting.AT_RISK)]
    assert {t.criterion_code for t in pack.targets_at_risk} == set(at_risk["criterion_code"])
    assert [t.gap for t in pack.targets_at_risk] == sorted(t.gap for t in pack.targets_at_risk)
    assert pack.tasks_overdue == len(pack.overdue_tasks) > 0


def test_no_pack_without_a_province_score(empty_db):
    clear_all()
    with pytest.raises(meeting.UnknownPeriod):
        meeting.resolve_period(None)


# --- the deck ------------------------------------------------------------------------------------


def all_text(shapes) -> str:
    out = []
    for shape in shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            out.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(out)


@pytest.fixture(scope="module")
def deck(pack):
    from pptx import Presentation

    from reports import deck as renderer

    return Presentation(io.BytesIO(renderer.deck_bytes(pack)))


def test_deck_slides_titles_and_size(deck, pack):
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9, 13,333 × 7,5 in
    assert len(deck.slides) == len(meeting.SLIDES)
    for slide, (_, title) in zip(list(deck.slides)[1:], meeting.SLIDES[1:]):
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert texts[0] == title
    first = all_text(deck.slides[0].shapes)
    assert pack.period_label in first and pack.source in first and f"{pack.data_date:%d/%m/%Y}" in first


def test_every_slide_states_period_source_and_filters(deck, pack):
    for slide in deck.slides:
        text = all_text(slide.shapes)
        assert pack.period_label in text and f"Nguồn: {pack.source}" in text and "Lọc:" in text
        assert fmt_num(pack.total) in slide.notes_slide.notes_text_frame.text or slide != deck.slides[1]


def test_deck_has_the_province_result_native_tables_and_charts(deck, pack):
    province = all_text(deck.slides[1].shapes)
    assert fmt_num(pack.total) in province and f"{pack.rank}/{pack.rank_of}" in province
    notes = deck.slides[1].notes_slide.notes_text_frame.text
    assert f"điểm {fmt_compact(pack.total, 6)};" in notes and f"hạng {pack.rank}/{pack.rank_of}" in notes
    assert fmt_compact(pack.national_average, 6) in notes and "." not in fmt_compact(pack.national_average, 6)
    charts = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]
    tables = [s.table for slide in deck.slides for s in slide.shapes if s.has_table]
    assert len(charts) >= 4 and len(tables) >= 6
    groups = charts[0]
    assert list(groups.plots[0].categories) == [g.name for g in pack.groups]
    assert list(groups.series[0].values) == pytest.approx([g.points for g in pack.groups])
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert not pictures  # charts are native, not screenshots
    lowest = pack.league("communes").lowest[0]
    assert lowest.name in all_text(deck.slides[5].shapes)


# --- the notice ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def notice(pack):
    from docx import Document

    from reports import notice as renderer

    return Document(io.BytesIO(renderer.notice_bytes(pack)))


def doc_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_notice_heading_result_and_sections(notice, pack):
    text = doc_text(notice)
    assert "THÔNG BÁO" in text and f"tháng {pack.data_date:%m/%Y}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "TỈNH ĐẮK LẮK" in text
    assert f"{fmt_num(pack.total)}/100 điểm" in text and f"hạng {pack.rank}/{pack.rank_of}" in text
    assert "chưa có kỳ trước cùng loại để so sánh" in text  # the sample has one period
    for group in pack.groups:
        assert group.name in text
    for indicator in pack.lost_indicators:
        assert indicator.name in text
    headings = [p.text for p in notice.paragraphs if p.text.split(".")[0] in ("I", "II", "III", "IV", "V", "VI")]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V", "VI"]
    assert headings[-1].startswith("VI. KẾT LUẬN")
    after = [p.text for p in notice.paragraphs][[p.text for p in notice.paragraphs].index(headings[-1]) + 1 :]
    assert after[0].startswith("(Phần dành cho lãnh đạo") and all(not t for t in after[1:5])  # left to write
    assert not notice.inline_shapes  # editable text and tables, no picture


def test_notice_lists_units_below_the_plans_thresholds(notice, pack):
    text = doc_text(notice)
    for key, kind in (("departments", "department"), ("communes", "commune")):
        league = pack.league(key)
        target = score_target(pack.period, kind)
        assert f"dưới {fmt_compact(target)} điểm" in text
        rows = [
            t
            for t in notice.tables
            if t.rows[0].cells[1].text == "Đơn vị" and league.below_target[0].name in {r.cells[1].text for r in t.rows}
        ]
        assert len(rows[0].rows) - 1 == len(league.below_target)


def test_notice_thresholds_follow_the_targets_data(warehouse):
    """Change the plan's department target: the notice lists exactly the units below the new one."""
    from docx import Document

    from reports import notice as renderer

    copy = warehouse.with_name("changed.duckdb")
    shutil.copy(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("UPDATE targets SET value = 60 WHERE criterion_code = 'SVC766.SCORE.SO'")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_DB", str(copy))
        pack = meeting.meeting_pack(meeting.resolve_period(None))
        expected = ranking.league_ranking(pack.period, "departments")
    expected = set(expected.loc[expected["total"] < 60, "name"])
    assert pack.league("departments").target == 60
    assert {u.name for u in pack.league("departments").below_target} == expected
    text = doc_text(Document(io.BytesIO(renderer.notice_bytes(pack))))
    assert f"{len(expected)}/{pack.league('departments').n_units} sở, ban, ngành dưới 60 điểm" in text


def test_notice_footer_states_period_source_and_filters(notice, pack):
    footer = notice.sections[0].footer.paragraphs[0].text
    assert pack.period_label in footer and pack.source in footer and "Lọc:" in footer


# --- the one-page PDF ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_bytes(pack):
    from reports import onepager

    return onepager.onepager_bytes(pack)


def test_onepager_is_one_a4_page_with_the_figures(pdf_bytes, pack):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = reader.pages[0].extract_text()
    for expected in (
        pack.period_label,
        fmt_num(pack.total),
        f"{pack.rank}/{pack.rank_of}",
        pack.province_name,
        pack.source,
        "Lọc:",
        pack.league("departments").lowest[0].name,
        pack.targets_at_risk[0].name,
    ):
        assert expected in text, expected
    fonts = [f for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts and all("DejaVu" in str(f.get_object()["/BaseFont"]) for f in fonts)
    assert all(
        "/FontFile2" in f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        for f in fonts
    )  # the font is embedded: diacritics render anywhere


def test_onepager_renders_to_a_page_that_is_not_blank(pdf_bytes, tmp_path):
    if PDFTOPPM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must render the PDF, but pdftoppm is missing (apt-get install poppler-utils)")
        pytest.skip("pdftoppm is missing: apt-get install poppler-utils")
    from PIL import Image

    (tmp_path / "page.pdf").write_bytes(pdf_bytes)
    subprocess.run([PDFTOPPM, "-r", "50", "-png", str(tmp_path / "page.pdf"), str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(1 for v in image.getdata() if v < 200)
    assert image.size[1] > image.size[0]  # portrait
    assert dark / (image.size[0] * image.size[1]) > 0.03


# --- the workbook --------------------------------------------------------------------------------


def test_workbook_sheets_headers_filters_and_colours(pack):
    import openpyxl

    from reports import workbook

    book = openpyxl.load_workbook(io.BytesIO(workbook.workbook_bytes(pack)))
    groups = [f"Nhóm {g.code}" for g in pack.groups]
    assert {"Thông tin", "Sở, ban, ngành", "Xã, phường", *groups} <= set(book.sheetnames)
    info = {row[0]: row[1] for row in book["Thông tin"].iter_rows(values_only=True) if row[0]}
    assert info["Nguồn"] == pack.source and pack.period_label in info["Kỳ"]
    assert any(str(k).startswith("Lọc") for k in info)
    for sheet in book.worksheets[1:]:
        assert pack.period_label in sheet["A1"].value and pack.source in sheet["A2"].value
        assert sheet["A3"].value.startswith("Lọc:")
        assert sheet.freeze_panes == "A6" and sheet.auto_filter.ref.startswith("A5:")
    departments = book["Sở, ban, ngành"]
    header = [c.value for c in departments[5]]
    rows = list(departments.iter_rows(min_row=6, values_only=True))
    assert len(rows) == pack.league("departments").n_units
    band_col = header.index("Xếp loại") + 1
    for row in range(6, 6 + len(rows)):
        cell = departments.cell(row=row, column=band_col)
        assert cell.fill.fgColor.rgb.endswith(workbook.T.BAND_COLORS[cell.value])


def test_workbook_keeps_missing_apart_from_zero_and_never_writes_a_formula(warehouse):
    import openpyxl

    from reports import workbook

    copy = warehouse.with_name("hostile.duckdb")
    shutil.copy(warehouse, copy)
    hostile = '=HYPERLINK("http://example.invalid","Sở X")'
    group = formula_for(meeting.resolve_period(None).end).groups[0]
    with duckdb.connect(str(copy)) as con:
        con.execute("UPDATE units SET name = ?, short_name = ? WHERE unit_id = 'H15.39'", [hostile, hostile])
        con.execute(
            "UPDATE observations SET points = NULL, value = NULL WHERE unit_id = 'H15.39' AND criterion_code = ?",
            [group.criterion_code],
        )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_DB", str(copy))
        pack = meeting.meeting_pack(meeting.resolve_period(None))
    data = workbook.workbook_bytes(pack)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Sở, ban, ngành"]
    header = [c.value for c in sheet[5]]
    row = next(r for r in sheet.iter_rows(min_row=6) if r[header.index("Mã đơn vị")].value == "H15.39")
    name = row[header.index("Đơn vị")]
    assert name.value == hostile and name.data_type == "s"
    points = row[header.index(f"{group.name} ({fmt_compact(group.max_points)})")]
    assert points.value is None  # missing: an empty cell, not 0
    others = [
        r[header.index(f"{group.name} ({fmt_compact(group.max_points)})")].value
        for r in sheet.iter_rows(min_row=6)
        if r[header.index("Mã đơn vị")].value != "H15.39"
    ]
    assert all(isinstance(v, (int, float)) for v in others)
    for cells in book.worksheets:
        assert all(c.data_type != "f" for r in cells.iter_rows() for c in r)


# --- chart images --------------------------------------------------------------------------------


def test_chart_images_are_presentation_size(pack):
    from PIL import Image

    from reports import charts

    images = charts.charts(pack)
    assert len(images) == 4
    for name, data in images.items():
        image = Image.open(io.BytesIO(data))
        assert image.size == (1920, 1080), name
        grey = image.convert("L")
        assert sum(1 for v in grey.getdata() if v < 200) > 20_000, name  # bars and text drawn


# --- the slides' HTML (the presentation page) ----------------------------------------------------


def test_slides_html_escape_data_and_state_the_period(pack):
    import dataclasses

    from ui import slides

    league = pack.league("departments")
    evil = dataclasses.replace(league.lowest[0], name="<img src=x onerror=alert(1)>")
    hostile = dataclasses.replace(
        pack, leagues=(dataclasses.replace(league, lowest=(evil, *league.lowest[1:])), *pack.leagues[1:])
    )
    for number in range(1, len(meeting.SLIDES) + 1):
        html = slides.slide_html(hostile, number)
        assert f'data-slide="{number}"' in html and pack.period_label in html
        assert "<img" not in html
    assert "&lt;img src=x" in slides.slide_html(hostile, [k for k, _ in meeting.SLIDES].index("departments") + 1)


# --- the command line ----------------------------------------------------------------------------


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reports", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "CCHC_DB": str(db)},
        timeout=120,
    )


@pytest.mark.slow
def test_cli_writes_each_file(warehouse, tmp_path, pack):
    from pptx import Presentation

    for kind, ext in (("deck", "pptx"), ("notice", "docx"), ("onepager", "pdf"), ("workbook", "xlsx")):
        out = tmp_path / f"out.{ext}"
        done = run_cli(kind, "--period", pack.period.end.strftime("%d/%m/%Y"), "--out", str(out), db=warehouse)
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 10_000 and pack.period_label in done.stdout
    assert len(Presentation(str(tmp_path / "out.pptx")).slides) == len(meeting.SLIDES)


def test_cli_unknown_period_exits_2_in_vietnamese(warehouse, tmp_path):
    done = run_cli("deck", "--period", "Tháng 1/2001", "--out", str(tmp_path / "x.pptx"), db=warehouse)
    assert done.returncode == 2 and "Không có dữ liệu kỳ Tháng 1/2001" in done.stderr
    assert not (tmp_path / "x.pptx").exists()
    done = run_cli("notice", "--period", "không phải kỳ", db=warehouse)
    assert done.returncode == 2 and "Không hiểu kỳ" in done.stderr


def test_cli_imports_renderers_lazily():
    code = (
        "import sys, reports.cli; heavy = {'pptx', 'docx', 'fpdf', 'matplotlib', 'openpyxl', 'streamlit'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_the_change_since_the_previous_period(warehouse):
    """With an earlier snapshot where Đắk Lắk had the leader's total, every file says what moved."""
    from docx import Document
    from pptx import Presentation

    from reports import deck, notice
    from tests.support.pages import add_earlier_snapshot

    copy = warehouse.with_name("two-periods.duckdb")
    shutil.copy(warehouse, copy)
    home = settings.home_unit()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_DB", str(copy))
        now = meeting.resolve_period(None)
        leader = ranking.league_ranking(now, "provinces").iloc[0]
        add_earlier_snapshot(copy, "2026-10-03", (home, leader["unit_id"]))
        pack = meeting.meeting_pack(meeting.resolve_period(None))
        board = ranking.league_ranking(pack.period, "provinces").set_index("unit_id")
    assert pack.period == now and pack.previous is not None and pack.previous.key == "2026-10-03"
    assert pack.previous_total == pytest.approx(float(leader["total"]))
    assert pack.previous_rank == 1 and pack.previous_rank_of == pack.rank_of
    assert pack.movement == int(board.loc[home, "movement"]) == 1 - pack.rank
    assert pack.change == pytest.approx(pack.total - float(leader["total"]), abs=0.005)
    sentence = f"giảm {fmt_num(abs(pack.change))} điểm, giảm {abs(pack.movement)} bậc so với ngày 03/10/2026"
    assert sentence in doc_text(Document(io.BytesIO(notice.notice_bytes(pack))))
    slides = Presentation(io.BytesIO(deck.deck_bytes(pack))).slides
    assert f"▼ {abs(pack.movement)}" in all_text(slides[1].shapes) and sentence in all_text(slides[1].shapes)
