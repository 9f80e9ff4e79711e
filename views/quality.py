"""Chất lượng dữ liệu: what was loaded and its status, how fresh and complete the data are,
and where the official points differ from the recomputation."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core import clock
from core.format import fmt_int
from core.periods import Period
from metrics.completeness import COMPLETE
from views import data

TITLE = "Chất lượng dữ liệu"
PICK_766 = "Chọn Bộ chỉ số 766 và một kỳ ở thanh bên để xem độ đầy đủ số liệu của các đơn vị."
PICK_766_MISMATCH = "Chọn Bộ chỉ số 766 và một kỳ ở thanh bên để đối chiếu."


@dataclass(frozen=True)
class Completeness:
    caption: str
    gaps: pd.DataFrame  # units lacking a total, groups or indicators
    complete_message: str | None
    grid_caption: str
    grid: pd.DataFrame  # unit name × period label: the total, NaN where missing


@dataclass(frozen=True)
class Mismatches:
    caption: str
    rows: pd.DataFrame
    message: str  # success or warning sentence
    ok: bool


@dataclass(frozen=True)
class TthcCompleteness:
    """Who sent the monthly TTHC report: the newest report's period, counts per status, the units
    missing from it, and dossiers received per unit and month (docs/052)."""

    caption: str
    missing: pd.DataFrame  # name, kind label, status: units without (all) figures
    grid: pd.DataFrame  # unit name × month label: dossiers received, NaN where not reported


@dataclass(frozen=True)
class Quality:
    freshness: pd.DataFrame
    loads_caption: str
    loads: pd.DataFrame
    loads_undone: pd.Series
    completeness: Completeness | None
    mismatches: Mismatches | None
    tthc: TthcCompleteness | None = None


def _vn_times(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Timestamps as Vietnam-time text ("18:20 02/12/2026"): the warehouse stores UTC."""
    out = frame.copy()
    for column in columns:
        out[column] = out[column].map(clock.fmt_datetime)
    return out


def _tthc_completeness(kinds: tuple[str, ...]) -> TthcCompleteness | None:
    reports = data.tthc_periods()
    if not reports:
        return None
    newest = reports[0].period
    coverage = data.tthc_missing(newest, kinds)
    counts = coverage["status"].value_counts()
    grid = data.tthc_matrix(newest.type, kinds)
    months = [c for c in grid.columns if c not in ("unit_id", "name", "kind")]
    shown = grid[["name", *months]].set_index("name").rename(columns=lambda k: Period(newest.type, k).label)
    shown.index.name = "Đơn vị"
    return TthcCompleteness(
        caption=f"Báo cáo {newest.label}: " + " · ".join(f"{label}: {fmt_int(n)}" for label, n in counts.items()),
        missing=coverage[coverage["status"] != COMPLETE][["name", "n_items", "expected_items", "status"]].reset_index(
            drop=True
        ),
        grid=shown,
    )


def quality(period: Period | None, index: str, kinds: tuple[str, ...]) -> Quality:
    fresh = data.freshness(clock.today_vn())
    if not fresh.empty:
        fresh = _vn_times(
            fresh[
                [
                    "index_name",
                    "period_label",
                    "days_since_period",
                    "last_loaded_at",
                    "days_since_load",
                    "n_periods",
                    "n_units",
                ]
            ],
            "last_loaded_at",
        )
    loads = data.loads()
    loads_caption = (
        " · ".join(f"{label}: {fmt_int(n)}" for label, n in loads["status_label"].value_counts().items())
        if not loads.empty
        else ""
    )
    shown_loads = (
        _vn_times(
            loads[
                [
                    "batch_id",
                    "format_label",
                    "file_name",
                    "period_label",
                    "source_label",
                    "loaded_by",
                    "loaded_at",
                    "status_label",
                    "row_count",
                    "note",
                ]
            ],
            "loaded_at",
        )
        if not loads.empty
        else loads
    )
    complete = mismatches = None
    if period is not None and index == "SVC766":
        coverage = data.completeness_missing(period, kinds)
        counts = coverage["status"].value_counts()
        gaps = coverage[coverage["status"] != COMPLETE]
        grid = data.completeness_matrix(period.type, kinds)
        periods = [c for c in grid.columns if c not in ("unit_id", "name", "kind")]
        shown = grid[["name", *periods]].set_index("name").rename(columns=lambda k: Period(period.type, k).label)
        shown.index.name = "Đơn vị"
        complete = Completeness(
            caption=f"{period.label}: " + " · ".join(f"{label}: {fmt_int(n)}" for label, n in counts.items()),
            gaps=gaps[
                ["name", "has_total", "n_groups", "expected_groups", "n_indicators", "expected_indicators", "status"]
            ],
            complete_message=None
            if not gaps.empty
            else f"Mọi đơn vị đều đủ tổng điểm, nhóm và chỉ tiêu trong {period.label.lower()}.",
            grid_caption=f"Tổng điểm của từng đơn vị qua {fmt_int(len(periods))} kỳ cùng loại; "
            "ô trống (tô màu) là chưa có dữ liệu.",
            grid=shown,
        )
        differing, statuses = data.mismatches(period)
        mismatches = Mismatches(
            caption="Số dòng chỉ tiêu theo kết quả đối chiếu: "
            + " · ".join(f"{s}: {fmt_int(n)}" for s, n in zip(statuses["status"], statuses["rows"])),
            rows=differing.drop(columns=["unit_id", "kind"]) if not differing.empty else differing,
            ok=differing.empty,
            message="Không có chỉ tiêu hay nhóm nào lệch giữa điểm tính lại và điểm trên Cổng."
            if differing.empty
            else f"{fmt_int(len(differing))} dòng lệch giữa điểm tính lại và điểm trên Cổng.",
        )
    return Quality(
        tthc=_tthc_completeness(kinds),
        freshness=fresh,
        loads_caption=loads_caption,
        loads=shown_loads,
        loads_undone=loads["effective_status"].eq("undone") if not loads.empty else pd.Series(dtype=bool),
        completeness=complete,
        mismatches=mismatches,
    )
