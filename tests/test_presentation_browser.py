"""Trình chiếu in a real browser: Debian's Chromium at 1280×720 and 1920×1080, every slide reached
with the keyboard, none scrolls, nothing of the app's chrome shows, the URL follows; the optional
automatic advance. Screenshots go to test-output/screenshots/. Skips without Chromium, except in CI."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, TIMEOUT_MS, served_app
from views.meeting import SLIDES

pytestmark = pytest.mark.browser
PORTS = range(8650, 8660)  # this feature's range on shared machines; any free port otherwise

FIT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const root = document.documentElement;
  const slide = document.querySelector('.cchc-slide');
  const body = slide.querySelector('.cchc-body');
  const foot = slide.querySelector('.cchc-foot').getBoundingClientRect();
  const controls = document.querySelector('.st-key-slide_controls').getBoundingClientRect();
  const shown = sel => Array.from(document.querySelectorAll(sel)).some(e => e.offsetParent !== null);
  return {
    pageScrolls: root.scrollHeight > innerHeight || root.scrollWidth > innerWidth,
    mainScrolls: main.scrollHeight > main.clientHeight || main.scrollWidth > main.clientWidth,
    bodyClipped: body.scrollHeight > body.clientHeight + 1 || body.scrollWidth > body.clientWidth + 1,
    footInView: foot.bottom <= innerHeight && foot.bottom <= controls.top + 1,
    controlsInView: controls.bottom <= innerHeight,
    chrome: shown('[data-testid="stSidebar"]') || shown('[data-testid="stHeader"]') ||
            shown('[data-testid="stToolbar"]'),
    titlePx: parseFloat(getComputedStyle(slide.querySelector('h1')).fontSize),
  };
}"""


@pytest.fixture(scope="module")
def server(sample_db_template, tmp_path_factory):
    with served_app(sample_db_template, tmp_path_factory.mktemp("presentation"), PORTS) as (base, _warehouse):
        yield base


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def wait_slide(page, number: int) -> None:
    page.wait_for_selector(f'.cchc-slide[data-slide="{number}"]')
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.wait_for_function(f"() => location.search.includes('slide={number}')")


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_every_slide_fits_and_is_reached_by_the_keyboard(server, browser, width, height):
    context, page = open_page(browser, width, height)
    try:
        page.goto(f"{server}/trinh_chieu?slide=1")
        wait_slide(page, 1)
        titles = []
        for number in range(1, len(SLIDES) + 1):
            fit = page.evaluate(FIT)
            assert fit == {
                **fit,
                "pageScrolls": False,
                "mainScrolls": False,
                "bodyClipped": False,
                "footInView": True,
                "controlsInView": True,
                "chrome": False,
            }, (number, fit)
            assert fit["titlePx"] >= height / 720 * 30  # large type, scaled to the screen
            titles.append(page.locator(".cchc-slide h1").inner_text())
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"trinh_chieu-{width}x{height}-{number}.png"))
            if number < len(SLIDES):
                page.keyboard.press("ArrowRight")
                wait_slide(page, number + 1)
        assert [t.split(" · ")[0] for t in titles] == [title for _, title in SLIDES]
        page.keyboard.press("ArrowRight")  # past the last slide: stays
        page.wait_for_timeout(500)
        assert page.locator(".cchc-slide").get_attribute("data-slide") == str(len(SLIDES))
        page.keyboard.press("ArrowLeft")
        wait_slide(page, len(SLIDES) - 1)
        page.keyboard.press("Home")
        wait_slide(page, 1)
        page.keyboard.press("PageDown")  # a presenter's remote
        wait_slide(page, 2)
    finally:
        context.close()


def test_a_pasted_link_opens_the_slide_and_advances_by_itself(server, browser):
    context, page = open_page(browser, 1280, 720)
    try:
        page.goto(f"{server}/trinh_chieu?ky=day:2026-10-10&slide=3&tu_dong=5")
        wait_slide(page, 3)
        assert "Ngày 10/10/2026" in page.locator(".cchc-slide").inner_text()
        started = time.monotonic()
        wait_slide(page, 4)
        assert time.monotonic() - started >= 3  # not before its time
    finally:
        context.close()


def test_the_overview_downloads_the_deck_and_the_notice(server, browser, tmp_path):
    """A presenter's path: Tổng quan → "Tài liệu họp" → the files, opened again."""
    from docx import Document
    from pptx import Presentation

    context, page = open_page(browser, 1366, 768)
    try:
        page.goto(f"{server}/")
        page.get_by_role("button", name="Tài liệu họp").click()
        files = {}
        for label in ("Bài trình chiếu (.pptx)", "Thông báo tháng (.docx)"):
            with page.expect_download() as download:
                page.get_by_role("button", name=label).click()
            path = tmp_path / download.value.suggested_filename
            download.value.save_as(path)
            files[label] = path
        deck = Presentation(str(files["Bài trình chiếu (.pptx)"]))
        assert files["Bài trình chiếu (.pptx)"].name == "trinh-chieu-766-2026-10-10.pptx"
        assert len(deck.slides) == len(SLIDES)
        notice = Document(str(files["Thông báo tháng (.docx)"]))
        assert any(p.text == "THÔNG BÁO" for p in notice.paragraphs)
        assert "Ngày 10/10/2026" in notice.sections[0].footer.paragraphs[0].text
        page.get_by_role("link", name="Trình chiếu toàn màn hình").click()
        wait_slide(page, 1)
    finally:
        context.close()
