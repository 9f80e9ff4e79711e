"""Downloads of the meeting pack (deck, monthly notice, one-page PDF, workbook, chart images)
for any page: `meeting_downloads(period)` draws one button per file. The pack and each file
are computed once per data version and period (bounded caches), only when a button is used."""

from __future__ import annotations

import streamlit as st

from reports import cli as report_files
from views.meeting import MeetingPack, meeting_pack
from views.store import data_version

LABELS = {
    "deck": ("Bài trình chiếu (.pptx)", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "notice": ("Thông báo tháng (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "onepager": ("Tóm tắt 1 trang (.pdf)", "application/pdf"),
    "workbook": ("Bảng tính (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "charts": ("Biểu đồ (.png, nén .zip)", "application/zip"),
}
ALL = tuple(LABELS)
CACHE = {"ttl": 600, "max_entries": 8, "show_spinner": False}


@st.cache_data(**CACHE)
def pack(version: tuple, period) -> MeetingPack | None:
    return meeting_pack(period)


@st.cache_data(**CACHE)
def rendered(version: tuple, period, kind: str) -> bytes:
    return report_files.render(kind, pack(version, period))


def meeting_downloads(
    period, kinds: tuple[str, ...] = ALL, container=None, key: str = "meeting", stacked: bool = False
) -> None:
    """One download button per file of the period's meeting pack (nothing when it has no data):
    side by side, or one under the other (`stacked`, e.g. in a popover)."""
    if period is None:
        return
    version = data_version()
    found = pack(version, period)
    if found is None:
        return
    where = container or st
    columns = [where] * len(kinds) if stacked else where.columns(len(kinds))
    for column, kind in zip(columns, kinds):
        label, mime = LABELS[kind]
        column.download_button(
            label,
            data=lambda kind=kind: rendered(version, period, kind),
            mime=mime,
            file_name=report_files.file_name(kind, found),
            on_click="ignore",
            icon=":material/download:",
            key=f"{key}_{kind}",
            width="stretch",
        )


def meeting_menu(period, selection_params: dict[str, str], key: str = "meeting") -> None:
    """A small "Tài liệu họp" popover: open the presentation, download every file."""
    with st.popover("Tài liệu họp", icon=":material/co_present:"):
        st.page_link(
            "pages/trinh_chieu.py",
            label="Trình chiếu toàn màn hình",
            icon=":material/slideshow:",
            query_params={**selection_params, "slide": "1"},
        )
        meeting_downloads(period, key=key, stacked=True)
