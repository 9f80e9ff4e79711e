"""Format 3: the monthly report on receiving and resolving dossiers (TTHC), one row per unit."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from core.formula import Formula
from core.labels import FORMAT_TITLES
from etl.formats.base import NOTE, UNIT, UNIT_CODE, Context, Field, ImportFormat, mark_duplicates, observation_rows
from etl.reference import TTHC_ITEMS
from etl.validation import columns_for, duplicate_rule, rule

INDEX = "TTHC"
# Field name and header of each report item: "TTHC.RESOLVED_ON_TIME" → "resolved_on_time".
ITEMS = {code: code.split(".", 1)[1].lower() for code, _ in TTHC_ITEMS}
LABELS = {code.split(".", 1)[1].lower(): name for code, name in TTHC_ITEMS}
# Totals a report may carry, checked against their parts and not stored.
TOTALS = {
    "received_total": ("Tổng số hồ sơ nhận giải quyết", ("received_carried", "received_online", "received_direct")),
    "new_total": ("Tổng số hồ sơ mới tiếp nhận", ("received_online", "received_direct")),
    "resolved_total": ("Tổng số hồ sơ đã giải quyết", ("resolved_early", "resolved_on_time", "resolved_late")),
    "pending_total": ("Tổng số hồ sơ đang giải quyết", ("pending_within", "pending_overdue")),
}


class TthcReport(ImportFormat):
    kind = "tthc"
    title = FORMAT_TITLES["tthc"]
    sections = ("common", "units", "tthc")
    unit_kinds = ("department", "commune", "agency", "home")
    instructions = (
        "Mỗi dòng là một đơn vị; các cột là số hồ sơ (số nguyên, không âm).",
        "Số hồ sơ quá hạn đã xin lỗi không được lớn hơn số hồ sơ quá hạn (đã và đang giải quyết).",
        "Nếu báo cáo có cột Tổng số, tổng phải bằng tổng các cột thành phần.",
    )

    def field_list(self, formula: Formula) -> tuple[Field, ...]:
        counts = tuple(
            Field(name, LABELS[name], "count", required=name != "apologies", min=0, number_format="#,##0")
            for name in ITEMS.values()
        )
        totals = tuple(
            Field(name, label, "count", min=0, number_format="#,##0", in_template=False)
            for name, (label, _) in TOTALS.items()
        )
        return (UNIT, UNIT_CODE, *counts, *totals, NOTE)

    def prepare(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        frame = mark_duplicates(frame, ["unit_id"])
        for name, (_, parts) in TOTALS.items():
            frame[f"_{name}"] = frame[list(parts)].sum(axis=1, min_count=len(parts))
        frame["_overdue"] = frame["resolved_late"] + frame["pending_overdue"]
        return frame

    def schema(self, ctx: Context) -> pa.DataFrameSchema:
        checks = [
            rule(
                f"[{name}] {label} {{value}} khác tổng các cột thành phần ({{row[_{name}]}}).",
                lambda df, name=name: df[name] == df[f"_{name}"],
                name,
                f"_{name}",
            )
            for name, (label, _) in TOTALS.items()
        ]
        checks.append(
            rule(
                "[apologies] Số hồ sơ đã xin lỗi {value} lớn hơn số hồ sơ quá hạn ({row[_overdue]}).",
                lambda df: df["apologies"] <= df["_overdue"],
                "apologies",
                "_overdue",
            )
        )
        checks.append(duplicate_rule("unit", "Đơn vị này"))
        return pa.DataFrameSchema(columns_for(self.field_list(ctx.formula)), checks=checks)

    def build(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        items = {code: {"value": name} for code, name in ITEMS.items()}
        rows = observation_rows(frame, ctx, INDEX, items)
        return rows[rows["value"].notna()].reset_index(drop=True)

    def template_rows(self, ctx: Context) -> list[dict]:
        reg = ctx.registry
        return [{"unit": reg.labels[u]} for u in reg.unit_ids(("department", "commune"))]
