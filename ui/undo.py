"""The load history with undo and redo that cannot surprise (issue 10 item 7, docs/063).

- The status comes second in the table (visible without scrolling at 1366 px), with who undid
  a batch and when, in Vietnam time.
- Nothing is pre-selected: the user picks a batch, then reads a confirmation naming it (file,
  kind, period, rows, who loaded it and when) and confirms with a button naming it again.
- Staff (can_bo) see only uploads; system batches (reference data, the sample) are offered to an
  admin only, with a second, explicit acknowledgement. The data layer (etl.history.undo_as)
  refuses the same things whatever the page shows.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.clock import fmt_datetime
from core.format import md_escape
from views import access as admin

FLASH = "nhap_flash"
BUSY = "Kho dữ liệu đang được cập nhật bởi một tiến trình khác; hãy thử lại sau giây lát."
NONE = "— chọn lô —"


def history_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The history as shown: batch, status, file, period, rows, who loaded when, who undid when, kind."""
    shown = admin.batches_for_people(frame)
    shown["Hoàn tác bởi"] = frame["undone_by"].fillna("").to_numpy()
    shown["Lúc hoàn tác"] = [fmt_datetime(t, "") for t in frame["undone_at"]]
    shown["Thời điểm nạp"] = [fmt_datetime(t, "") for t in frame["loaded_at"]]
    first = ["Lô", "Trạng thái", "Tệp", "Kỳ", "Số dòng", "Người nạp", "Thời điểm nạp", "Hoàn tác bởi", "Lúc hoàn tác"]
    return shown[first + [c for c in shown.columns if c not in first]]


def describe(found: dict) -> str:
    # File names and labels come from uploads: escaped, never Markdown.
    what = md_escape(found.get("source_label") or found.get("file_name") or "—")
    parts = [f"**Lô {found['batch_id']}**", f"tệp/nguồn: {what}", f"loại: {md_escape(found['format'])}"]
    if found.get("period"):
        parts.append(f"kỳ: {md_escape(found['period'])}")
    parts += [
        f"{found.get('row_count') or 0} dòng",
        f"nạp bởi {md_escape(found['loaded_by'])} lúc {fmt_datetime(found['loaded_at'])}",
    ]
    return " · ".join(parts)


def _allowed(frame: pd.DataFrame, user) -> pd.DataFrame:
    system = frame["loaded_by"].map(admin.is_system_batch)
    return frame if user.can("undo_system") else frame[~system]


def _change(kind: str, user, batch_id: int, confirm_system: bool) -> None:
    try:
        done = (admin.undo if kind == "undo" else admin.redo)(user, batch_id, confirm_system)
    except admin.NotAllowed as exc:
        st.error(str(exc))
        return
    except admin.WarehouseBusy:
        st.warning(BUSY)
        return
    verb = "hoàn tác" if kind == "undo" else "khôi phục"
    st.session_state[FLASH] = (
        (
            f"Đã hoàn tác lô {batch_id}. {admin.undo_summary(batch_id)}"
            if kind == "undo"
            else f"Đã khôi phục lô {batch_id}: số liệu của lô này được dùng lại."
        )
        if done
        else f"Lô {batch_id} không cần {verb} nữa."
    )
    st.session_state.pop(f"{kind}_batch", None)  # nothing stays selected after a change
    st.rerun()


def _picker(kind: str, user, candidates: pd.DataFrame) -> None:
    verb = "hoàn tác" if kind == "undo" else "khôi phục"
    labels = {
        int(b): f"Lô {b}: {name}"
        for b, name in zip(  # option labels are plain text, not Markdown
            candidates["batch_id"], candidates["source_label"].fillna(candidates["file_name"]).fillna("")
        )
    }
    batch_id = st.selectbox(
        f"Lô cần {verb}",
        [None, *labels],
        key=f"{kind}_batch",
        index=0,
        format_func=lambda b: NONE if b is None else labels[b],
    )
    if batch_id is None:
        return
    found = admin.batch_details(batch_id)
    if found is None:
        return
    st.warning(f"Sắp {verb}: " + describe(found), icon=":material/warning:")
    acknowledged = True
    if found["system"]:
        source = md_escape(found.get("source_label") or "—")
        acknowledged = st.checkbox(
            f"Tôi hiểu lô {batch_id} là dữ liệu hệ thống ({source}) và muốn {verb} nó.", key=f"{kind}_system_ok"
        )
    if st.button(f"Xác nhận {verb} lô {batch_id}", key=f"{kind}_confirm", type="primary", disabled=not acknowledged):
        _change(kind, user, batch_id, confirm_system=bool(found["system"] and acknowledged))


def render(user) -> None:
    if FLASH in st.session_state:
        st.success(st.session_state.pop(FLASH))
    try:
        frame = admin.list_batches()
    except admin.WarehouseBusy:
        st.warning(BUSY)
        return
    st.dataframe(
        history_table(frame),
        hide_index=True,
        width="stretch",
        column_config={
            "Lô": st.column_config.NumberColumn(width="small"),
            "Trạng thái": st.column_config.TextColumn(width="small"),
            "Tệp": st.column_config.TextColumn(width="medium"),
        },
    )
    if not user.can("undo"):
        return
    left, right = st.columns(2)
    with left:
        _picker("undo", user, _allowed(frame[frame["status"] == "active"], user))
    with right:
        undone = _allowed(frame[frame["status"] == "undone"], user)
        if len(undone):
            _picker("redo", user, undone)
    if not user.can("undo_system"):
        st.caption("Dữ liệu hệ thống (danh mục chỉ tiêu, dữ liệu mẫu) chỉ quản trị viên được hoàn tác.")
