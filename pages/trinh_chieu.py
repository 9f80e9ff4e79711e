"""Trình chiếu: the chosen period as full-screen slides for the steering committee.

No sidebar, menus or toolbars (CSS in ui/slides.py); the period and slide are in the URL
(`?ky=day:2026-10-10&slide=3`); next/previous by the buttons, the arrow keys, PageUp/PageDown
(a presenter's remote) and Home/End; `&tu_dong=30` advances every 30 s (a screen in an office)."""

from __future__ import annotations

import time

import streamlit as st

from ui import downloads, layout, sidebar, slides
from views.store import data_version

PARAM_SLIDE, PARAM_AUTO = "slide", "tu_dong"
MIN_AUTO = 5

# Buttons are found by their key's class (st-key-…); the listener is installed once per browser tab.
KEYS_SCRIPT = """<script>
(function () {
  if (window.__cchcSlideKeys) return;
  window.__cchcSlideKeys = true;
  const actions = {ArrowRight: "next", ArrowDown: "next", PageDown: "next", " ": "next",
                   ArrowLeft: "prev", ArrowUp: "prev", PageUp: "prev", Home: "first", End: "last"};
  document.addEventListener("keydown", function (event) {
    const target = event.target;
    if (target && ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
    const action = actions[event.key];
    if (!action || !document.querySelector(".cchc-slide")) return;
    const button = document.querySelector(".st-key-slide_" + action + " button");
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
})();
</script>"""

selection = sidebar.current()
st.html(slides.CSS)
# The page's title for screen readers and the tab; on screen each slide carries its own (CSS hides this one).
st.title(slides.PAGE_TITLE)
period = selection.period
found = downloads.pack(data_version(), period) if period is not None else None
if found is None:
    layout.empty_state()
    st.stop()

total = slides.slide_count()
try:
    current = min(max(int(st.query_params.get(PARAM_SLIDE, "1")), 1), total)
except ValueError:
    current = 1
st.query_params[PARAM_SLIDE] = str(current)
if st.session_state.get("_slide_seen") != (period, current):
    st.session_state["_slide_seen"] = (period, current)
    st.session_state["slide_shown_at"] = time.time()


def go(number: int) -> None:
    st.query_params[PARAM_SLIDE] = str(number)


st.html(slides.slide_html(found, current))
with st.container(key="slide_controls"):
    first, prev, where, nxt, last, _, out = st.columns([1, 2, 1.2, 2, 1, 5, 2], vertical_alignment="center")
first.button(
    "",
    icon=":material/first_page:",
    key="slide_first",
    on_click=go,
    args=(1,),
    disabled=current == 1,
    help="Trang đầu (Home)",
)
prev.button(
    "Trước",
    icon=":material/chevron_left:",
    key="slide_prev",
    on_click=go,
    args=(current - 1,),
    disabled=current == 1,
    width="stretch",
    help="Trang trước (←)",
)
where.markdown(f"**{current}/{total}**")
nxt.button(
    "Sau",
    icon=":material/chevron_right:",
    key="slide_next",
    on_click=go,
    args=(current + 1,),
    disabled=current == total,
    width="stretch",
    help="Trang sau (→)",
)
last.button(
    "",
    icon=":material/last_page:",
    key="slide_last",
    on_click=go,
    args=(total,),
    disabled=current == total,
    help="Trang cuối (End)",
)
out.page_link("pages/tong_quan.py", label="Thoát", icon=":material/close:", query_params=selection.params())
st.html(KEYS_SCRIPT, unsafe_allow_javascript=True)

auto = st.query_params.get(PARAM_AUTO, "")
if auto.isdigit() and int(auto) >= MIN_AUTO:
    every = int(auto)

    @st.fragment(run_every=every)
    def advance() -> None:
        """Each tick checks the time the slide has been shown; the last slide wraps to the first."""
        if time.time() - st.session_state.get("slide_shown_at", 0) >= every - 0.5:
            go(current % total + 1)
            st.rerun(scope="app")

    advance()
