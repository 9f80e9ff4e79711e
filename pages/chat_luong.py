"""Chất lượng dữ liệu: what was loaded and its status, how fresh and complete the data are,
and where the official points differ from the recomputation."""
from __future__ import annotations

from datetime import date

import streamlit as st

from core.periods import Period
from metrics.completeness import COMPLETE
from ui import data, layout, sidebar, tables
from ui.format import fmt_delta, fmt_int, fmt_num

selection = sidebar.current()
st.title("Chất lượng dữ liệu")
version = data.data_version()

st.subheader("Độ mới của dữ liệu")
fresh = data.freshness(version, date.today())
if fresh.empty:
    layout.empty_state("Chưa có số liệu của chỉ số nào.")
else:
    table = fresh[["index_name", "period_label", "days_since_period", "last_loaded_at", "days_since_load",
                   "n_periods", "n_units"]]
    tables.show(
        tables.styled(table, formats=dict.fromkeys(["days_since_period", "days_since_load", "n_periods",
                                                    "n_units"], fmt_int)),
        column_config={"index_name": "Chỉ số", "period_label": "Kỳ mới nhất", "days_since_period": "Số ngày từ cuối kỳ",
                       "last_loaded_at": st.column_config.DatetimeColumn("Nạp lần cuối", format="HH:mm DD/MM/YYYY"),
                       "days_since_load": "Số ngày từ lần nạp", "n_periods": "Số kỳ", "n_units": "Số đơn vị"})

st.subheader("Các lần nạp dữ liệu")
loads = data.loads(version)
if loads.empty:
    st.info("Chưa có lần nạp nào.")
else:
    counts = loads["status_label"].value_counts()
    st.caption(" · ".join(f"{label}: {fmt_int(n)}" for label, n in counts.items()))
    table = loads[["batch_id", "format_label", "file_name", "period_label", "source_label", "loaded_by",
                   "loaded_at", "status_label", "row_count", "note"]]
    tables.show(
        tables.styled(table, formats={"row_count": fmt_int}, highlight=loads["effective_status"].eq("undone")),
        column_config={"batch_id": st.column_config.NumberColumn("Lô", format="%d"),
                       "format_label": "Loại dữ liệu", "file_name": "Tệp", "period_label": "Kỳ",
                       "source_label": "Nguồn", "loaded_by": "Người nạp",
                       "loaded_at": st.column_config.DatetimeColumn("Thời điểm", format="HH:mm DD/MM/YYYY"),
                       "status_label": "Trạng thái", "row_count": "Số dòng",
                       "note": "Ghi chú"})

period = selection.period
st.subheader("Độ đầy đủ theo đơn vị và kỳ")
if period is None or selection.index != "SVC766":
    st.info("Chọn Bộ chỉ số 766 và một kỳ ở thanh bên để xem độ đầy đủ số liệu của các đơn vị.")
else:
    kinds = tuple(selection.kinds)
    coverage = data.completeness_missing(version, period, kinds)
    counts = coverage["status"].value_counts()
    st.caption(f"{period.label}: " + " · ".join(f"{label}: {fmt_int(n)}" for label, n in counts.items()))
    gaps = coverage[coverage["status"] != COMPLETE]
    if gaps.empty:
        st.success(f"Mọi đơn vị đều đủ tổng điểm, nhóm và chỉ tiêu trong {period.label.lower()}.")
    else:
        tables.show(gaps[["name", "has_total", "n_groups", "expected_groups", "n_indicators",
                          "expected_indicators", "status"]],
                    column_config={"name": "Đơn vị", "has_total": "Có tổng điểm", "n_groups": "Số nhóm",
                                   "expected_groups": "Số nhóm cần có", "n_indicators": "Số chỉ tiêu",
                                   "expected_indicators": "Số chỉ tiêu cần có", "status": "Tình trạng"})
    grid = data.completeness_matrix(version, period.type, kinds)
    periods = [c for c in grid.columns if c not in ("unit_id", "name", "kind")]
    st.caption(f"Tổng điểm của từng đơn vị qua {fmt_int(len(periods))} kỳ cùng loại; "
               "ô trống (tô màu) là chưa có dữ liệu.")
    shown = grid[["name", *periods]].set_index("name").rename(columns=lambda k: Period(period.type, k).label)
    shown.index.name = "Đơn vị"
    tables.show(shown.style.format(fmt_num, na_rep="—").highlight_null(color="#FDE2D2"), hide_index=False,
                height=360)

st.subheader("Đối chiếu điểm trên Cổng và điểm tính lại")
if period is None or selection.index != "SVC766":
    st.info("Chọn Bộ chỉ số 766 và một kỳ ở thanh bên để đối chiếu.")
else:
    differing, statuses = data.mismatches(version, period)
    st.caption("Số dòng chỉ tiêu theo kết quả đối chiếu: "
               + " · ".join(f"{s}: {fmt_int(n)}" for s, n in zip(statuses["status"], statuses["rows"])))
    if differing.empty:
        st.success("Không có chỉ tiêu hay nhóm nào lệch giữa điểm tính lại và điểm trên Cổng.")
    else:
        st.warning(f"{fmt_int(len(differing))} dòng lệch giữa điểm tính lại và điểm trên Cổng.")
        tables.show(tables.styled(differing.drop(columns=["unit_id", "kind"]),
                                  formats={"points_recomputed": fmt_num, "points_official": fmt_num,
                                           "diff": fmt_delta}),
                    column_config={"name": "Đơn vị", "level": "Cấp", "group_name": "Nhóm", "item": "Chỉ tiêu",
                                   "points_recomputed": "Điểm tính lại", "points_official": "Điểm trên Cổng",
                                   "diff": "Chênh lệch"})
