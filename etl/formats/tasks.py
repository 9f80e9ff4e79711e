"""Format 6: progress of the plan's tasks (appendix of seed 001): status, progress, note, date."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from core.formula import Formula
from core.labels import FORMAT_TITLES, TASK_STATUS
from etl.formats.base import Context, Field, ImportFormat, mark_duplicates, vocabulary
from etl.registry import fold_name
from etl.validation import columns_for, duplicate_rule, rule

STATUS_LABELS = TASK_STATUS


class TaskProgress(ImportFormat):
    kind = "tasks"
    title = FORMAT_TITLES["tasks"]
    sections = ("tasks",)
    target = "task_reports"
    key_fields = ("task", "title")
    needs_period = False
    instructions = (
        "Mỗi dòng là một nhiệm vụ của Phụ lục Kế hoạch; cột Mã nhiệm vụ ghi mã tiêu chí mà nhiệm vụ phục vụ.",
        "Trạng thái: Chưa bắt đầu, Đang thực hiện, Hoàn thành, Chậm tiến độ, Tạm dừng. Tiến độ ghi phần trăm (0–100).",
        "Ngày báo cáo không được sau hôm nay; để trống thì lấy ngày cuối của kỳ ghi ở đầu trang.",
    )

    def field_list(self, formula: Formula) -> tuple[Field, ...]:
        return (
            Field("task", "Mã nhiệm vụ", "code", value=False, width=14),
            Field("title", "Nhiệm vụ", "text", value=False, width=60),
            Field("status", "Trạng thái", "text", width=18),
            Field("progress", "Tiến độ (%)", min=0, max=100, number_format="0"),
            Field("reported_on", "Ngày báo cáo", "date", number_format="dd/mm/yyyy"),
            Field("note", "Ghi chú", "text", width=40),
        )

    def prepare(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        frame = frame.copy()
        reg = ctx.registry
        frame["_task"] = [
            t.strip()
            if isinstance(t, str) and t.strip() in reg.task_ids
            else reg.task_by_title.get(fold_name(n))
            if isinstance(n, str)
            else None
            for t, n in zip(frame["task"], frame["title"])
        ]
        frame["_what"] = frame["task"].fillna(frame["title"])
        statuses = vocabulary("task_status")
        frame["_status"] = frame["status"].map(lambda v: statuses.get(fold_name(v)) if isinstance(v, str) else None)
        default_day = min(ctx.period.end, ctx.today) if ctx.period else None
        frame["_reported_on"] = frame["reported_on"].map(lambda d: d if d is not None else default_day)
        return mark_duplicates(frame, ["_task", "_reported_on"])

    def schema(self, ctx: Context) -> pa.DataFrameSchema:
        today = ctx.today
        labels = ", ".join(STATUS_LABELS.values())
        return pa.DataFrameSchema(
            columns_for(self.field_list(ctx.formula)),
            checks=[
                rule(
                    "[task] Không nhận ra nhiệm vụ '{row[_what]}'. Hãy ghi mã nhiệm vụ như trong tệp mẫu.",
                    lambda df: df["_task"].notna(),
                ),
                rule("[status] Thiếu trạng thái của nhiệm vụ.", lambda df: df["status"].notna()),
                rule(
                    f"[status] Trạng thái '{{value}}' không hợp lệ; hãy dùng: {labels}.",
                    lambda df: df["_status"].notna(),
                    "status",
                ),
                rule(
                    "[progress] Nhiệm vụ đã hoàn thành thì tiến độ phải là 100%, không phải {value}%.",
                    lambda df: df["_status"].ne("hoan_thanh") | (df["progress"] == 100),
                    "progress",
                ),
                rule(
                    "[reported_on] Thiếu ngày báo cáo: hãy ghi ngày hoặc ghi kỳ ở đầu trang.",
                    lambda df: df["_reported_on"].notna(),
                ),
                rule(
                    f"[reported_on] Ngày báo cáo {{value}} ở sau hôm nay ({today:%d/%m/%Y}).",
                    lambda df: df["_reported_on"].map(lambda d: d is None or d <= today).astype(bool),
                ),
                duplicate_rule("task", "Nhiệm vụ này (cùng ngày báo cáo)"),
            ],
        )

    def build(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        progress = frame["progress"].where(frame["_status"].ne("hoan_thanh"), 100.0)
        return pd.DataFrame(
            {
                "task_id": frame["_task"].values,
                "status": frame["_status"].values,
                "progress": progress.values,
                "note": frame["note"].values,
                "reported_on": frame["_reported_on"].values,
            }
        )

    def template_rows(self, ctx: Context) -> list[dict]:
        tasks = ctx.registry.tasks
        return [{"task": t, "title": n} for t, n in zip(tasks.task_id, tasks.title)]

    def template_lists(self, ctx: Context) -> dict[str, list[str]]:
        return {"status": list(STATUS_LABELS.values())}
