"""Format 2: 766 indicator detail, one row per unit and indicator (numerator,
denominator, ratio in percent, official points)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from core.formula import INDEX, Formula
from core.labels import FORMAT_TITLES
from etl.formats.base import NOTE, UNIT, UNIT_CODE, Context, Field, ImportFormat, mark_duplicates
from etl.registry import fold_name
from etl.validation import columns_for, duplicate_rule, rule

# A ratio written with one decimal ("88,6%") must still agree with its numerator and denominator.
RATIO_TOLERANCE = 0.06


def indicator_codes(formula: Formula) -> dict[str, str]:
    """Folded code or name → indicator code."""
    out = {}
    for ind in formula.indicators:
        for text in (ind.code, ind.criterion_code, ind.name):
            out[fold_name(text)] = ind.code
    return out


class IndicatorDetail(ImportFormat):
    kind = "indicators766"
    title = FORMAT_TITLES["indicators766"]
    sections = ("common", "units", "indicators766")
    unit_kinds = ("department", "commune", "agency", "home")
    key_fields = ("unit", "indicator")  # a sheet of the province's own indicators has no unit column
    combines_with = ("scores766",)
    instructions = (
        "Mỗi dòng là một chỉ tiêu của một đơn vị. Cột Chỉ tiêu ghi mã (ví dụ ON_TIME) "
        "hoặc tên chỉ tiêu như trong danh sách.",
        "Tử số không được lớn hơn mẫu số; tỷ lệ tính theo phần trăm (0–100); điểm không vượt điểm tối đa của chỉ tiêu.",
        "Có thể để trống tỷ lệ: hệ thống tự tính từ tử số và mẫu số.",
    )

    def field_list(self, formula: Formula) -> tuple[Field, ...]:
        return (
            UNIT,
            UNIT_CODE,
            Field("indicator", "Chỉ tiêu", "code", required=True, value=False, width=48),
            Field("numerator", "Tử số", min=0, number_format="#,##0.##"),
            Field("denominator", "Mẫu số", min=0, number_format="#,##0.##"),
            Field("ratio", "Tỷ lệ (%)", min=0, max=100, number_format="0.00"),
            Field("points", "Điểm", min=0, number_format="0.00"),
            NOTE,
        )

    def whole_table_unit(self, table, registry) -> tuple[str | None, str]:
        """The tracker's province-indicator sheet: no unit column, its name or title says it is the province's
        ("Chỉ số tỉnh", "CHỈ SỐ THÀNH PHẦN CỦA TỈNH ĐẮK LẮK"). Any other unit named there makes it ambiguous."""
        if sum(name in table.columns for name in ("numerator", "denominator", "ratio", "points")) < 3:
            return None, ""  # not an indicator sheet: a few headers that happen to fit
        text = fold_name(" ".join([table.sheet.name, *table.title_texts]))
        words = set(text.split())
        home = registry.home_unit
        home_short = fold_name(registry.units.set_index("unit_id").short_name.get(home) or "")
        others = [
            fold_name(s)
            for u, s in zip(registry.units.unit_id, registry.units.short_name)
            if u != home and isinstance(s, str) and registry.kind_of.get(u) == "province"
        ]
        named_other = [o for o in others if o and f" {o} " in f" {text} "]
        if named_other:
            return None, "không có cột đơn vị và tiêu đề nêu tỉnh khác"
        if "tỉnh" in words or (home_short and f" {home_short} " in f" {text} "):
            return registry.labels[home], ""
        return None, "không có cột đơn vị và không ghi rõ là số liệu của tỉnh"

    def prepare(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        formula = ctx.formula
        codes = indicator_codes(formula)
        frame = frame.copy()
        # Once per distinct cell: 100,000 rows name a few dozen indicators.
        found = {
            v: (codes.get(fold_name(v)) or codes.get(fold_name(v.split("—")[0])))
            for v in frame["indicator"].dropna().unique()
            if isinstance(v, str)
        }
        frame["_indicator"] = frame["indicator"].map(found).astype(object)
        frame["_indicator"] = frame["_indicator"].where(frame["_indicator"].notna(), None)
        max_points = {i.code: i.max_points for i in formula.indicators}
        frame["_max"] = frame["_indicator"].map(max_points).astype(float)
        den = frame["denominator"].where(frame["denominator"] > 0)
        frame["_ratio"] = (frame["numerator"] / den * 100).round(2)
        return mark_duplicates(frame, ["unit_id", "_indicator"])

    def schema(self, ctx: Context) -> pa.DataFrameSchema:
        return pa.DataFrameSchema(
            columns_for(self.field_list(ctx.formula)),
            checks=[
                rule(
                    "[indicator] Không nhận ra chỉ tiêu '{value}'. Hãy ghi mã hoặc tên chỉ tiêu như trong tệp mẫu.",
                    lambda df: df["_indicator"].notna(),
                    "indicator",
                ),
                rule(
                    "[points] Điểm {value} vượt điểm tối đa {row[_max]} của chỉ tiêu.",
                    lambda df: df["points"] <= df["_max"] + 1e-9,
                    "points",
                    "_max",
                ),
                rule(
                    "[numerator] Tử số {value} lớn hơn mẫu số {row[denominator]}.",
                    lambda df: df["numerator"] <= df["denominator"],
                    "numerator",
                    "denominator",
                ),
                rule(
                    "[ratio] Tỷ lệ {value}% không khớp với tử số / mẫu số ({row[_ratio]}%).",
                    lambda df: (df["ratio"] - df["_ratio"]).abs() <= RATIO_TOLERANCE,
                    "ratio",
                    "_ratio",
                ),
                duplicate_rule("indicator", "Chỉ tiêu này của đơn vị"),
            ],
        )

    def build(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        # One observation per row, all indicators at once (no per-indicator frames).
        period = ctx.period
        return pd.DataFrame(
            {
                "index_code": INDEX,
                "criterion_code": (INDEX + ".") + frame["_indicator"].astype(object).to_numpy(),
                "unit_id": frame["unit_id"].to_numpy(),
                "value": frame["ratio"].fillna(frame["_ratio"]).to_numpy(),
                "numerator": frame["numerator"].to_numpy(),
                "denominator": frame["denominator"].to_numpy(),
                "points": frame["points"].to_numpy(),
                "max_points": frame["_max"].to_numpy(),
                "note": frame["note"].to_numpy(),
                "period_type": period.type,
                "period_key": period.key,
                "period_end": period.end,
            }
        )

    def template_lists(self, ctx: Context) -> dict[str, list[str]]:
        return {"indicator": [f"{i.code} — {i.name}" for i in ctx.formula.indicators]}
