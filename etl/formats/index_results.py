"""Format 5: yearly PAR Index, SIPAS and PAPI results of the province, per criterion
(points or percent and maximum), with the province's rank and its denominator."""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from core.formula import Formula
from core.labels import FORMAT_TITLES
from core.settings import home_unit
from etl.formats.base import NOTE, Context, Field, ImportFormat, mark_duplicates
from etl.registry import fold_name
from etl.validation import columns_for, duplicate_rule, rule

INDICES = ("PAR", "SIPAS", "PAPI")
# How titles name each index ("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025").
_TITLE = {
    "PAR": re.compile(r"\bpar\b|cải cách hành chính|chỉ số cchc", re.I),
    "SIPAS": re.compile(r"\bsipas\b|chỉ số hài lòng", re.I),
    "PAPI": re.compile(r"\bpapi\b|quản trị và hành chính công", re.I),
}


def index_in_title(text: str) -> str | None:
    found = [code for code, pattern in _TITLE.items() if pattern.search(text)]
    return found[0] if len(found) == 1 else None


class IndexResults(ImportFormat):
    kind = "index_results"
    title = FORMAT_TITLES["index_results"]
    sections = ("common", "index_results")
    key_fields = ("criterion", "name")
    period_types = ("year",)
    instructions = (
        "Mỗi dòng là một lĩnh vực, tiêu chí hoặc tiêu chí thành phần. Cột Mã tiêu chí ghi mã trong danh mục "
        "(ví dụ PAR.3.8, SIPAS.2, PAPI.5) hoặc số thứ tự (3.8) khi tiêu đề ghi rõ chỉ số.",
        "Ghi điểm đạt và điểm tối đa, hoặc tỷ lệ phần trăm (SIPAS). Dòng không có số liệu được bỏ qua.",
        "Dòng chỉ số chung (PAR, SIPAS, PAPI) ghi thêm xếp hạng của tỉnh và số tỉnh được xếp hạng (ví dụ 28 trên 34).",
    )

    def field_list(self, formula: Formula) -> tuple[Field, ...]:
        return (
            Field("criterion", "Mã tiêu chí", "code", value=False, width=14),
            Field("name", "Tiêu chí", "text", value=False, width=60),
            Field("points", "Điểm đạt", min=0, number_format="0.00"),
            Field("max_points", "Điểm tối đa", min=0, value=False, number_format="0.00"),
            Field("percent", "Tỷ lệ (%)", min=0, max=100, number_format="0.00"),
            Field("rank", "Xếp hạng", "count", min=1, number_format="0"),
            Field("rank_of", "Số tỉnh xếp hạng", "count", min=1, value=False, number_format="0"),
            NOTE,
        )

    def _code(self, reg, index: str | None, code, name) -> str | None:
        known = reg.criterion_codes
        if isinstance(code, str):
            text = code.strip().rstrip(".")
            if text.upper() in known:
                return text.upper()
            if index and f"{index}.{text}" in known:
                return f"{index}.{text}"
        if isinstance(name, str):
            return reg.criterion_by_name(index).get(fold_name(name))
        return None

    def prepare(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        frame = frame.copy()
        index = index_in_title(" ".join(ctx.titles))
        criteria = ctx.registry.criteria.set_index("code")
        frame["_code"] = [self._code(ctx.registry, index, c, n) for c, n in zip(frame["criterion"], frame["name"])]
        frame["_index"] = frame["_code"].map(lambda c: criteria.index_code.get(c) if isinstance(c, str) else None)
        frame["_what"] = frame["criterion"].fillna(frame["name"])
        return mark_duplicates(frame, ["_code"])

    def schema(self, ctx: Context) -> pa.DataFrameSchema:
        return pa.DataFrameSchema(
            columns_for(self.field_list(ctx.formula)),
            checks=[
                rule(
                    "[criterion] Không nhận ra tiêu chí '{row[_what]}' trong danh mục PAR Index, SIPAS, PAPI. "
                    "Hãy ghi mã tiêu chí (ví dụ PAR.3.8) hoặc tên đúng như danh mục.",
                    lambda df: df["_index"].isin(INDICES),
                ),
                rule(
                    "[max_points] Thiếu điểm tối đa cho điểm đạt {row[points]}.",
                    lambda df: df["points"].isna() | df["max_points"].notna(),
                ),
                rule(
                    "[points] Điểm đạt {value} lớn hơn điểm tối đa {row[max_points]}.",
                    lambda df: df["points"] <= df["max_points"] + 1e-9,
                    "points",
                    "max_points",
                ),
                rule(
                    "[rank_of] Xếp hạng {row[rank]} cần ghi kèm số tỉnh được xếp hạng.",
                    lambda df: df["rank"].isna() | df["rank_of"].notna(),
                ),
                rule(
                    "[rank] Xếp hạng {value} lớn hơn số tỉnh được xếp hạng ({row[rank_of]}).",
                    lambda df: df["rank"] <= df["rank_of"],
                    "rank",
                    "rank_of",
                ),
                duplicate_rule("criterion", "Tiêu chí này"),
            ],
        )

    def build(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        period = ctx.period
        rank = frame["rank"].round().astype("Int64")
        note = [extra if isinstance(extra, str) and extra else None for extra in frame["note"]]
        return pd.DataFrame(
            {
                "index_code": frame["_index"].values,
                "criterion_code": frame["_code"].values,
                "unit_id": home_unit(),
                "period_type": period.type,
                "period_key": period.key,
                "period_end": period.end,
                "value": frame["points"].fillna(frame["percent"]).values,
                "points": frame["points"].values,
                "max_points": frame["max_points"].values,
                "rank_official": rank.values,
                "rank_of": frame["rank_of"].round().astype("Int64").values,
                "note": note,
            }
        )

    def template_rows(self, ctx: Context) -> list[dict]:
        crit = ctx.registry.criteria
        rows = crit[crit.index_code.isin(INDICES) & crit.level.le(2)]
        return [{"criterion": c, "name": n} for c, n in zip(rows.code, rows.name_vi)]
