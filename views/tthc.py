"""Hồ sơ TTHC: the monthly report on receiving and resolving dossiers as leaders read it: the
province's figures and their trend, units ranked by late dossiers, who has not reported (docs/052)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core import clock
from core.format import fmt_delta, fmt_int, fmt_pct
from core.periods import Period
from views import data
from views.overview import Metric

TITLE = "Báo cáo giải quyết hồ sơ TTHC"
NO_REPORT = "Chưa có báo cáo tình hình giải quyết hồ sơ TTHC nào."
NO_REPORT_HINT = "Cán bộ phụ trách có thể nạp báo cáo tháng ở trang Nhập dữ liệu."
UNIT_COLUMNS = [
    "rank",
    "unit_id",
    "name",
    "received",
    "resolved",
    "on_time_rate",
    "resolved_late",
    "pending_overdue",
    "late",
    "apologies",
]
TREND_COLUMNS = ["label", "received", "resolved", "on_time_rate", "pending", "pending_overdue", "apologies"]


@dataclass(frozen=True)
class Tthc:
    period: Period
    source: str  # "Báo cáo Tháng 9/2026 · 4 đơn vị · Nạp lúc 18:20 02/12/2026"
    metrics: tuple[Metric, ...]  # received, resolved, on-time rate, overdue pending, apologies
    total_note: str | None  # how the province's figures were obtained
    units: pd.DataFrame  # UNIT_COLUMNS, most late dossiers first
    units_caption: str
    trend: pd.DataFrame  # TREND_COLUMNS, oldest first: the province over the months
    trend_message: str | None
    missing_caption: str | None  # units of the registry that did not report


@dataclass(frozen=True)
class Empty:
    message: str
    hint: str


def options() -> dict[str, str]:
    """Periods with a report, newest first: "month:2026-09" → "Tháng 9/2026"."""
    return {f"{p.period.type}:{p.period.key}": p.period.label for p in data.tthc_periods()}


def tthc(choice: str | None = None) -> Tthc | Empty:
    offered = options()
    if not offered:
        return Empty(NO_REPORT, NO_REPORT_HINT)
    key = choice if choice in offered else next(iter(offered))
    period = Period(*key.split(":", 1))
    report = data.tthc_report(period)
    total = report.total
    loaded = f" · Nạp lúc {clock.fmt_datetime(report.loaded_at)}" if report.loaded_at else ""
    change = (
        ""
        if report.on_time_change is None
        else f"{fmt_delta(report.on_time_change)} điểm % so với {report.previous.label}"
    )
    metrics = (
        Metric(
            "Hồ sơ tiếp nhận",
            fmt_int(total.received),
            help=f"Kỳ trước chuyển qua {fmt_int(total.received_carried)}, mới tiếp nhận trực tuyến "
            f"{fmt_int(total.received_online)}, trực tiếp và bưu chính {fmt_int(total.received_direct)}",
        ),
        Metric(
            "Đã giải quyết",
            fmt_int(total.resolved),
            help=f"Trước hạn {fmt_int(total.resolved_early)}, đúng hạn {fmt_int(total.resolved_on_time)}, "
            f"quá hạn {fmt_int(total.resolved_late)}",
        ),
        Metric(
            "Tỷ lệ đúng hạn",
            fmt_pct(total.on_time_rate),
            help="(Trước hạn + đúng hạn) / số đã giải quyết" + (f"; {change}" if change else ""),
        ),
        Metric(
            "Đang giải quyết quá hạn",
            fmt_int(total.pending_overdue),
            help=f"Đang giải quyết: {fmt_int(total.pending)}, trong đó trong hạn {fmt_int(total.pending_within)}",
        ),
        Metric(
            "Hồ sơ trễ hạn đã xin lỗi",
            f"{fmt_int(total.apologies)}/{fmt_int(total.late)}",
            help="Số hồ sơ quá hạn (đã và đang giải quyết) đã có văn bản xin lỗi",
        ),
    )
    units = report.units.reindex(columns=UNIT_COLUMNS)
    missing = data.tthc_missing(period, ("department", "commune"))
    absent = int((missing["n_items"] == 0).sum()) if not missing.empty else 0
    return Tthc(
        period=period,
        source=f"Báo cáo {period.label} · {fmt_int(len(units))} đơn vị{loaded}",
        metrics=metrics,
        total_note="Số của toàn tỉnh lấy từ dòng của tỉnh trong báo cáo."
        if total.basis == "home"
        else f"Số của toàn tỉnh là tổng của {fmt_int(total.units)} đơn vị có trong báo cáo.",
        units=units,
        units_caption="Xếp theo số hồ sơ trễ hạn (đã giải quyết quá hạn và đang quá hạn), nhiều nhất trước.",
        trend=report.trend.reindex(columns=TREND_COLUMNS),
        trend_message=None if len(report.trend) >= 2 else "Cần từ 2 tháng có báo cáo trở lên để xem xu hướng.",
        missing_caption=f"{fmt_int(absent)} sở, ngành, xã, phường chưa có trong báo cáo kỳ này." if absent else None,
    )
