"""Formats 1 and 4: 766 scores per unit (six groups, total, band, rank) and the
national ranking of the 34 provinces (the same columns, one row per province)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from core.formula import INDEX, TOTAL_CODE, Formula
from core.labels import FORMAT_TITLES
from etl.formats.base import NOTE, UNIT, UNIT_CODE, Context, Field, ImportFormat, mark_duplicates, observation_rows
from etl.validation import columns_for, duplicate_rule, rule

SUM_TOLERANCE = 0.02


class UnitScores(ImportFormat):
    kind = "scores766"
    title = FORMAT_TITLES["scores766"]
    sections = ("common", "units", "groups766")
    unit_kinds = ("department", "commune", "agency", "home")
    combines_with = ("indicators766",)
    instructions = (
        "Mỗi dòng là một đơn vị: điểm sáu nhóm chỉ số, tổng điểm, xếp loại và xếp hạng như trên Cổng DVCQG.",
        "Tổng điểm phải bằng tổng điểm sáu nhóm (chênh lệch tối đa 0,02).",
        "Xếp loại: Xuất sắc, Tốt, Khá, Trung bình, Yếu (có thể để trống). Xếp hạng là hạng trong khối.",
    )

    def field_list(self, formula: Formula) -> tuple[Field, ...]:
        groups = tuple(
            Field(g.code, f"{g.name} ({g.max_points:g})", required=True, min=0, max=g.max_points, number_format="0.00")
            for g in formula.groups
        )
        total = sum(g.max_points for g in formula.groups)
        return (
            UNIT,
            UNIT_CODE,
            *groups,
            Field("total", "Tổng điểm", required=True, min=0, max=total, number_format="0.00"),
            Field("band", "Xếp loại", "text"),
            Field("rank", "Xếp hạng", "count", min=1, number_format="0"),
            NOTE,
        )

    def prepare(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        frame = mark_duplicates(frame, ["unit_id"])
        codes = [g.code for g in ctx.formula.groups]
        frame["_group_sum"] = frame[codes].sum(axis=1, min_count=len(codes)).round(4)
        return frame

    def schema(self, ctx: Context) -> pa.DataFrameSchema:
        formula = ctx.formula
        labels = ", ".join(b.label for b in formula.bands)
        band_ok = pa.Check(
            lambda s: s.isna() | s.map(lambda v: formula.canonical_band(v) is not None).astype(bool),
            error=f"Xếp loại '{{value}}' không có trong danh sách: {labels}.",
        )
        return pa.DataFrameSchema(
            columns_for(self.field_list(formula), {"band": [band_ok]}),
            checks=[
                rule(
                    f"[total] Tổng điểm {{value}} khác tổng điểm các nhóm ({{row[_group_sum]}}) quá "
                    f"{SUM_TOLERANCE:g}.".replace(".", ","),
                    lambda df: (df["total"] - df["_group_sum"]).abs() <= SUM_TOLERANCE + 1e-9,
                    "total",
                    "_group_sum",
                ),
                duplicate_rule("unit", "Đơn vị này"),
            ],
        )

    def build(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        formula = ctx.formula
        bands = frame["band"] if "band" in frame else pd.Series(None, index=frame.index, dtype=object)  # not ranked
        frame = frame.assign(_band=bands.map(lambda v: formula.canonical_band(v) if isinstance(v, str) else None))
        items = {
            TOTAL_CODE: {
                "value": "total",
                "points": "total",
                "band_official": "_band",
                "note": "note",
                "max_points": float(sum(g.max_points for g in formula.groups)),
            }
        }
        items.update(
            {
                g.criterion_code: {"value": g.code, "points": g.code, "max_points": float(g.max_points)}
                for g in formula.groups
            }
        )
        rows = observation_rows(frame, ctx, INDEX, items)
        ranks = frame["rank"].round().astype("Int64")
        if self.joint_order(frame, ctx):
            ctx.warnings.append(
                "Cột xếp hạng là thứ tự chung của sở, ngành và xã, phường trong tệp (như bảng theo "
                "dõi của tỉnh), không phải hạng chính thức trong từng khối nên không được lưu; "
                "hạng trong khối được tính từ điểm."
            )
            ranks = pd.Series(pd.NA, index=frame.index, dtype="Int64")
        rows.loc[rows.criterion_code == TOTAL_CODE, "rank_official"] = ranks.values
        return rows

    @staticmethod
    def joint_order(frame: pd.DataFrame, ctx: Context) -> bool:
        """Ranks that order several leagues together (departments and communes in one sequence) are the
        file's own order, not official league ranks: an official ranking repeats rank 1 in every league."""
        ranked = frame.dropna(subset=["rank"])
        if ranked.empty:
            return False
        league = ranked["unit_id"].map(ctx.registry.kind_of)
        if league.nunique() < 2:
            return False
        owners = ranked.groupby(ranked["rank"].round())["unit_id"].agg(lambda u: u.map(ctx.registry.kind_of).nunique())
        return bool((owners == 1).all())

    def template_rows(self, ctx: Context) -> list[dict]:
        reg = ctx.registry
        return [{"unit": reg.labels[u]} for u in reg.unit_ids(("department", "commune"))]


class NationalRanking(UnitScores):
    kind = "ranking766"
    title = FORMAT_TITLES["ranking766"]
    sections = ("common", "provinces", "groups766")
    unit_kinds = ("province",)
    combines_with = ()
    instructions = (
        "Mỗi dòng là một tỉnh, thành phố: điểm sáu nhóm chỉ số, tổng điểm và xếp hạng toàn quốc.",
        "Tổng điểm phải bằng tổng điểm sáu nhóm (chênh lệch tối đa 0,02).",
    )

    def field_list(self, formula: Formula) -> tuple[Field, ...]:
        fields = super().field_list(formula)
        return tuple(
            Field("unit", "Tỉnh, thành phố", "unit", required=True, value=False, width=34) if f.name == "unit" else f
            for f in fields
            if f.name != "band"
        )

    def template_rows(self, ctx: Context) -> list[dict]:
        short = ctx.registry.units.set_index("unit_id").short_name.dropna()
        return [{"unit": short.get(u, ctx.registry.labels[u])} for u in ctx.registry.unit_ids(("province",))]
