"""Tasks of the plan appendix (seed 001) with their latest reported progress.

A task is overdue when its deadline has passed and its latest report does not
say it is completed; a task nobody has reported on yet is "Chưa có báo cáo".
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from core.labels import TASK_STATUS
from metrics import sql

COMPLETED = "hoan_thanh"
STATUS_LABELS = TASK_STATUS
NOT_REPORTED = "Chưa có báo cáo"


def task_list(path=None, today: date | None = None) -> pd.DataFrame:
    """Every task with status label, progress as reported and the overdue flag."""
    today = today or date.today()
    tasks = sql.query("tasks_list", path)
    if tasks.empty:
        return tasks.assign(status_label=pd.Series(dtype=str), overdue=pd.Series(dtype=bool), lead=pd.Series(dtype=str))
    tasks["status_label"] = [STATUS_LABELS.get(s, s) if isinstance(s, str) else NOT_REPORTED for s in tasks["status"]]
    deadline = pd.to_datetime(tasks["deadline"]).dt.date
    tasks["overdue"] = [
        d is not None and not pd.isna(d) and d < today and s != COMPLETED for d, s in zip(deadline, tasks["status"])
    ]
    # Group by the registry's unit where the lead matched one, else by the text as written.
    tasks["lead"] = tasks["lead_name"].where(tasks["lead_name"].notna(), tasks["lead_text"]).fillna("—")
    return tasks


def by_lead(tasks: pd.DataFrame) -> pd.DataFrame:
    """Per lead agency: number of tasks, completed, overdue and the mean reported progress."""
    if tasks.empty:
        return pd.DataFrame(columns=["lead", "tasks", "completed", "overdue", "progress"])
    grouped = tasks.assign(completed=tasks["status"].eq(COMPLETED)).groupby("lead", dropna=False)
    out = grouped.agg(
        tasks=("task_id", "count"),
        completed=("completed", "sum"),
        overdue=("overdue", "sum"),
        progress=("progress", "mean"),
    ).reset_index()
    return out.sort_values(["overdue", "tasks"], ascending=False, kind="stable").reset_index(drop=True)


def summary(tasks: pd.DataFrame) -> dict[str, int]:
    """Counts shown at the top of the tasks page."""
    return {
        "tasks": len(tasks),
        "completed": int(tasks["status"].eq(COMPLETED).sum()),
        "overdue": int(tasks["overdue"].sum()),
        "not_reported": int(tasks["status"].isna().sum()),
    }


def filter_tasks(
    tasks: pd.DataFrame, *, indices=(), lead: str | None = None, statuses=(), overdue_only: bool = False
) -> pd.DataFrame:
    keep = pd.Series(True, index=tasks.index)
    if indices:
        keep &= tasks["index_code"].isin(indices)
    if lead:
        keep &= tasks["lead"].eq(lead)
    if statuses:
        keep &= tasks["status_label"].isin(statuses)
    if overdue_only:
        keep &= tasks["overdue"]
    return tasks[keep].reset_index(drop=True)
