"""Access through the data layer (no page): brakes on guessing, sessions bound to a browser cookie,
roles that narrow (undo, task progress, unit detail), the audit log, backup and restore."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import openpyxl
import pandas as pd
import pytest

from core.access import AccessDenied, Viewer
from etl import audit, auth, backup, db, history, sessions, task_progress
from etl.batches import BatchMeta, insert_batch
from tests.support.imports import run_cli

PASSWORD = "mot-mat-khau-dai"  # test-only value, never a default of the code
T0 = datetime(2026, 12, 2, 8, 0, 0)


def log_rows(path, action: str | None = None) -> pd.DataFrame:
    with db.connect(path, read_only=True) as con:
        frame = audit.entries(con, actions=[action] if action else None)
    return frame.assign(
        before=frame["before_json"].map(lambda t: json.loads(t) if isinstance(t, str) else None),
        after=frame["after_json"].map(lambda t: json.loads(t) if isinstance(t, str) else None),
    )


@pytest.fixture
def people(sample_db):
    with db.connect(sample_db) as con:
        commune = con.execute("SELECT unit_id FROM units WHERE kind = 'commune' ORDER BY unit_id LIMIT 1").fetchone()[0]
        led = con.execute(
            "SELECT lead_unit_id FROM tasks WHERE lead_unit_id LIKE 'H15.%' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        auth.add_user(con, "admin", PASSWORD, "quan_tri", actor="setup")
        auth.add_user(con, "lan", PASSWORD, "can_bo", actor="setup")
        auth.add_user(con, "minh", PASSWORD, "lanh_dao", actor="setup")
        auth.add_user(con, "xa", PASSWORD, "don_vi", unit_id=commune, actor="setup")
        auth.add_user(con, "so", PASSWORD, "don_vi", unit_id=led, actor="setup")
    return {"commune": commune, "department": led}


# --- brakes on guessing ---------------------------------------------------------------------------


def test_failures_slow_down_then_lock_the_account_and_every_one_is_logged(people, sample_db, caplog):
    now = T0
    with db.connect(sample_db) as con:
        for _ in range(auth.FREE_ATTEMPTS):  # free attempts: no wait in between
            assert auth.attempt_login(con, "lan", "sai-mat-khau", now=now).user is None
        # Now each attempt must wait, and waits grow: an immediate retry is refused even with the right password.
        soon = auth.attempt_login(con, "lan", PASSWORD, now=now + timedelta(seconds=1))
        assert soon.user is None and "hãy chờ" in soon.message
        waits = []
        for failures in range(auth.FREE_ATTEMPTS, auth.LOCK_AFTER):
            wait = auth._delay_after(failures)
            waits.append(wait)
            now += timedelta(seconds=wait)
            result = auth.attempt_login(con, "lan", "sai-mat-khau", now=now)
        assert waits == sorted(waits) and waits[0] < waits[-1]
        assert result.locked_until is not None and "tạm khóa" in result.message
        # Locked: the right password is refused until the lock ends, then accepted.
        later = now + timedelta(minutes=auth.lockout_minutes() - 1)
        assert auth.attempt_login(con, "lan", PASSWORD, now=later).user is None
        after_lock = result.locked_until + timedelta(seconds=1)
        assert auth.attempt_login(con, "lan", PASSWORD, now=after_lock).user.username == "lan"
    failed = log_rows(sample_db, "login_failed")
    assert len(failed) == auth.LOCK_AFTER + 2  # every wrong password, the too-early try, the locked try
    assert len(log_rows(sample_db, "lockout")) == 1 and len(log_rows(sample_db, "login")) == 1
    assert sum("login failed for 'lan'" in r.message for r in caplog.records) == auth.LOCK_AFTER


def test_an_unknown_name_is_braked_the_same_way(people, sample_db):
    with db.connect(sample_db) as con:
        results = [
            auth.attempt_login(con, "khong-co", "x", now=T0 + timedelta(minutes=5 * i)) for i in range(auth.LOCK_AFTER)
        ]
    assert results[-1].locked_until is not None  # no hint whether the account exists


# --- sessions ---------------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def fingerprint_of(path):
    def read(name):
        with db.connect(path, read_only=True) as con:
            return auth.fingerprint(con, name)

    return read


def test_a_session_lives_in_its_browser_and_ends_when_idle(people, sample_db, monkeypatch):
    monkeypatch.setenv("CCHC_IDLE_MINUTES", "30")
    clock = Clock()
    store = sessions.SessionStore(clock=clock)
    current = fingerprint_of(sample_db)
    store.login("browser-a", "lan", current("lan"))
    assert store.resolve("browser-a", current) == ("lan", None)
    assert store.resolve("browser-b", current) == (None, None)  # another connection without the cookie: nothing
    clock.now += 29 * 60
    assert store.resolve("browser-a", current)[0] == "lan"  # activity keeps it alive…
    clock.now += 29 * 60
    assert store.resolve("browser-a", current)[0] == "lan"
    clock.now += 31 * 60  # …idleness ends it
    name, why = store.resolve("browser-a", current)
    assert name is None and "không hoạt động" in why
    assert store.resolve("browser-a", current) == (None, None)  # and it stays ended


@pytest.mark.parametrize("change", ["disable", "role", "password"])
def test_a_changed_account_loses_its_open_session_at_once(people, sample_db, change):
    store = sessions.SessionStore(clock=Clock())
    current = fingerprint_of(sample_db)
    store.login("b", "lan", current("lan"))
    with db.connect(sample_db) as con:
        if change == "disable":
            auth.set_active(con, "lan", False, actor="admin")
        elif change == "role":
            auth.set_role(con, "lan", "lanh_dao", actor="admin")
        else:
            auth.set_password(con, "lan", "mat-khau-moi-dai-hon", actor="admin")
    name, why = store.resolve("b", current)
    assert name is None and "đăng nhập lại" in why


def test_the_browser_cookie_is_signed_and_expires():
    key, other = b"k" * 32, b"o" * 32
    cookie = sessions.new_browser_cookie(key, now=1000)
    browser = sessions.verify_browser_cookie(key, cookie, now=1001)
    assert browser and browser == cookie.split(".")[0]
    assert sessions.verify_browser_cookie(other, cookie, now=1001) is None  # another key
    forged = "chon-tu-do." + cookie.split(".", 1)[1]
    assert sessions.verify_browser_cookie(key, forged, now=1001) is None  # a chosen id
    assert sessions.verify_browser_cookie(key, cookie, now=1000 + sessions.COOKIE_MAX_AGE + 1) is None
    assert sessions.verify_browser_cookie(key, "rac", now=1001) is None


def test_the_signing_key_is_made_at_init_in_the_warehouse_not_the_repository(capsys, tmp_path):
    path = tmp_path / "w.duckdb"
    assert run_cli(capsys, path, "init")[0] == 0
    with db.connect(path, read_only=True) as con:
        key = sessions.read_signing_key(con)
    assert key and len(key) == 32
    assert run_cli(capsys, path, "init")[0] == 0
    with db.connect(path, read_only=True) as con:
        assert sessions.read_signing_key(con) == key  # stable across init


# --- trusted proxy and listening address -------------------------------------------------------------


def test_the_user_header_counts_only_from_a_trusted_proxy(monkeypatch):
    from ui.gateway import PEER_HEADER, filter_headers

    monkeypatch.setenv("CCHC_TRUSTED_USER_HEADER", "X-Remote-User")
    monkeypatch.setenv("CCHC_TRUSTED_PROXIES", "10.0.0.5, 192.168.1.0/24")
    sent = [(b"host", b"x"), (b"x-remote-user", b"quantri"), (PEER_HEADER, b"10.0.0.5")]
    from_client = dict(filter_headers(sent, "172.16.0.9"))
    assert b"x-remote-user" not in from_client and from_client[PEER_HEADER] == b"172.16.0.9"  # spoofed peer replaced
    assert dict(filter_headers(sent, "10.0.0.5"))[b"x-remote-user"] == b"quantri"
    assert dict(filter_headers(sent, "192.168.1.77"))[b"x-remote-user"] == b"quantri"
    assert not auth.is_trusted_proxy(None) and not auth.is_trusted_proxy("không-phải-ip")


def test_the_server_refuses_addresses_the_configuration_does_not_allow(monkeypatch):
    assert auth.listen_problem("127.0.0.1", accounts_exist=False) is None
    assert "chế độ cục bộ" in auth.listen_problem("0.0.0.0", accounts_exist=False)
    assert auth.listen_problem("0.0.0.0", accounts_exist=True) is None
    monkeypatch.setenv("CCHC_TRUSTED_USER_HEADER", "X-Remote-User")
    assert "CCHC_TRUSTED_PROXIES" in auth.listen_problem("0.0.0.0", accounts_exist=True)
    assert auth.listen_problem("::1", accounts_exist=True) is None
    monkeypatch.setenv("CCHC_TRUSTED_PROXIES", "10.0.0.5")
    assert auth.listen_problem("0.0.0.0", accounts_exist=True) is None


def test_the_gateway_adds_security_headers_and_an_httponly_browser_cookie(sample_db, monkeypatch):
    import asyncio

    from ui import gateway

    seen = {}

    async def downstream(scope, receive, send):
        seen["headers"] = dict(scope["headers"])
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"ok"})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/don_vi",
        "scheme": "http",
        "client": ("10.1.1.1", 5000),
        "headers": [(b"host", b"x")],
    }
    monkeypatch.setitem(gateway.STATE, "key", None)  # this warehouse's key; and the gateway's mark of
    monkeypatch.setitem(gateway.STATE, "active", False)  # being mounted is undone after the test
    asyncio.run(gateway.Gateway(downstream)(scope, receive, send))
    headers = {}
    for key, value in sent[0]["headers"]:
        headers.setdefault(key, []).append(value.decode())
    assert headers[b"x-frame-options"] == ["DENY"] and headers[b"x-content-type-options"] == ["nosniff"]
    assert "frame-ancestors 'none'" in headers[b"content-security-policy"][0]
    cookie = headers[b"set-cookie"][0]
    assert cookie.startswith(sessions.COOKIE + "=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    assert sessions.verify_browser_cookie(gateway.signing_key(), value)
    assert seen["headers"][gateway.PEER_HEADER] == b"10.1.1.1"
    # A browser that has a valid cookie does not get a new one.
    sent.clear()
    scope["headers"] = [(b"host", b"x"), (b"cookie", f"{sessions.COOKIE}={value}".encode())]
    asyncio.run(gateway.Gateway(downstream)(scope, receive, send))
    assert not [v for k, v in sent[0]["headers"] if k == b"set-cookie"]


# --- roles that narrow ----------------------------------------------------------------------------------


def upload(path, user: str = "lan") -> int:
    frame = pd.DataFrame(
        [
            {
                "index_code": "TTHC",
                "criterion_code": "TTHC.APOLOGIES",
                "unit_id": "H15",
                "period_type": "month",
                "period_key": "2026-09",
                "period_end": "2026-09-30",
                "value": 3.0,
            }
        ]
    )
    with db.connect(path) as con:
        return insert_batch(
            con,
            BatchMeta(format="tthc", loaded_by=user, file_name="t9.xlsx", period_type="month", period_key="2026-09"),
            observations=frame,
        )


def system_batch(path) -> int:
    with db.connect(path, read_only=True) as con:
        return con.execute("SELECT min(batch_id) FROM batches WHERE loaded_by = 'hệ thống'").fetchone()[0]


def status(path, batch_id: int) -> str:
    with db.connect(path, read_only=True) as con:
        return con.execute("SELECT status FROM batches WHERE batch_id = ?", [batch_id]).fetchone()[0]


def test_who_may_undo_and_redo_what(people, sample_db):
    mine, system = upload(sample_db), system_batch(sample_db)
    for role in ("lanh_dao", "don_vi"):
        with pytest.raises(history.NotAllowed, match="không có quyền"):
            history.undo_as(mine, "x", role)
    with pytest.raises(history.NotAllowed, match="chỉ quản trị viên"):
        history.undo_as(system, "lan", "can_bo", confirm_system=True)
    with pytest.raises(history.NotAllowed, match="cần xác nhận"):
        history.undo_as(system, "admin", "quan_tri")
    assert status(sample_db, system) == "active"
    assert history.undo_as(mine, "lan", "can_bo") and status(sample_db, mine) == "undone"
    assert history.redo_as(mine, "lan", "can_bo") and status(sample_db, mine) == "active"
    assert history.undo_as(system, "admin", "quan_tri", confirm_system=True) and status(sample_db, system) == "undone"
    with pytest.raises(history.NotAllowed):
        history.redo_as(system, "lan", "can_bo", confirm_system=True)
    assert history.redo_as(system, "admin", "quan_tri", confirm_system=True) and status(sample_db, system) == "active"


def test_init_never_brings_back_an_undone_system_batch_but_says_how(capsys, people, sample_db):
    system = system_batch(sample_db)
    history.undo_as(system, "admin", "quan_tri", confirm_system=True)
    code, out = run_cli(capsys, sample_db, "init", "--samples")
    assert code == 0 and f"etl redo {system}" in out and status(sample_db, system) == "undone"
    code, out = run_cli(capsys, sample_db, "redo", str(system), "--yes")
    assert code == 0 and "Đã khôi phục" in out and status(sample_db, system) == "active"
    assert run_cli(capsys, sample_db, "redo", str(system), "--yes")[0] == 2  # not undone any more


def test_focal_officers_report_on_the_tasks_their_unit_leads(people, sample_db):
    with db.connect(sample_db) as con:
        commune_tasks = task_progress.tasks_for(con, "don_vi", people["commune"])
        dept_tasks = task_progress.tasks_for(con, "don_vi", people["department"])
        led = set(con.execute("SELECT task_id FROM tasks WHERE lead_unit_id = ?", [people["department"]]).df().task_id)
        commune_wide = set(
            con.execute("SELECT task_id FROM tasks WHERE lead_unit_id IS NULL AND lead_text ILIKE '%cấp xã%'")
            .df()
            .task_id
        )
        assert commune_wide and commune_wide <= set(commune_tasks.task_id)  # "UBND cấp xã" tasks: every commune
        assert set(dept_tasks.task_id) == led and not commune_wide & led
        assert task_progress.tasks_for(con, "lanh_dao", None).empty
        other = sorted(led)[0]
        with pytest.raises(task_progress.ReportRefused, match="không do đơn vị"):
            task_progress.report(con, "xa", "don_vi", people["commune"], other, "hoan_thanh", 100, None)
        shared = sorted(commune_wide)[0]
        task_progress.report(con, "xa", "don_vi", people["commune"], shared, "dang_thuc_hien", 40, "Đang làm")
        with pytest.raises(task_progress.ReportRefused):
            task_progress.report(con, "minh", "lanh_dao", None, shared, "hoan_thanh", 100, None)
        # Another commune's view of the shared task is its own: still unreported.
        second = con.execute(
            "SELECT unit_id FROM units WHERE kind = 'commune' AND unit_id <> ? LIMIT 1", [people["commune"]]
        ).fetchone()[0]
        theirs = task_progress.tasks_for(con, "don_vi", second).set_index("task_id")
        ours = task_progress.tasks_for(con, "don_vi", people["commune"]).set_index("task_id")
    assert ours.loc[shared, "progress"] == 40 and pd.isna(theirs.loc[shared, "progress"])
    entry = log_rows(sample_db, "task_update").iloc[0]
    assert entry.actor == "xa" and entry.before == {"status": None, "progress": None}
    assert entry.after["status"] == "dang_thuc_hien" and entry.after["progress"] == 40


def test_unit_detail_is_refused_by_the_views_not_only_hidden(people, sample_db):
    from core.periods import Period
    from views import unit as unit_view

    with db.connect(sample_db, read_only=True) as con:
        other = con.execute(
            "SELECT unit_id FROM units WHERE kind = 'commune' AND unit_id <> ? ORDER BY unit_id LIMIT 1",
            [people["commune"]],
        ).fetchone()[0]
    officer = Viewer("xa", "don_vi", people["commune"])
    period = Period("day", "2026-10-10")
    with pytest.raises(AccessDenied):
        unit_view.unit(period, other, officer)
    assert unit_view.unit(period, people["commune"], officer).name
    picker = unit_view.picker(period, ("department", "commune"), officer)
    assert other not in picker.options and people["commune"] in picker.options


# --- the audit log -----------------------------------------------------------------------------------


def test_every_change_is_in_the_audit_log_with_before_and_after(capsys, people, sample_db, monkeypatch):
    batch = upload(sample_db)
    history.undo_as(batch, "lan", "can_bo")
    history.redo_as(batch, "lan", "can_bo")
    with db.connect(sample_db) as con:
        history.remember_alias(con, "xã Ea Knuệch", people["commune"], "lan")
        auth.set_role(con, "minh", "can_bo", actor="admin")
        auth.set_active(con, "minh", False, actor="admin")
    monkeypatch.setenv("CCHC_NEW_PASSWORD", PASSWORD)
    assert run_cli(capsys, sample_db, "user", "--actor", "admin", "add", "hoa", "--role", "lanh_dao")[0] == 0
    log = log_rows(sample_db)
    by = {a: log[log.action == a] for a in audit.ACTIONS}
    assert by["load"].iloc[0].after["file_name"] == "t9.xlsx" and by["load"].iloc[0].actor == "lan"
    assert by["undo"].iloc[0].before["status"] == "active" and by["undo"].iloc[0].after == {"status": "undone"}
    assert by["redo"].iloc[0].before["status"] == "undone" and by["redo"].iloc[0].after["status"] == "active"
    assert by["alias"].iloc[0].after == {"unit_id": people["commune"]}
    role = by["user_role"].iloc[0]
    assert (role.before["role"], role.after["role"], role.actor) == ("lanh_dao", "can_bo", "admin")
    disabled = by["user_disable"].iloc[0]
    assert disabled.before == {"active": True} and disabled.after == {"active": False}
    created = by["user_create"]
    assert created[created.target == "tài khoản hoa"].iloc[0].actor == "admin"
    assert not log["after_json"].fillna("").str.contains("password_hash|salt").any()
    # Stored in UTC, shown in Vietnam time (7 hours ahead).
    first = log.iloc[-1]
    shown = audit.for_people(log.iloc[[-1]])["Thời điểm (giờ Việt Nam)"].iloc[0]
    assert shown == (pd.Timestamp(first.at_utc) + pd.Timedelta(hours=7)).strftime("%H:%M:%S %d/%m/%Y")


def test_the_audit_command_filters_and_exports_values_as_data(capsys, people, sample_db, tmp_path):
    with db.connect(sample_db) as con:
        audit.record(con, "lan", "alias", '=HYPERLINK("http://x","bấm")', None, {"unit_id": "=1+1"})
    code, out = run_cli(capsys, sample_db, "audit", "--actor", "lan", "--action", "alias")
    assert code == 0 and "HYPERLINK" in out and "Tạo tài khoản" not in out
    code, out = run_cli(capsys, sample_db, "audit", "--action", "user_create", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 5
    out_file = tmp_path / "nhat_ky.xlsx"
    assert run_cli(capsys, sample_db, "audit", "--out", str(out_file))[0] == 0
    sheet = openpyxl.load_workbook(out_file).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    formula_like = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert formula_like and all(c.data_type == "s" for c in formula_like)
    assert run_cli(capsys, sample_db, "audit", "--action", "khong-co")[0] == 2


# --- backup and restore ----------------------------------------------------------------------------------

TABLES = [
    "users",
    "unit_aliases",
    "batches",
    "observations",
    "targets",
    "task_reports",
    "audit_log",
    "login_failures",
    "app_secrets",
    "units",
    "tasks",
]


def dump(path) -> dict[str, pd.DataFrame]:
    with db.connect(path, read_only=True) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").df() for t in TABLES}  # noqa: S608 (fixed names)


def test_backup_then_restore_gives_back_the_same_warehouse(capsys, people, sample_db, tmp_path):
    upload(sample_db)
    with db.connect(sample_db) as con:
        sessions.ensure_signing_key(con)
    before = dump(sample_db)
    code, out = run_cli(capsys, sample_db, "backup", str(tmp_path / "bk"))
    assert code == 0, out
    (copy,) = (tmp_path / "bk").glob("cchc-sao-luu-*.duckdb")
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    # Everything changes after the backup…
    history.undo_as(upload(sample_db, "lan"), "lan", "can_bo")
    with db.connect(sample_db) as con:
        auth.set_active(con, "admin", False)
        con.execute("DELETE FROM unit_aliases")
    # …a restore without confirmation does nothing; with it, the backup comes back.
    code, out = run_cli(capsys, sample_db, "restore", str(copy))
    assert code == 2 and dump(sample_db)["unit_aliases"].empty
    code, out = run_cli(capsys, sample_db, "restore", str(copy), "--yes", "--user", "admin")
    assert code == 0, out
    after = dump(sample_db)
    restore_entry = after["audit_log"][after["audit_log"].action == "restore"]
    assert len(restore_entry) == 1 and restore_entry.actor.iloc[0] == "admin"
    after["audit_log"] = after["audit_log"][after["audit_log"].action != "restore"].reset_index(drop=True)
    for table in TABLES:
        pd.testing.assert_frame_equal(before[table], after[table], obj=table)
    kept = list(sample_db.parent.glob(sample_db.name + ".truoc-khoi-phuc-*"))
    assert len(kept) == 1 and backup.check_file(kept[0])["unit_aliases"] == 0  # the replaced one is kept


def test_restore_refuses_a_file_that_is_not_a_warehouse(capsys, sample_db, tmp_path):
    bad = tmp_path / "rac.duckdb"
    bad.write_bytes(b"khong phai duckdb")
    code, out = run_cli(capsys, sample_db, "restore", str(bad), "--yes")
    assert code == 2 and "không đọc được" in out
