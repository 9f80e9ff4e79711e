"""Streamlit's floor: the cheapest app of two pages that still has what a dashboard page has
(a title, a metric, one 10-bar Plotly chart). `python -m benchmarks render` measures it side
by side with the project in the same run, so every figure of the project is a ratio to what
Streamlit itself costs on the same machine at the same moment."""

import streamlit as st

st.set_page_config(page_title="Floor", layout="wide", initial_sidebar_state="expanded")
page = st.navigation([st.Page("trang_a.py", title="Trang A", default=True), st.Page("trang_b.py", title="Trang B")])
page.run()
