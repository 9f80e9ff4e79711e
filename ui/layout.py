"""Page furniture shared by every page: period picker, data source line, empty states."""
from __future__ import annotations

import streamlit as st

from etl import db
from etl.periods import Period
from ui import data


def period_picker(index_code: str = "SVC766") -> Period | None:
    """Sidebar period choice (newest by default), kept in the URL as ?ky=type:key."""
    try:
        found = data.periods(data.data_version(), index_code)
    except db.WarehouseMissing:
        found = []
    if not found:
        return None
    wanted = st.query_params.get("ky")
    keys = [f"{p.type}:{p.key}" for p in found]
    index = keys.index(wanted) if wanted in keys else 0
    chosen = st.sidebar.selectbox("Kỳ dữ liệu", found, index=index, format_func=lambda p: p.label,
                                  key=f"period_{index_code}")
    if chosen != found[0] or wanted:
        st.query_params["ky"] = f"{chosen.type}:{chosen.key}"
    return chosen


def source_line(source: str, period: Period, loaded_at=None) -> None:
    """Every page says where its numbers come from and whether the period is still open."""
    parts = [f"Nguồn: {source}", f"Kỳ: {period.label}"]
    if loaded_at is not None:
        parts.append(f"Nạp lúc {loaded_at:%H:%M %d/%m/%Y}")
    if period.is_open():
        parts.append("⚠️ Kỳ chưa kết thúc: số liệu tạm tính")
    st.caption(" · ".join(parts))


def empty_state(message: str = "Chưa có dữ liệu kỳ này.") -> None:
    st.info(message + " Hãy nạp dữ liệu ở trang Nhập dữ liệu hoặc chạy `python -m etl init --samples`.")
