"""Bảng điều hành CCHC tỉnh Đắk Lắk: navigation and the shared sidebar."""

from __future__ import annotations

import logging

import streamlit as st

from ui import auth, layout, sidebar

st.set_page_config(page_title="CCHC Đắk Lắk", page_icon="📊", layout="wide", initial_sidebar_state="expanded")
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

# Each page's url_path equals its file name (a custom path trips a false
# "Page not found" on deep links, see docs/).
PAGES = [
    st.Page("pages/tong_quan.py", title="Tổng quan", icon=":material/home:", url_path="tong_quan", default=True),
    st.Page("pages/xep_hang.py", title="Xếp hạng", icon=":material/leaderboard:", url_path="xep_hang"),
    st.Page("pages/don_vi.py", title="Đơn vị", icon=":material/apartment:", url_path="don_vi"),
    st.Page("pages/chi_tieu.py", title="Chỉ tiêu", icon=":material/query_stats:", url_path="chi_tieu"),
    st.Page("pages/chi_so_nam.py", title="PAR / SIPAS / PAPI", icon=":material/calendar_month:", url_path="chi_so_nam"),
    st.Page("pages/tthc.py", title="Hồ sơ TTHC", icon=":material/description:", url_path="tthc"),
    st.Page("pages/nhiem_vu.py", title="Nhiệm vụ", icon=":material/task_alt:", url_path="nhiem_vu"),
    st.Page("pages/chat_luong.py", title="Chất lượng dữ liệu", icon=":material/fact_check:", url_path="chat_luong"),
    st.Page("pages/trinh_chieu.py", title="Trình chiếu", icon=":material/slideshow:", url_path="trinh_chieu"),
    st.Page("pages/nhap_du_lieu.py", title="Nhập dữ liệu", icon=":material/upload_file:", url_path="nhap_du_lieu"),
    st.Page("pages/tien_do.py", title="Báo cáo tiến độ", icon=":material/edit_note:", url_path="tien_do"),
    st.Page("pages/nhat_ky.py", title="Nhật ký thay đổi", icon=":material/history:", url_path="nhat_ky"),
]
# The indices each page shows, by page title (the default page's url_path reads ""): the sidebar
# keeps the choice within them; unlisted pages show any.
INDEX_SCOPE = {
    "Tổng quan": ("SVC766",),
    "Xếp hạng": ("SVC766",),
    "Đơn vị": ("SVC766",),
    "Chỉ tiêu": ("SVC766",),
    "PAR / SIPAS / PAPI": sidebar.YEARLY_INDICES,
    "Trình chiếu": ("SVC766",),
}

layout.apply_style()
st.sidebar.markdown("### Bảng điều hành CCHC\nTỉnh Đắk Lắk")
# Once any account exists nothing below runs before a login; with none, local mode (docs/061).
auth.gate_app()
page = st.navigation(PAGES)


def render_page() -> None:
    sidebar.render(INDEX_SCOPE.get(page.title))
    page.run()


layout.run_guarded(render_page, page.title)
