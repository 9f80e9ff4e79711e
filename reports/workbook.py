"""The Excel workbook (openpyxl): a sheet naming the source, period and filters, the province,
one sheet per league and per group, targets at risk and overdue tasks. Frozen headers,
filters, band colours; a missing value is an empty cell, never 0; every cell is data, never a
formula (a unit name that starts with "=" stays text)."""

from __future__ import annotations

import io
import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports import text as T
from views.meeting import LEAGUE_LABELS, MeetingPack

HEADER_ROW = 5  # rows 1–3: the stamp; row 5: the column headers; data from row 6
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
NUMBER = "#,##0.00"
MISSING_NOTE = "Ô trống: chưa có số liệu (khác với 0)."
SHEET_LEAGUES = {"departments": "Sở, ban, ngành", "communes": "Xã, phường"}


def _value(value):
    """A cell's value: missing (None, NaN, NA) → None (an empty cell), numpy → Python."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def put(ws, row: int, column: int, value, number_format: str | None = None):
    """Write one cell as data: a text starting with "=" is stored as text, never as a formula."""
    cell = ws.cell(row=row, column=column)
    value = _value(value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format and isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.number_format = number_format
    return cell


def _sheet(
    wb,
    title: str,
    pack: MeetingPack,
    header: list[str],
    rows: list[list],
    formats: dict[int, str] | None = None,
    band_columns: tuple[int, ...] = (),
    widths: dict[int, int] | None = None,
):
    ws = wb.create_sheet(title[:31])
    for i, line in enumerate(T.stamp_lines(pack), start=1):
        put(ws, i, 1, line).font = Font(bold=i == 1, italic=i > 1, color="333333" if i == 1 else "555555")
    for c, name in enumerate(header, start=1):
        cell = put(ws, HEADER_ROW, c, name)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for c, value in enumerate(values, start=1):
            cell = put(ws, r, c, value, (formats or {}).get(c))
            if c in band_columns and isinstance(cell.value, str) and cell.value in T.BAND_COLORS:
                cell.fill = PatternFill("solid", fgColor=T.BAND_COLORS[cell.value])
    last = get_column_letter(len(header))
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(rows), 1)}"
    for c, name in enumerate(header, start=1):
        longest = max(
            [len(str(name)) if len(header) > 1 else 8, *(len(str(_value(r[c - 1]) or "")) for r in rows[:200])],
            default=8,
        )
        width = (widths or {}).get(c) or min(max(longest, 8) + 2, 40)
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    return ws


def _info_sheet(wb, pack: MeetingPack):
    ws = wb.active
    ws.title = "Thông tin"
    rows = [
        ("Bảng tính", f"Kết quả Bộ chỉ số 766 — {pack.period_label}"),
        ("Kỳ", pack.period_label + (" (tạm tính)" if pack.provisional else "")),
        ("Số liệu đến ngày", T.date_vn(pack.data_date)),
        ("Nạp lúc", pack.loaded_at.strftime("%H:%M %d/%m/%Y") if pack.loaded_at else T.MISSING),
        ("Nguồn", pack.source),
        *[(f"Lọc: {name}", value) for name, value in pack.filters],
        ("Lập lúc", T.when_vn(pack.generated_at)),
        ("Số liệu trống", MISSING_NOTE),
        ("Kỳ so sánh", pack.previous.label if pack.previous else "chưa có kỳ trước cùng loại"),
    ]
    for r, (name, value) in enumerate(rows, start=1):
        put(ws, r, 1, name).font = Font(bold=True)
        put(ws, r, 2, value)
    r = len(rows) + 2
    put(ws, r, 1, "Màu xếp loại").font = Font(bold=True)
    for band, low in pack.band_limits:
        r += 1
        put(ws, r, 1, band).fill = PatternFill("solid", fgColor=T.BAND_COLORS.get(band, "FFFFFF"))
        put(ws, r, 2, f"từ {T.fmt_compact(low)} điểm")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 24, 100


def _league_rows(table: pd.DataFrame, groups) -> list[list]:
    rows = []
    for _, r in table.iterrows():
        below_avg, below_target = _value(r.get("below_average")), _value(r.get("below_target"))
        rows.append(
            [
                r.get("rank"),
                r.get("rank_official"),
                r.get("movement"),
                r["unit_id"],
                r["name"],
                r.get("total"),
                r.get("band"),
                *[r.get(g.code) for g in groups],
                r.get("average"),
                None if below_avg is None else ("Có" if below_avg else "Không"),
                r.get("target"),
                None if below_target is None else ("Có" if below_target else "Không"),
            ]
        )
    return rows


def build(pack: MeetingPack) -> Workbook:
    wb = Workbook()
    _info_sheet(wb, pack)
    groups = pack.groups
    _sheet(
        wb,
        "Tỉnh",
        pack,
        ["Nhóm chỉ số", "Điểm đạt", "Tối đa", "Điểm bị mất", "Hạng toàn quốc"],
        [[g.name, g.points, g.max_points, g.lost, g.national_rank] for g in groups]
        + [["Tổng điểm", pack.total, 100, pack.points_lost, pack.rank]],
        formats={2: NUMBER, 4: NUMBER},
    )
    group_headers = [f"{g.name} ({T.fmt_compact(g.max_points)})" for g in groups]
    for key, table in ((league.key, league.table) for league in pack.leagues):
        header = [
            "Hạng",
            "Hạng trên Cổng",
            "Thay đổi hạng",
            "Mã đơn vị",
            "Đơn vị",
            "Tổng điểm",
            "Xếp loại",
            *group_headers,
            "Bình quân khối",
            "Dưới bình quân",
            "Chỉ tiêu điểm",
            "Dưới chỉ tiêu",
        ]
        formats = {c: NUMBER for c in [6, *range(8, 8 + len(groups)), 8 + len(groups)]}
        _sheet(
            wb,
            SHEET_LEAGUES[key],
            pack,
            header,
            _league_rows(table, groups) if not table.empty else [],
            formats=formats,
            band_columns=(7,),
            widths={5: 42},
        )
    for g in groups:
        rows = []
        for league in pack.leagues:
            if league.table.empty:
                continue
            for _, r in league.table.sort_values(g.code, ascending=False, kind="stable").iterrows():
                points = _value(r.get(g.code))
                rows.append(
                    [
                        LEAGUE_LABELS[league.key],
                        r["unit_id"],
                        r["name"],
                        points,
                        g.max_points,
                        None if points is None else points / g.max_points * 100,
                        r.get(f"rank_{g.code}"),
                        r.get("total"),
                        r.get("band"),
                    ]
                )
        _sheet(
            wb,
            f"Nhóm {g.code}",
            pack,
            [
                "Khối",
                "Mã đơn vị",
                "Đơn vị",
                f"{g.name}: điểm",
                "Tối đa",
                "Tỷ lệ (%)",
                "Hạng nhóm trong khối",
                "Tổng điểm",
                "Xếp loại",
            ],
            rows,
            formats={4: NUMBER, 6: NUMBER, 8: NUMBER},
            band_columns=(9,),
            widths={3: 42},
        )
    _sheet(
        wb,
        "Chỉ tiêu chưa đạt",
        pack,
        ["Mã", "Chỉ tiêu", "Mục tiêu", "Đạt", "Chênh lệch", "Trạng thái", "Nội dung chỉ tiêu"],
        [[t.criterion_code, t.name, t.target, t.actual, t.gap, t.status, t.text] for t in pack.targets_at_risk],
        formats={3: NUMBER, 4: NUMBER, 5: NUMBER},
        widths={2: 50, 7: 60},
    )
    _sheet(
        wb,
        "Nhiệm vụ quá hạn",
        pack,
        ["Mã", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Trạng thái", "Tiến độ (%)"],
        [[t.task_id, t.title, t.lead, t.deadline, t.status, t.progress] for t in pack.overdue_tasks],
        widths={2: 60},
    )
    wb.properties.title = f"Kết quả Bộ chỉ số 766 — {pack.period_label}"
    return wb


def workbook_bytes(pack: MeetingPack) -> bytes:
    buffer = io.BytesIO()
    build(pack).save(buffer)
    return buffer.getvalue()
