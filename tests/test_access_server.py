"""The real server (serve.py, as `make run` starts it) on this helper's ports 8640–8649: private by default,
refusing addresses the configuration does not allow, security headers, and in a real browser a login
that survives a reload and does not follow the Streamlit session id into another browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from etl import auth, db
from tests.conftest import ROOT

PASSWORD = "mot-mat-khau-dai"  # test-only value, never a default of the code
pytestmark = pytest.mark.browser  # real servers and Chromium: `make test` and CI, not `make test-fast`

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"


def listening(port: int) -> list[str]:
    """The local addresses listening on this TCP port (from /proc/net/tcp and tcp6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                if len(address) == 8:
                    found.append(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
                else:
                    found.append("::1" if address == "0" * 24 + "01000000" else address)
    return found


def start(port: int, warehouse: Path, log: Path, **env: str) -> subprocess.Popen:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CCHC_", "HOST", "PORT"))}
    return subprocess.Popen(
        [sys.executable, "serve.py"],
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env={**clean, "CCHC_DB": str(warehouse), "PORT": str(port), **env},
    )


def wait_healthy(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("serve.py did not start:\n" + log.read_text())
        time.sleep(0.3)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def warehouse(sample_db_template, tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_db_template, path)
    return path


def test_local_mode_listens_on_loopback_only(warehouse, tmp_path):
    port = 8644
    process = start(port, warehouse, tmp_path / "serve.log")
    try:
        wait_healthy(process, port, tmp_path / "serve.log")
        assert listening(port) == ["127.0.0.1"]
    finally:
        stop(process)


def test_local_mode_refuses_a_network_address(warehouse, tmp_path):
    log = tmp_path / "serve.log"
    process = start(8645, warehouse, log, HOST="0.0.0.0")
    assert process.wait(timeout=60) == 2
    assert "chỉ được nghe trên 127.0.0.1" in log.read_text() and not listening(8645)


def test_a_user_header_without_trusted_proxies_refuses_a_network_address(warehouse, tmp_path):
    with db.connect(warehouse) as con:
        auth.add_user(con, "admin", PASSWORD, "quan_tri")
    log = tmp_path / "serve.log"
    process = start(8646, warehouse, log, HOST="0.0.0.0", CCHC_TRUSTED_USER_HEADER="X-Remote-User")
    assert process.wait(timeout=60) == 2
    assert "CCHC_TRUSTED_PROXIES" in log.read_text() and not listening(8646)


@pytest.fixture
def served(warehouse, tmp_path):
    with db.connect(warehouse) as con:
        auth.add_user(con, "lan", PASSWORD, "can_bo", "Nguyễn Thị Lan")
    port = 8647
    log = tmp_path / "serve.log"
    process = start(port, warehouse, log, CCHC_TRUSTED_USER_HEADER="X-Remote-User")
    wait_healthy(process, port, log)
    yield f"http://127.0.0.1:{port}"
    stop(process)


def test_pages_come_with_anti_framing_headers_and_an_httponly_cookie(served):
    with urllib.request.urlopen(f"{served}/don_vi?don_vi=H15.100", timeout=10) as reply:
        headers = reply.headers
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("cchc_browser=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser tests, but {CHROMIUM} is missing")
    pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")


def test_a_login_survives_a_reload_and_stays_in_its_browser(served):
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            first = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
            first.goto(f"{served}/", wait_until="domcontentloaded")
            first.get_by_label("Tên đăng nhập").fill("lan")
            first.get_by_label("Mật khẩu").fill(PASSWORD)
            first.get_by_role("button", name="Đăng nhập").click()
            first.get_by_text("Nguyễn Thị Lan · Cán bộ nhập liệu").wait_for(timeout=30_000)
            first.reload(wait_until="domcontentloaded")  # F5
            first.get_by_text("Nguyễn Thị Lan · Cán bộ nhập liệu").wait_for(timeout=30_000)
            assert first.get_by_label("Tên đăng nhập").count() == 0
            # The header a proxy would send counts for nothing from a browser on the same machine
            # (127.0.0.1 is not in CCHC_TRUSTED_PROXIES), and another browser starts logged out.
            other = browser.new_context(extra_http_headers={"X-Remote-User": "lan"}).new_page()
            other.goto(f"{served}/nhap_du_lieu", wait_until="domcontentloaded")
            other.get_by_label("Tên đăng nhập").wait_for(timeout=30_000)
            assert other.get_by_text("Nguyễn Thị Lan").count() == 0
            # Logout ends it; a reload does not bring it back.
            first.get_by_role("button", name="Đăng xuất").click()
            first.get_by_label("Tên đăng nhập").wait_for(timeout=30_000)
            first.reload(wait_until="domcontentloaded")
            first.get_by_label("Tên đăng nhập").wait_for(timeout=30_000)
        finally:
            browser.close()


def test_the_user_header_counts_from_a_trusted_proxy(warehouse, tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    with db.connect(warehouse) as con:
        auth.add_user(con, "lan", PASSWORD, "can_bo", "Nguyễn Thị Lan")
    port, log = 8648, tmp_path / "serve.log"
    # The browser connects from 127.0.0.1, configured here as the proxy: its header is believed.
    process = start(port, warehouse, log, CCHC_TRUSTED_USER_HEADER="X-Remote-User", CCHC_TRUSTED_PROXIES="127.0.0.1")
    try:
        wait_healthy(process, port, log)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_context(extra_http_headers={"X-Remote-User": "lan"}).new_page()
                page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
                page.get_by_text("Nguyễn Thị Lan · Cán bộ nhập liệu").wait_for(timeout=30_000)
                assert page.get_by_role("button", name="Đăng xuất").count() == 0  # the proxy logs out
            finally:
                browser.close()
    finally:
        stop(process)


def test_knowing_a_logged_in_session_id_is_not_enough(served):
    """Attach a second websocket to a logged-in browser's Streamlit session (the id shows in upload URLs):
    Streamlit hands it that very session, and the app still asks it to log in — the login lives in the
    browser's HttpOnly cookie, which the attacker does not have."""
    require_chromium()
    import asyncio
    import concurrent.futures

    import websockets
    from playwright.sync_api import sync_playwright
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    ws_url = served.replace("http://", "ws://") + "/_stcore/stream"

    async def attach(session_id: str) -> tuple[str | None, str]:
        seen, attached = [], None
        async with websockets.connect(ws_url, subprotocols=["streamlit", "x", session_id], origin=served) as ws:
            rerun = BackMsg()
            rerun.rerun_script.query_string = ""
            await ws.send(rerun.SerializeToString())
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    data = await asyncio.wait_for(ws.recv(), 10)
                except TimeoutError:
                    break
                message = ForwardMsg()
                message.ParseFromString(data)
                kind = message.WhichOneof("type")
                if kind == "new_session":
                    attached = message.new_session.initialize.session_id
                seen.append(str(message))
                if kind == "script_finished":
                    break
        return attached, "\n".join(seen)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            victim = browser.new_context().new_page()
            ids = []

            def watch(ws):
                def frame(payload):
                    if isinstance(payload, bytes):
                        message = ForwardMsg()
                        try:
                            message.ParseFromString(payload)
                        except Exception:  # noqa: BLE001 - not every frame is a whole message
                            return
                        if message.WhichOneof("type") == "new_session":
                            ids.append(message.new_session.initialize.session_id)

                ws.on("framereceived", frame)

            victim.on("websocket", watch)
            victim.goto(f"{served}/", wait_until="domcontentloaded")
            victim.get_by_label("Tên đăng nhập").fill("lan")
            victim.get_by_label("Mật khẩu").fill(PASSWORD)
            victim.get_by_role("button", name="Đăng nhập").click()
            victim.get_by_text("Nguyễn Thị Lan · Cán bộ nhập liệu").wait_for(timeout=30_000)
            assert ids
            with concurrent.futures.ThreadPoolExecutor(1) as pool:  # Playwright's loop owns this thread
                attached, seen = pool.submit(lambda: asyncio.run(attach(ids[-1]))).result()
        finally:
            browser.close()
    assert attached == ids[-1]  # the attacker really is in the victim's session…
    assert "login_username" in seen  # …and is asked to log in
    assert "Nguy\\341\\273\\205n Th\\341\\273\\213 Lan" not in seen and "Nguyễn Thị Lan" not in seen
    assert "file_uploader" not in seen
