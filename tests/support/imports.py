"""Helpers for the import tests (no tests here): real workbooks written with openpyxl,
warehouse snapshots, the CLI run in-process, the official sample read from its files."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import Workbook

from etl import cli
from tests.conftest import ROOT

SAMPLES = ROOT / "data" / "samples" / "portal766"
TABLES = [
    "units",
    "unit_aliases",
    "indices",
    "criteria",
    "batches",
    "observations",
    "targets",
    "tasks",
    "task_reports",
    "users",
]


@pytest.fixture
def archive(tmp_path, monkeypatch) -> Path:
    """Uploads are archived in a private folder, never in data/archive."""
    folder = tmp_path / "archive"
    monkeypatch.setenv("CCHC_ARCHIVE", str(folder))
    return folder


def snapshot(path: Path) -> dict:
    """Every table's content (sorted) and the file's own digest."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = {t: con.execute(f"SELECT * FROM {t}").df() for t in TABLES}  # noqa: S608 (fixed names)
    tables["users"] = tables["users"].map(lambda v: bytes(v) if isinstance(v, (bytearray, memoryview)) else v)
    out = {t: f.sort_values(list(f.columns)).reset_index(drop=True) if len(f) else f for t, f in tables.items()}
    out["_sha256"] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return out


def assert_unchanged(before: dict, path: Path) -> None:
    after = snapshot(path)
    for table in TABLES:
        pd.testing.assert_frame_equal(before[table], after[table], obj=table)
    assert before["_sha256"] == after["_sha256"], "the warehouse file changed"


def current(path: Path, sql: str = "SELECT * FROM v_observations", params=None) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        frame = con.execute(sql, params).df()
    return frame.sort_values(list(frame.columns)[:6]).reset_index(drop=True)


def run_cli(capsys, db: Path, *args: str) -> tuple[int, str]:
    """`python -m etl --db DB ARGS` in-process: (exit code, stdout + stderr)."""
    code = cli.main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def workbook(
    rows: list[list],
    *,
    title: str = "Dữ liệu",
    merges=(),
    hidden_rows=(),
    more: dict | None = None,
    hidden: dict | None = None,
    percent_cells=(),
) -> bytes:
    """An .xlsx with one data sheet (plus visible `more` and hidden `hidden` sheets: name → rows)."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    for r in hidden_rows:
        ws.row_dimensions[r].hidden = True
    for ref in percent_cells:
        ws[ref].number_format = "0.0%"
    for name, sheet_rows in (more or {}).items():
        extra = wb.create_sheet(name)
        for row in sheet_rows:
            extra.append(row)
    for name, sheet_rows in (hidden or {}).items():
        extra = wb.create_sheet(name)
        extra.sheet_state = "hidden"
        for row in sheet_rows:
            extra.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def patch_sheet(data: bytes, edit, sheet: str = "xl/worksheets/sheet1.xml") -> bytes:
    """Rewrite one XML part of a workbook (cached formula values, error cells, a DTD)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info, edit(body) if info.filename == sheet else body)
    return out.getvalue()


def set_cell_xml(data: bytes, ref: str, new_cell: str) -> bytes:
    """Replace cell `ref` of the first sheet by raw XML (e.g. a formula with a cached value)."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(/>|>.*?</c>)', re.S)

    def edit(body: bytes) -> bytes:
        assert pattern.search(body), ref
        return pattern.sub(new_cell.encode(), body, count=1)

    return patch_sheet(data, edit)


# --- the official sample, read from its files (never copied into the tests) -----------------


def sample_units() -> pd.DataFrame:
    return pd.read_csv(next(SAMPLES.glob("units-*.csv")), dtype={"department_code": str})


def sample_metrics() -> pd.DataFrame:
    return pd.read_csv(next(SAMPLES.glob("metrics-*.csv")), dtype={"scope_code": str})


def sample_provinces() -> dict:
    return json.loads(next(SAMPLES.glob("provinces-*.json")).read_text("utf-8"))


GROUP_HEADERS = {  # the portal's CSV columns → headers as staff write them
    "transparency": "Công khai, minh bạch",
    "progress": "Tiến độ giải quyết",
    "online_service": "DVC trực tuyến",
    "payment": "Thanh toán trực tuyến",
    "digitized": "Số hóa hồ sơ",
    "satisfaction": "Mức độ hài lòng",
}


def scores_rows(units: pd.DataFrame, title: str = "THÁNG 9/2026") -> list[list]:
    """A unit-scores sheet as a department would lay it out: title rows, STT, a two-row
    header, a section row, the portal's unit names, a totals row."""
    head = [
        "STT",
        "Tên đơn vị",
        "Điểm theo nhóm chỉ số",
        None,
        None,
        None,
        None,
        None,
        "Tổng điểm",
        "Xếp loại",
        "Xếp hạng",
    ]
    rows = [
        ["UBND TỈNH ĐẮK LẮK"],
        [f"BẢNG TỔNG HỢP ĐIỂM BỘ CHỈ SỐ 766 {title}"],
        [],
        head,
        [None, None, *GROUP_HEADERS.values(), None, None, None],
        ["I", "Sở, ban, ngành"],
    ]
    for i, r in enumerate(units.itertuples(), start=1):
        rows.append(
            [
                i,
                r.department_name,
                *[getattr(r, k) for k in GROUP_HEADERS],
                r.total_score,
                r.classification_label,
                r.rank_in_group,
            ]
        )
    rows.append([None, "Tổng cộng", None, None, None, None, None, None, round(units.total_score.sum(), 2)])
    return rows


SCORES_MERGES = ("C4:H4", "A4:A5", "B4:B5", "I4:I5", "J4:J5", "K4:K5")
