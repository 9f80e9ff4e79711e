"""The app shell: every page on the sample and on an empty warehouse, the sidebar and the URL,
provisional periods, fresh loads without a restart, and failures shown in Vietnamese."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from datetime import date

import pytest

from tests.support.app_pages import registered_pages, viewing_pages
from tests.support.pages import add_earlier_snapshot, metrics, provinces, run_page, texts, vn
from ui.layout import BUSY_MESSAGE, ERROR_MESSAGE

PAGES = viewing_pages()


def test_the_page_list_comes_from_app_py():
    assert "tong_quan" in PAGES and "xep_hang" in PAGES and "nhap_du_lieu" not in PAGES
    assert len(registered_pages()) >= 8


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_sample(sample_db, page):
    at = run_page(page)
    assert at.title and not at.error
    assert "Chưa có dữ liệu kỳ này" not in texts(at)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_an_empty_warehouse(empty_db, page):
    at = run_page(page)
    assert at.title and not at.error
    assert "0,00" not in " ".join(m.value for m in at.metric)  # missing is never shown as zero


def test_sidebar_follows_the_url_and_writes_it_back(sample_db):
    at = run_page("xep_hang", loai="commune", ky="day:1999-01-01", chi_so="PAR")
    assert at.query_params["loai"] in ("commune", ["commune"])
    assert at.query_params["ky"] in ("day:2026-10-10", ["day:2026-10-10"])  # unknown period: the latest
    assert at.query_params["chi_so"] in ("SVC766", ["SVC766"])  # a 766 page keeps the 766 index
    assert [t.label for t in at.tabs] == ["UBND xã, phường"]


def test_an_open_period_is_marked_provisional(sample_db):
    today = date.today().isoformat()
    add_earlier_snapshot(sample_db, today, ("H15.15", "H15.16"))  # "earlier" only by name: it is today
    at = run_page()
    assert any("Kỳ chưa kết thúc: số liệu tạm tính" in c.value for c in at.caption)
    assert at.sidebar.selectbox(key="sb_period_SVC766").options[0].endswith("(tạm tính)")


def test_a_load_from_the_command_line_shows_on_the_next_rerun(sample_db):
    at = run_page()
    assert len(at.sidebar.selectbox(key="sb_period_SVC766").options) == 1
    add_earlier_snapshot(sample_db, "2026-10-03", ("H15.15", "H15.16"))
    at.run()
    assert len(at.sidebar.selectbox(key="sb_period_SVC766").options) == 2
    assert metrics(at)["Điểm của tỉnh"] == vn(provinces()["dakLak"]["totalScore"])


def test_a_busy_warehouse_says_so_in_vietnamese(sample_db, monkeypatch):
    monkeypatch.setenv("CCHC_LOCK_WAIT", "0.3")  # how long the app waits for the lock (10 s in production)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(sample_db)!r})
        print("locked", flush=True)
        time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        at = run_page()
        assert [w.value for w in at.warning] == [BUSY_MESSAGE]
        assert not at.error
    finally:
        holder.kill()
        holder.wait()


def test_a_missing_warehouse_is_an_empty_state(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "absent.duckdb"))
    at = run_page()
    assert "Chưa có" in texts(at) and not at.error


def test_a_broken_warehouse_shows_a_message_and_logs_the_error(tmp_path, monkeypatch, caplog):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"not a database" * 100)
    monkeypatch.setenv("CCHC_DB", str(broken))
    with caplog.at_level(logging.ERROR, logger="cchc.pages"):
        at = run_page()
    assert [e.value for e in at.error] == [ERROR_MESSAGE]
    assert any(r.name == "cchc.pages" and r.exc_info for r in caplog.records)
