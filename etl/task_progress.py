"""Progress of the plan's tasks reported from the page (docs/063).

A focal officer (don_vi) reports on the tasks their unit leads; tasks whose lead is written
"UBND cấp xã" belong to every commune, so each commune reports its own progress on them
(task_reports.unit_id). Staff and admins may report on any task. A report is a small batch
(format "tasks", so it shows in the load history and can be undone) and an audit entry with
the status before and after.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from core.labels import TASK_STATUS
from etl import audit
from etl.batches import BatchMeta, insert_batch

COMMUNE_WIDE = "%cấp xã%"  # "UBND cấp xã": every commune leads it


class ReportRefused(PermissionError):
    """A progress report this account may not make, or that is malformed (Vietnamese)."""


def tasks_for(con: duckdb.DuckDBPyConnection, role: str, unit_id: str | None) -> pd.DataFrame:
    """The tasks an account may report on, with the latest report that applies to its unit."""
    if role == "don_vi":
        kind = con.execute("SELECT kind FROM units WHERE unit_id = ?", [unit_id]).fetchone()
        commune = bool(kind) and kind[0] == "commune"
        where = "t.lead_unit_id = ? OR (? AND t.lead_unit_id IS NULL AND t.lead_text ILIKE ?)"
        params = [unit_id, commune, COMMUNE_WIDE]
    elif role in ("quan_tri", "can_bo"):
        where, params = "true", []
    else:
        return pd.DataFrame(
            columns=[
                "task_id",
                "title",
                "lead_text",
                "deadline_text",
                "status",
                "progress",
                "note",
                "reported_on",
                "commune_wide",
            ]
        )
    # The latest report for this unit (a commune-wide task) or for the task (any other).
    return con.execute(
        f"""
        SELECT t.task_id, t.title, t.lead_text, t.deadline_text,
               r.status, r.progress, r.note, r.reported_on,
               (t.lead_unit_id IS NULL AND t.lead_text ILIKE ?) AS commune_wide
        FROM tasks t
        LEFT JOIN LATERAL (
            SELECT tr.status, tr.progress, tr.note, tr.reported_on
            FROM task_reports tr JOIN batches b USING (batch_id)
            WHERE b.status = 'active' AND tr.task_id = t.task_id
              AND (NOT (t.lead_unit_id IS NULL AND t.lead_text ILIKE ?) OR ? IS NULL OR tr.unit_id = ?)
            ORDER BY tr.reported_on DESC, b.loaded_at DESC, b.batch_id DESC LIMIT 1) r ON true
        WHERE {where}
        ORDER BY t.task_id""",  # noqa: S608 (`where` is built from fixed fragments; values are bound)
        [COMMUNE_WIDE, COMMUNE_WIDE, unit_id, unit_id, *params],
    ).df()


def report(
    con: duckdb.DuckDBPyConnection,
    username: str,
    role: str,
    unit_id: str | None,
    task_id: str,
    status: str,
    progress: float | None,
    note: str | None,
    today: date | None = None,
) -> int:
    """Record a progress report; return its batch id. Refused (ReportRefused) when the role may not."""
    if role not in ("quan_tri", "can_bo", "don_vi"):
        raise ReportRefused("Tài khoản này không được cập nhật tiến độ nhiệm vụ.")
    if status not in TASK_STATUS:
        raise ReportRefused(f"Trạng thái '{status}' không có; chọn: {', '.join(TASK_STATUS.values())}.")
    if progress is not None and not 0 <= float(progress) <= 100:
        raise ReportRefused("Tiến độ phải từ 0 đến 100 %.")
    mine = tasks_for(con, role, unit_id)
    row = mine[mine["task_id"] == task_id]
    if row.empty:
        raise ReportRefused(f"Nhiệm vụ '{task_id}' không do đơn vị của tài khoản này chủ trì.")
    before = row.iloc[0]
    frame = pd.DataFrame(
        [
            {
                "task_id": task_id,
                "status": status,
                "progress": progress,
                "note": (note or "").strip() or None,
                "reported_on": today or date.today(),
                "unit_id": unit_id if role == "don_vi" else None,
            }
        ]
    )
    with audit.atomic(con):
        batch_id = insert_batch(
            con,
            BatchMeta(
                format="tasks",
                loaded_by=username,
                source_label=f"Cập nhật tiến độ trên trang: {task_id}",
                note=f"Báo cáo của {username}",
            ),
            task_reports=frame,
            transaction=False,
        )
        audit.record(
            con,
            username,
            "task_update",
            f"nhiệm vụ {task_id}" + (f" (đơn vị {unit_id})" if unit_id else ""),
            {
                "status": None if pd.isna(before["status"]) else before["status"],
                "progress": None if pd.isna(before["progress"]) else float(before["progress"]),
            },
            {"status": status, "progress": progress, "note": frame["note"].iloc[0], "batch_id": batch_id},
        )
    return batch_id
