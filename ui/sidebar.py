"""The shared sidebar (index, period, unit kind) and the view state in the URL.

Query parameters hold everything a pasted link needs to reopen the same view:
`chi_so` (index), `ky` (period as "type:key"), `loai` (unit kind), plus the
page-level `don_vi` and `chi_tieu`. The URL wins over the widgets' remembered
values, and each widget writes its choice back to the URL in its change callback,
so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from core.periods import Period
from views import common

INDEX_LABELS = {"SVC766": "Bộ chỉ số 766", "PAR": "PAR Index", "SIPAS": "SIPAS", "PAPI": "PAPI"}
YEARLY_INDICES = ("PAR", "SIPAS", "PAPI")
KIND_LABELS = {"all": "Tất cả", "department": "Sở, ban, ngành", "commune": "UBND xã, phường"}
# Where an index is shown when the user picks it on a page that does not show it.
INDEX_HOME = {"SVC766": "pages/tong_quan.py", **{i: "pages/chi_so_nam.py" for i in YEARLY_INDICES}}

PARAM_INDEX, PARAM_PERIOD, PARAM_KIND = "chi_so", "ky", "loai"
PARAM_UNIT, PARAM_CRITERION = "don_vi", "chi_tieu"
_STATE_KEY = "selection"


@dataclass(frozen=True)
class Selection:
    index: str
    period: Period | None
    kind: str  # all, department, commune

    @property
    def kinds(self) -> list[str]:
        """The unit kinds the view covers."""
        return ["department", "commune"] if self.kind == "all" else [self.kind]

    def params(self, **extra: str) -> dict[str, str]:
        """Query parameters that reopen this view (for links to other pages)."""
        out = {PARAM_INDEX: self.index, PARAM_KIND: self.kind}
        if self.period is not None:
            out[PARAM_PERIOD] = period_param(self.period)
        return {**out, **{k: v for k, v in extra.items() if v}}


def period_param(period: Period) -> str:
    return f"{period.type}:{period.key}"


def period_label(period: Period) -> str:
    return period.label + (" (tạm tính)" if period.is_open() else "")


def _to_url(widget_key: str, param: str) -> None:
    st.query_params[param] = st.session_state[widget_key]
    st.session_state["_user_changed"] = widget_key


def _follow_url(widget_key: str, param: str, options: list[str]) -> None:
    """Before a widget is drawn: take the URL's value if valid, else keep a valid remembered one."""
    wanted = st.query_params.get(param)
    if wanted in options:
        st.session_state[widget_key] = wanted
    elif st.session_state.get(widget_key) not in options:
        st.session_state[widget_key] = options[0]


def choose(label: str, widget_key: str, param: str, options: dict[str, str], container=None, **kwargs) -> str:
    """A selectbox kept in the URL as ?param=value (the URL wins; a change writes it back)."""
    keys = list(options)
    _follow_url(widget_key, param, keys)
    value = (container or st).selectbox(
        label, keys, format_func=options.get, key=widget_key, on_change=_to_url, args=(widget_key, param), **kwargs
    )
    st.query_params[param] = value
    return value


def _index_in_scope(scope: tuple[str, ...] | None, user_changed: bool) -> None:
    """Keep the index within what the page shows; a user's choice outside it opens that index's page."""
    _follow_url("sb_index", PARAM_INDEX, list(INDEX_LABELS))
    index = st.session_state["sb_index"]
    if not scope or index in scope:
        return
    if user_changed:
        st.switch_page(INDEX_HOME[index], query_params={PARAM_INDEX: index})
    st.session_state["sb_index"] = st.query_params[PARAM_INDEX] = scope[0]


def _available_periods(index: str) -> list[Period]:
    return common.periods(index)


def render(scope: tuple[str, ...] | None = None) -> Selection:
    """Draw the sidebar for a page showing the indices in `scope` (None: any)."""
    changed = st.session_state.pop("_user_changed", None)
    _index_in_scope(scope, changed == "sb_index")
    index = choose("Chỉ số", "sb_index", PARAM_INDEX, INDEX_LABELS, st.sidebar)
    periods = _available_periods(index)
    period = None
    if periods:
        by_key = {period_param(p): p for p in periods}
        widget = f"sb_period_{index}"
        if st.query_params.get(PARAM_PERIOD) not in by_key and st.session_state.get(widget) not in by_key:
            st.session_state[widget] = period_param(common.default_period(index, periods))
        chosen = choose(
            "Kỳ dữ liệu",
            f"sb_period_{index}",
            PARAM_PERIOD,
            {k: period_label(p) for k, p in by_key.items()},
            st.sidebar,
            help="Mặc định là kỳ mới nhất có điểm của tỉnh.",
        )
        period = by_key[chosen]
        if period != periods[0]:
            st.sidebar.caption(f"Đã có kỳ mới hơn: {period_label(periods[0])}.")
    else:
        st.query_params.pop(PARAM_PERIOD, None)
        st.sidebar.caption("Chưa có kỳ dữ liệu nào cho chỉ số này.")
    kind = choose("Loại đơn vị", "sb_kind", PARAM_KIND, KIND_LABELS, st.sidebar)
    selection = Selection(index, period, kind)
    st.session_state[_STATE_KEY] = selection
    return selection


def _ensure_app_runs() -> None:
    """A first visit straight to /<page> on a freshly started server runs the page file alone:
    Streamlit uses its legacy pages/ folder mode until some session has called st.navigation
    (PagesManager.uses_pages_directory). Leave that mode, as st.navigation itself does, and
    rerun: app.py then runs, draws the sidebar and opens this same page with its query."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current() -> Selection:
    """The selection the sidebar made in this run (pages call this first)."""
    _ensure_app_runs()
    found = st.session_state.get(_STATE_KEY)
    return found if found is not None else Selection("SVC766", None, "all")
