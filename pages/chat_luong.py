"""Chất lượng dữ liệu: loads, freshness, completeness and mismatches. Renders views.quality."""

from __future__ import annotations

import streamlit as st

from ui import layout, sidebar, tables
from ui.format import fmt_delta, fmt_int, fmt_num
from views import quality as view

selection = sidebar.current()
st.title(view.TITLE)
found = view.quality(selection.period, selection.index, tuple(selection.kinds))

st.subheader("Độ mới của dữ liệu")
if found.freshness.empty:
    layout.empty_state("Chưa có số liệu của chỉ số nào.")
else:
    tables.show(
        tables.styled(
            found.freshness,
            formats=dict.fromkeys(["days_since_period", "days_since_load", "n_periods", "n_units"], fmt_int),
        ),
        column_config={
            "index_name": "Chỉ số",
            "period_label": "Kỳ mới nhất",
            "days_since_period": "Số ngày từ cuối kỳ",
            "last_loaded_at": "Nạp lần cuối",
            "days_since_load": "Số ngày từ lần nạp",
            "n_periods": "Số kỳ",
            "n_units": "Số đơn vị",
        },
    )

st.subheader("Các lần nạp dữ liệu")
if found.loads.empty:
    st.info("Chưa có lần nạp nào.")
else:
    st.caption(found.loads_caption)
    tables.show(
        tables.styled(found.loads, formats={"row_count": fmt_int}, highlight=found.loads_undone),
        column_config={
            "batch_id": st.column_config.NumberColumn("Lô", format="%d"),
            "format_label": "Loại dữ liệu",
            "file_name": "Tệp",
            "period_label": "Kỳ",
            "source_label": "Nguồn",
            "loaded_by": "Người nạp",
            "loaded_at": "Thời điểm (giờ Việt Nam)",
            "status_label": "Trạng thái",
            "row_count": "Số dòng",
            "note": "Ghi chú",
        },
    )

st.subheader("Độ đầy đủ theo đơn vị và kỳ")
if found.completeness is None:
    st.info(view.PICK_766)
else:
    st.caption(found.completeness.caption)
    if found.completeness.complete_message:
        st.success(found.completeness.complete_message)
    else:
        tables.show(
            found.completeness.gaps,
            column_config={
                "name": "Đơn vị",
                "has_total": "Có tổng điểm",
                "n_groups": "Số nhóm",
                "expected_groups": "Số nhóm cần có",
                "n_indicators": "Số chỉ tiêu",
                "expected_indicators": "Số chỉ tiêu cần có",
                "status": "Tình trạng",
            },
        )
    st.caption(found.completeness.grid_caption)
    tables.show(
        found.completeness.grid.style.format(fmt_num, na_rep="—").highlight_null(color="#FDE2D2"),
        hide_index=False,
        height=360,
    )

st.subheader("Báo cáo giải quyết hồ sơ TTHC: đơn vị đã báo cáo")
if found.tthc is None:
    st.info("Chưa có báo cáo tình hình giải quyết hồ sơ TTHC nào.")
else:
    st.caption(found.tthc.caption)
    if not found.tthc.missing.empty:
        tables.show(
            found.tthc.missing,
            column_config={
                "name": "Đơn vị",
                "n_items": "Số mục đã có",
                "expected_items": "Số mục cần có",
                "status": "Tình trạng",
            },
            height=240,
        )
    tables.show(
        found.tthc.grid.style.format(fmt_int, na_rep="—").highlight_null(color="#FDE2D2"), hide_index=False, height=300
    )

st.subheader("Đối chiếu điểm trên Cổng và điểm tính lại")
if found.mismatches is None:
    st.info(view.PICK_766_MISMATCH)
else:
    st.caption(found.mismatches.caption)
    if found.mismatches.ok:
        st.success(found.mismatches.message)
    else:
        st.warning(found.mismatches.message)
        tables.show(
            tables.styled(
                found.mismatches.rows,
                formats={"points_recomputed": fmt_num, "points_official": fmt_num, "diff": fmt_delta},
            ),
            column_config={
                "name": "Đơn vị",
                "level": "Cấp",
                "group_name": "Nhóm",
                "item": "Chỉ tiêu",
                "points_recomputed": "Điểm tính lại",
                "points_official": "Điểm trên Cổng",
                "diff": "Chênh lệch",
            },
        )
