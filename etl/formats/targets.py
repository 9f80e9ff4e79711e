"""Format 7: targets per criterion and year, for the province, a kind of unit or one unit;
absolute ("≥ 95") or relative to a base year ("+3 % so với năm 2024")."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from core.formula import Formula
from core.labels import FORMAT_TITLES
from etl.formats.base import Context, Field, ImportFormat, mark_duplicates, vocabulary
from etl.reference import COMPARATOR_OF_DIRECTION
from etl.registry import fold_name
from etl.validation import columns_for, duplicate_rule, rule

SCOPE_LABELS = {"province": "Tỉnh", "department": "Sở, ban, ngành", "commune": "Xã, phường", "unit": "Đơn vị"}
COMPARATOR_LABELS = {"at_least": "Tối thiểu", "at_most": "Tối đa", "reach_100": "Đạt 100%"}
MODE_LABELS = {"points": "Điểm", "percent": "Phần trăm"}


class Targets(ImportFormat):
    kind = "targets"
    title = FORMAT_TITLES["targets"]
    sections = ("targets",)
    target = "targets"
    unit_kinds = ("department", "commune", "agency", "home")
    key_fields = ("criterion", "name")
    needs_period = False
    future_periods = True
    instructions = (
        "Mỗi dòng là một chỉ tiêu: mã tiêu chí, năm, phạm vi áp dụng "
        "(Tỉnh; Sở, ban, ngành; Xã, phường; Đơn vị) và giá trị.",
        "Phạm vi Đơn vị thì ghi tên đơn vị. So sánh: Tối thiểu, Tối đa, Đạt 100% (để trống: theo chiều của tiêu chí).",
        "Chỉ tiêu tương đối (ví dụ tăng 3% so với năm 2024): ghi Năm gốc và Cách tính "
        "(Điểm hoặc Phần trăm); Giá trị là mức tăng.",
    )

    def field_list(self, formula: Formula) -> tuple[Field, ...]:
        return (
            Field("criterion", "Mã tiêu chí", "code", value=False, width=16),
            Field("name", "Tiêu chí", "text", value=False, width=50),
            Field("year", "Năm", "count", min=2000, max=2100, number_format="0"),
            Field("scope", "Phạm vi", "text", width=16),
            Field("unit", "Đơn vị", "unit", value=False, width=36),
            Field("comparator", "So sánh", "text", width=12),
            Field("value", "Giá trị", number_format="0.00"),
            Field("relative_base_year", "Năm gốc", "count", min=2000, max=2100, number_format="0"),
            Field("relative_mode", "Cách tính", "text", width=12),
            Field("text_vi", "Nội dung", "text", width=50),
        )

    def prepare(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        frame = frame.copy()
        reg = ctx.registry
        by_name = reg.criterion_by_name(None)
        frame["_code"] = [
            c.strip().upper()
            if isinstance(c, str) and c.strip().upper() in reg.criterion_codes
            else by_name.get(fold_name(n))
            if isinstance(n, str)
            else None
            for c, n in zip(frame["criterion"], frame["name"])
        ]
        frame["_what"] = frame["criterion"].fillna(frame["name"])
        direction = dict(zip(reg.criteria.code, reg.criteria.direction))
        scopes, comparators, modes = vocabulary("scope"), vocabulary("comparator"), vocabulary("relative_mode")
        frame["_scope"] = [
            scopes.get(fold_name(s)) if isinstance(s, str) else ("unit" if u else "province")
            for s, u in zip(frame["scope"], frame["unit_id"])
        ]
        frame["_comparator"] = [
            comparators.get(fold_name(c))
            if isinstance(c, str)
            else COMPARATOR_OF_DIRECTION.get(direction.get(code), "at_least")
            for c, code in zip(frame["comparator"], frame["_code"])
        ]
        frame["_mode"] = frame["relative_mode"].map(lambda m: modes.get(fold_name(m)) if isinstance(m, str) else None)
        return mark_duplicates(frame.assign(_unit=frame["unit_id"].fillna("")), ["_code", "year", "_scope", "_unit"])

    def schema(self, ctx: Context) -> pa.DataFrameSchema:
        return pa.DataFrameSchema(
            columns_for(self.field_list(ctx.formula)),
            checks=[
                rule(
                    "[criterion] Không nhận ra tiêu chí '{row[_what]}' trong danh mục. "
                    "Hãy ghi mã tiêu chí như trong tệp mẫu.",
                    lambda df: df["_code"].notna(),
                ),
                rule("[year] Thiếu năm áp dụng của chỉ tiêu.", lambda df: df["year"].notna()),
                rule(
                    f"[scope] Phạm vi '{{value}}' không hợp lệ; hãy dùng: {', '.join(SCOPE_LABELS.values())}.",
                    lambda df: df["_scope"].notna(),
                    "scope",
                ),
                rule(
                    "[unit] Phạm vi Đơn vị cần ghi tên đơn vị.",
                    lambda df: df["_scope"].ne("unit") | df["unit_id"].notna(),
                ),
                rule(
                    f"[comparator] '{{value}}' không hợp lệ; hãy dùng: {', '.join(COMPARATOR_LABELS.values())}.",
                    lambda df: df["_comparator"].notna(),
                    "comparator",
                ),
                rule(
                    "[value] Thiếu giá trị của chỉ tiêu.",
                    lambda df: df["value"].notna() | df["_comparator"].eq("reach_100"),
                ),
                rule(
                    f"[relative_mode] Cách tính '{{value}}' không hợp lệ; hãy dùng: {', '.join(MODE_LABELS.values())}.",
                    lambda df: df["_mode"].notna(),
                    "relative_mode",
                ),
                rule(
                    "[relative_mode] Chỉ tiêu so với năm gốc cần ghi cách tính (Điểm hoặc Phần trăm).",
                    lambda df: df["relative_base_year"].isna() | df["relative_mode"].notna(),
                ),
                rule(
                    "[relative_base_year] Năm gốc {value} phải trước năm áp dụng {row[year]}.",
                    lambda df: df["relative_base_year"] < df["year"],
                    "relative_base_year",
                    "year",
                ),
                duplicate_rule("criterion", "Chỉ tiêu này (cùng năm, phạm vi, đơn vị)"),
            ],
        )

    def build(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        value = frame["value"].where(frame["value"].notna() | frame["_comparator"].ne("reach_100"), 100.0)
        return pd.DataFrame(
            {
                "criterion_code": frame["_code"].values,
                "year": frame["year"].astype(int).values,
                "scope": frame["_scope"].values,
                "unit_id": frame["unit_id"].where(frame["_scope"].eq("unit")).values,
                "comparator": frame["_comparator"].values,
                "value": value.values,
                "relative_base_year": frame["relative_base_year"].round().astype("Int64").values,
                "relative_mode": frame["_mode"].values,
                "text_vi": frame["text_vi"].values,
            }
        )

    def template_lists(self, ctx: Context) -> dict[str, list[str]]:
        return {
            "scope": list(SCOPE_LABELS.values()),
            "comparator": list(COMPARATOR_LABELS.values()),
            "relative_mode": list(MODE_LABELS.values()),
            "unit": [ctx.registry.labels[u] for u in ctx.registry.unit_ids(("department", "commune"))],
        }
