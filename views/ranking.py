"""Xếp hạng: departments and communes as separate leagues, filtered and sorted, with the export."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.format import fmt_int, fmt_movement, fmt_num
from core.formula import formula_for
from core.periods import Period
from core.text import filter_rows
from views import data
from views.common import SourceLine, source_line
from views.store import cached

TITLE = "Xếp hạng đơn vị"
LEAGUES = {"department": ("departments", "Sở, ban, ngành"), "commune": ("communes", "UBND xã, phường")}
FLAGS = {"below_target": "Dưới chỉ tiêu", "below_average": "Dưới bình quân"}
# Column headers short enough for 14 columns on one screen; the full group name is the header's tooltip.
SHORT_NAMES = {
    "CKMB": "Công khai",
    "TDGQ": "Tiến độ",
    "CLGQ": "DVC trực tuyến",
    "TTTT": "Thanh toán",
    "MDSH": "Số hóa",
    "MDHL": "Hài lòng",
}


@dataclass(frozen=True)
class Filters:
    name: str = ""
    bands: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    sort_by: str = "total"


@dataclass(frozen=True)
class Options:
    """What the filter widgets offer in this period (from the period's formula)."""

    bands: tuple[str, ...]
    flags: dict
    sort_by: dict  # code → label, "total" first
    groups: tuple[str, ...]  # the group columns, in order


@dataclass(frozen=True)
class League:
    kind: str
    label: str
    empty_message: str | None  # the league has no data, or nothing matches the filters
    caption: str
    table: pd.DataFrame  # what the page shows (display columns, codes as headers)
    unit_ids: tuple[str, ...]  # the unit of each table row, for clicks
    chart: pd.DataFrame  # name, total of the rows shown
    average: float | None
    target: float | None
    export: pd.DataFrame  # the same rows with Vietnamese headers


@dataclass(frozen=True)
class Ranking:
    period: Period
    source: SourceLine
    options: Options
    filters: Filters
    columns: dict  # column code → short header
    column_help: dict  # group code → full group name
    number_columns: tuple[str, ...]  # formatted as "94,84"
    leagues: tuple[League, ...]
    export_header: tuple[str, ...]  # printed above every exported sheet
    export_name: str


def options(period: Period) -> Options:
    formula = formula_for(period.end)
    return Options(
        bands=tuple(b.label for b in formula.bands),
        flags=dict(FLAGS),
        sort_by={"total": "Tổng điểm", **{g.code: g.name for g in formula.groups}},
        groups=tuple(g.code for g in formula.groups),
    )


def _display(frame: pd.DataFrame, groups: tuple[str, ...], sort_by: str) -> pd.DataFrame:
    table = frame[
        ["rank", "rank_official", "movement", "name", "total", "band", *groups, "below_average", "below_target"]
    ].copy()
    if sort_by != "total":
        table.insert(0, "group_rank", frame[f"rank_{sort_by}"])
    table["movement"] = table["movement"].map(fmt_movement)
    for flag in FLAGS:
        table[flag] = table[flag].map({True: FLAGS[flag], False: ""}).fillna("—")
    return table.reset_index(drop=True)


def _dates(frame: pd.DataFrame) -> str:
    """ "Hạng ngày 10/10/2026 trong 102 đơn vị được chấm điểm; thay đổi so với 01/10/2026" (docs/050, 051):
    a rank with its league's size and date, a movement with what it compares with."""
    scored = int(frame["total"].notna().sum())
    ranked = frame["rank"].notna().any()
    text = (
        f"Hạng ngày {frame['rank_label'].iloc[0]} trong {fmt_int(scored)} đơn vị được chấm điểm"
        if ranked
        else f"Kỳ này chỉ có {fmt_int(scored)} đơn vị được chấm điểm: không xếp hạng"
    )
    earlier = frame["previous_label"].dropna().value_counts()
    if earlier.empty:
        return text + "; chưa có kỳ trước để so sánh"
    others = f" (một số đơn vị so với {', '.join(earlier.index[1:4])})" if len(earlier) > 1 else ""
    return f"{text}; thay đổi so với {earlier.index[0]}{others}"


@cached()
def ranking(period: Period, kinds: tuple[str, ...], filters: Filters = Filters()) -> Ranking:
    formula = formula_for(period.end)
    opts = options(period)
    sort_by = filters.sort_by if filters.sort_by in opts.sort_by else "total"
    columns = {
        "group_rank": "Hạng nhóm",
        "rank": "Hạng",
        "rank_official": "Hạng trên Cổng",
        "movement": "Thay đổi",
        "name": "Đơn vị",
        "total": "Tổng điểm",
        "band": "Xếp loại",
        **{g.code: f"{SHORT_NAMES.get(g.code, g.name)} ({fmt_int(g.max_points)})" for g in formula.groups},
        **FLAGS,
    }
    export_columns = {**columns, **{g.code: f"{g.name} ({fmt_int(g.max_points)})" for g in formula.groups}}
    leagues = []
    for kind in kinds:
        league, label = LEAGUES[kind]
        frame = data.league_table(period, league)
        if frame.empty:
            leagues.append(
                League(
                    kind,
                    label,
                    f"Chưa có dữ liệu kỳ này cho {label.lower()}.",
                    "",
                    pd.DataFrame(),
                    (),
                    pd.DataFrame(),
                    None,
                    None,
                    pd.DataFrame(),
                )
            )
            continue
        shown = filter_rows(frame, name=filters.name, bands=filters.bands, flags=filters.flags)
        shown = shown.sort_values([sort_by, "rank"], ascending=[False, True], kind="stable")
        average, target = frame["average"].iloc[0], frame["target"].iloc[0]
        caption = (
            f"{fmt_int(len(shown))}/{fmt_int(len(frame))} đơn vị · {_dates(frame)} · Bình quân khối: "
            f"{fmt_num(average)} · Chỉ tiêu: {fmt_num(target)} điểm · Bấm vào một dòng để xem chi tiết đơn vị."
        )
        table = _display(shown, opts.groups, sort_by)
        leagues.append(
            League(
                kind,
                label,
                None if len(table) else "Không có đơn vị nào khớp bộ lọc.",
                caption,
                table,
                tuple(shown["unit_id"]),
                shown[["name", "total"]].reset_index(drop=True),
                None if pd.isna(average) else float(average),
                None if pd.isna(target) else float(target),
                table.rename(columns=export_columns),
            )
        )
    line = source_line(period)
    header = (
        "Xếp hạng Bộ chỉ số 766",
        f"Kỳ: {period.label} · Nguồn: {line.source or '—'}",
        f"Lọc: tên “{filters.name or 'tất cả'}”, xếp loại {', '.join(filters.bands) or 'tất cả'}, "
        f"cảnh báo {', '.join(FLAGS[f] for f in filters.flags) or 'không'}; "
        f"sắp xếp theo {opts.sort_by[sort_by]}",
    )
    return Ranking(
        period=period,
        source=line,
        options=opts,
        filters=filters,
        columns=columns,
        column_help={g.code: g.name for g in formula.groups},
        number_columns=("total", *opts.groups),
        leagues=tuple(leagues),
        export_header=header,
        export_name=f"xep-hang-766-{period.key}.xlsx",
    )
