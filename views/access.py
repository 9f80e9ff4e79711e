"""The access pages' door to the ETL layer (audit log, task progress, undo and redo): thin calls, checked by role
here too; pages and ui/undo.py import this, never etl."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd

from core.labels import TASK_STATUS
from etl import audit, auth, db, history, task_progress

ACTIONS = audit.ACTIONS
STATUS_LABELS = TASK_STATUS


def audit_log(
    user: auth.User,
    since: date | None = None,
    until: date | None = None,
    actor: str | None = None,
    actions: list[str] | None = None,
    text: str | None = None,
) -> pd.DataFrame:
    """The audit log for an admin, filtered by Vietnamese days (inclusive), shown in Vietnam time."""
    if not user.can("audit"):
        raise PermissionError("Chỉ quản trị viên được xem nhật ký thay đổi.")

    def utc(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=audit.VN_TZ).astimezone(UTC).replace(tzinfo=None)

    with db.connect(read_only=True) as con:
        frame = audit.entries(
            con,
            actor=actor or None,
            actions=actions or None,
            since=utc(since) if since else None,
            until=utc(until + timedelta(days=1)) if until else None,
            text=text or None,
        )
    return audit.for_people(frame)


def audit_actors() -> list[str]:
    with db.connect(read_only=True) as con:
        return [r[0] for r in con.execute("SELECT DISTINCT actor FROM audit_log ORDER BY actor").fetchall()]


def audit_xlsx(shown: pd.DataFrame) -> bytes:
    return audit.to_xlsx(shown)


def my_tasks(user: auth.User) -> pd.DataFrame:
    with db.connect(read_only=True) as con:
        return task_progress.tasks_for(con, user.role, user.unit_id)


def report_task(user: auth.User, task_id: str, status: str, progress: float | None, note: str | None) -> int:
    with db.connect() as con:
        return task_progress.report(con, user.username, user.role, user.unit_id, task_id, status, progress, note)


def unit_name(unit_id: str | None) -> str:
    if not unit_id:
        return ""
    with db.connect(read_only=True) as con:
        row = con.execute("SELECT name FROM units WHERE unit_id = ?", [unit_id]).fetchone()
    return row[0] if row else unit_id


batch_details = history.batch_details
NotAllowed = history.NotAllowed
ReportRefused = task_progress.ReportRefused


def undo(user: auth.User, batch_id: int, confirm_system: bool) -> bool:
    return history.undo_as(batch_id, user.username, user.role, confirm_system)


def redo(user: auth.User, batch_id: int, confirm_system: bool) -> bool:
    return history.redo_as(batch_id, user.username, user.role, confirm_system)


# What the history panel (ui/undo.py) needs from the ETL, through this door.
from etl.batches import is_system_batch  # noqa: E402,F401

list_batches = history.list_batches
undo_summary = history.undo_summary  # wt9: what is in force after an undo
batches_for_people = history.batches_for_people
WarehouseBusy = db.WarehouseBusy
from core.clock import today_vn  # noqa: E402,F401 (the audit page filters by Vietnamese days)
