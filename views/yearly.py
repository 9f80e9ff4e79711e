"""PAR Index, SIPAS, PAPI: a year's results by area and criterion against the maximum, points lost,
survey-scored criteria marked, and the national rank history with its denominator."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core import clock
from core.format import fmt_int
from core.periods import Period
from views import data
from views.common import SourceLine, source_line

INDEX_LABELS = {"SVC766": "Bộ chỉ số 766", "PAR": "PAR Index", "SIPAS": "SIPAS", "PAPI": "PAPI"}
RANK_NOTE = "Số tỉnh, thành phố thay đổi từ 63 xuống 34 năm 2025: thứ hạng hai giai đoạn không so sánh trực tiếp."


@dataclass(frozen=True)
class Yearly:
    index: str
    name: str
    year: int
    title: str
    history: pd.DataFrame  # year, rank, of, change, source
    history_message: str | None
    source: SourceLine | None
    observed: bool  # a result of the year is loaded
    empty_message: str | None
    areas: pd.DataFrame  # level-1 areas: name, points, max_points, lost
    lost: pd.DataFrame  # criteria that lost points, most first
    table: pd.DataFrame  # the whole tree, indented names
    table_caption: str


def yearly(index: str, period: Period | None) -> Yearly:
    name = INDEX_LABELS.get(index, index)
    # A yearly period is a year; without any loaded result, show the catalogue for last year.
    year = int(period.key[:4]) if period else clock.today_vn().year - 1
    history = data.rank_history(index)
    results = data.yearly_results(index, year)
    observed = results[results["observed"]]
    source = None
    if period:
        known = observed["source_label"].dropna()
        source = source_line(period, known.iloc[0] if len(known) else "—", None)
    areas = observed[observed["level"] == 1].rename(columns={"name_vi": "name", "points_lost": "lost"})
    areas = areas.dropna(subset=["max_points", "points"]) if areas["max_points"].notna().any() else areas.iloc[0:0]
    lost = observed[(observed["level"] >= 2) & (observed["points_lost"] > 0)].sort_values(
        "points_lost", ascending=False
    )
    table = results[results["level"] >= 1].copy()
    table["name_vi"] = ["    " * (level - 1) + text for level, text in zip(table["level"], table["name_vi"])]
    table["xhh_survey"] = table["xhh_survey"].map({True: "Điều tra XHH", False: ""})
    n_survey = int(results["xhh_survey"].sum())
    return Yearly(
        index=index,
        name=name,
        year=year,
        title=f"Chỉ số năm: {name}",
        history=history,
        history_message=f"Chưa có số liệu xếp hạng {name} của tỉnh." if history.empty else None,
        source=source,
        observed=not observed.empty,
        empty_message=None
        if not observed.empty
        else f"Chưa có kết quả {name} năm {year} trong kho: chưa có điểm để hiển thị. Hãy nạp bảng kết quả ở "
        "trang Nhập dữ liệu. Dưới đây là cấu trúc chỉ số theo danh mục tiêu chí.",
        areas=areas,
        lost=lost.head(10),
        table=table[["code", "name_vi", "max_points", "points", "ratio", "points_lost", "xhh_survey"]],
        table_caption=f"{fmt_int(len(table))} lĩnh vực, tiêu chí; {fmt_int(n_survey)} tiêu chí chấm qua điều tra "
        "xã hội học (đánh dấu “Điều tra XHH”).",
    )
