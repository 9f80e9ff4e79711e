"""The body of both floor pages: a title, a metric, one 10-bar Plotly chart, a last line."""

import plotly.graph_objects as go
import streamlit as st


def render(name: str, offset: int) -> None:
    st.title(f"Trang {name}")
    st.metric("Điểm", "65,49", delta=1)
    values = [(i * 7 + offset) % 10 + 1 for i in range(10)]
    st.plotly_chart(go.Figure(go.Bar(x=[f"Đơn vị {i + 1}" for i in range(10)], y=values)), key=f"bars_{name}")
    st.caption(f"Hết trang {name}")
