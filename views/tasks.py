"""Nhiệm vụ: the plan appendix's tasks by lead agency, deadline and status; overdue highlighted."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core import clock
from core.format import fmt_int
from metrics.tasks import by_lead, filter_tasks, summary
from views import data
from views.overview import Metric

TITLE = "Nhiệm vụ theo Kế hoạch CCHC"
EMPTY = "Chưa có danh sách nhiệm vụ."


@dataclass(frozen=True)
class Filters:
    indices: tuple[str, ...] = ()
    lead: str | None = None
    statuses: tuple[str, ...] = ()
    overdue_only: bool = False


@dataclass(frozen=True)
class Options:
    indices: tuple[str, ...]
    leads: tuple[str, ...]
    statuses: tuple[str, ...]


@dataclass(frozen=True)
class Tasks:
    source_caption: str
    metrics: tuple[Metric, ...]
    options: Options
    title: str  # "Danh sách nhiệm vụ (N)"
    table: pd.DataFrame  # the filtered tasks, display columns
    lead_units: tuple  # lead unit id of each table row (None: no single unit)
    overdue: pd.Series
    by_lead: pd.DataFrame


def tasks(filters: Filters = Filters()) -> Tasks | None:
    """None when no task list is loaded."""
    everything = data.task_list(clock.today_vn())
    if everything.empty:
        return None
    reported = everything["reported_on"].dropna()
    caption = f"Nguồn: {everything['source'].iloc[0]} · " + (
        f"Báo cáo tiến độ mới nhất: {reported.max():%d/%m/%Y}" if len(reported) else "Chưa có báo cáo tiến độ nào"
    )
    counts = summary(everything)
    metrics = (
        Metric("Số nhiệm vụ", fmt_int(counts["tasks"])),
        Metric("Hoàn thành", fmt_int(counts["completed"])),
        Metric("Quá hạn", fmt_int(counts["overdue"]), help="Đã quá hạn mà chưa báo cáo hoàn thành"),
        Metric("Chưa có báo cáo", fmt_int(counts["not_reported"])),
    )
    shown = filter_tasks(
        everything,
        indices=filters.indices,
        lead=filters.lead,
        statuses=filters.statuses,
        overdue_only=filters.overdue_only,
    )
    table = shown[
        ["task_id", "title", "lead", "deadline_text", "status_label", "progress", "report_note", "overdue"]
    ].copy()
    table["overdue"] = table["overdue"].map({True: "Quá hạn", False: ""})
    return Tasks(
        source_caption=caption,
        metrics=metrics,
        options=Options(
            indices=tuple(sorted(everything["index_code"].dropna().unique())),
            leads=tuple(sorted(everything["lead"].unique())),
            statuses=tuple(sorted(everything["status_label"].unique())),
        ),
        title=f"Danh sách nhiệm vụ ({fmt_int(len(shown))})",
        table=table,
        lead_units=tuple(u if isinstance(u, str) else None for u in shown["lead_unit_id"]),
        overdue=shown["overdue"],
        by_lead=by_lead(everything),
    )
