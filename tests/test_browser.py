"""The real app in a real browser: `streamlit run` on 127.0.0.1 with a copy of the sample
warehouse, driven by Debian's Chromium through Playwright. Screenshots of every page go
to test-output/screenshots/. Without /usr/bin/chromium the tests skip, except in CI."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from tests.conftest import ROOT
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, TIMEOUT_MS, served_app
from tests.support.pages import DAY, indicators, league, provinces, vn

pytestmark = pytest.mark.browser

READY = "[data-testid='stApp'][data-test-script-state='notRunning']"


@pytest.fixture(scope="module")
def server(sample_db_template, tmp_path_factory):
    with served_app(sample_db_template, tmp_path_factory.mktemp("browser")) as found:
        yield found


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def settle(page) -> None:
    """Wait until the script has run and nothing is still loading."""
    page.wait_for_selector(READY)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(READY)


def visit(page, url: str, expect_text: str) -> None:
    page.goto(url)
    page.get_by_text(expect_text, exact=False).first.wait_for(state="visible")
    settle(page)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.locator("[data-testid='stMain']").screenshot(path=str(path))
    assert path.stat().st_size > 10_000  # an image with content, not a blank page
    return path


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def latest_rank(index_code: str) -> str:
    """The newest national rank the seeds state for an index, as "rank/of"."""
    facts = pd.read_csv(ROOT / "data" / "reference" / "facts.csv", dtype=str, keep_default_na=False)
    ranks = facts[(facts.criteria_code == index_code) & (facts.unit == "rank")].sort_values("period")
    return f"{ranks['value'].iloc[-1]}/{ranks['denominator'].iloc[-1]}"


def count_rows(warehouse, table: str) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (fixed names)


def test_every_page_shows_its_key_value(server, page):
    base, warehouse = server
    home = provinces()["dakLak"]
    departments = league("department")
    expected = {  # path → texts; the overview is the default page, served at "/"
        "": [vn(home["totalScore"]), f"{home['rank']}/{provinces()['totalCount']}"],
        "xep_hang": [
            f"Bình quân khối: {vn(departments['total_score'].mean())}",
            f"{len(departments)}/{len(departments)} đơn vị",
        ],
        "chi_tieu": ["Tổng điểm Bộ chỉ số 766", vn(home["totalScore"])],
        "chi_so_nam": ["Xếp hạng qua các năm", latest_rank("PAR")],
        "nhiem_vu": ["Số nhiệm vụ", str(count_rows(warehouse, "tasks"))],
        "chat_luong": [f"Đang dùng: {count_rows(warehouse, 'batches')}", "Đối chiếu điểm trên Cổng"],
        "don_vi": [home["departmentName"], vn(home["totalScore"])],  # no unit asked: the province
    }
    for path, texts in expected.items():
        visit(page, f"{base}/{path}", texts[0])
        shown = main_text(page)
        for text in texts:
            assert text in shown, (path, text)
        assert "Traceback" not in shown and "Không hiển thị được trang" not in shown
        screenshot(page, path or "tong_quan")


def test_overview_fits_one_screen_at_1366x768(server, page):
    base, _ = server
    visit(page, f"{base}/", "Điểm của tỉnh")
    page.wait_for_timeout(500)  # let the charts take their final height
    overflow = page.evaluate(
        "() => { const m = document.querySelector(\"[data-testid='stMain']\");"
        " return m.scrollHeight - m.clientHeight; }"
    )
    assert overflow <= 8, f"Tổng quan needs {overflow}px more than one 1366×768 screen"


def test_deep_link_opens_the_same_unit_view(server, page):
    base, _ = server
    commune = league("commune").sort_values("rank_in_group").iloc[-1]
    name = commune["department_name"].replace("UBND ", "").replace("xã", "Xã", 1)
    visit(page, f"{base}/don_vi?don_vi={commune['department_code']}&ky=day:{DAY}", vn(commune["total_score"]))
    shown = main_text(page)
    assert name in shown
    assert f"{commune['rank_in_group']}/{len(league('commune'))}" in shown
    screenshot(page, "don_vi_deep_link")


def test_leader_reaches_the_costliest_indicator_of_the_worst_commune_in_three_clicks(server, page):
    base, _ = server
    worst = league("commune").sort_values("rank_in_group").iloc[-1]
    details = indicators()
    costly = details[details.scope_code == worst["department_code"]].copy()
    costly["lost"] = costly["max_score"] - costly["score"]
    most = costly["lost"].max()
    name = worst["department_name"].replace("UBND xã ", "Xã ")

    visit(page, f"{base}/", "Điểm của tỉnh")
    page.get_by_role("link", name=f"{name}: {vn(worst['total_score'])}").click()  # click 1
    page.get_by_text("Hạng trong khối").first.wait_for(state="visible")
    settle(page)
    shown = main_text(page)
    assert name in shown and vn(worst["total_score"]) in shown
    assert "don_vi=" + worst["department_code"] in page.url

    link = page.get_by_role("link", name=f": mất {vn(most)} điểm").first  # the top of the points lost
    indicator_name = link.inner_text().split(": mất")[0].splitlines()[-1].strip()  # after the icon
    link.click()  # click 2
    page.get_by_text("Chỉ tiêu trên toàn tỉnh").first.wait_for(state="visible")
    settle(page)
    shown = main_text(page)
    code = page.url.split("chi_tieu=SVC766.")[1].split("&")[0]
    row = costly.set_index("metric_code").loc[code]
    assert row["lost"] == most  # it is one of the indicators costing the commune the most
    assert indicator_name in shown
    assert f"tử số {vn(row['numerator'], 0)}, mẫu số {vn(row['denominator'], 0)}" in shown
    assert f"mất {vn(most)} điểm" in shown
    screenshot(page, "journey_indicator")


def test_ranking_downloads_as_excel(server, page, tmp_path):
    base, _ = server
    visit(page, f"{base}/xep_hang", "Tải về Excel")
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải về Excel").click()
    assert download.value.suggested_filename == f"xep-hang-766-{DAY}.xlsx"
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Sở, ban, ngành", "UBND xã, phường"]
    communes = list(book["UBND xã, phường"].iter_rows(values_only=True))
    assert communes[0][0] == "Xếp hạng Bộ chỉ số 766" and "Dữ liệu mẫu" in communes[1][0]
    start = next(i for i, row in enumerate(communes) if "Đơn vị" in row)
    header, rows = communes[start], communes[start + 1 :]
    assert "Tổng điểm" in header
    assert len(rows) == len(league("commune"))
    best = league("commune").sort_values("rank_in_group").iloc[0]
    assert rows[0][header.index("Tổng điểm")] == best["total_score"]
