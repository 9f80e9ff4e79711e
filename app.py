"""Bảng điều hành CCHC tỉnh Đắk Lắk: navigation and the shared sidebar."""
from __future__ import annotations

import logging

import streamlit as st

st.set_page_config(page_title="CCHC Đắk Lắk", page_icon="📊", layout="wide",
                   initial_sidebar_state="expanded")
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

# Each page's url_path equals its file name (a custom path trips a false
# "Page not found" on deep links, see docs/).
PAGES = [
    st.Page("pages/tong_quan.py", title="Tổng quan", icon="🏠", url_path="tong_quan", default=True),
]

st.sidebar.markdown("### Bảng điều hành CCHC\nTỉnh Đắk Lắk")
page = st.navigation(PAGES)
page.run()
