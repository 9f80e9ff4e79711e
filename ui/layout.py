"""Page furniture shared by every page: error guard, data source line, empty states, links."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pandas as pd
import streamlit as st

from core import db
from core.access import AccessDenied
from core.format import BAND_COLORS, md_escape
from core.periods import Period
from ui import sidebar, tables
from views import common
from views.common import SourceLine

log = logging.getLogger("cchc.pages")

BUSY_MESSAGE = "Đang cập nhật dữ liệu, vui lòng thử lại sau giây lát."
ERROR_MESSAGE = (
    "Không hiển thị được trang này do một lỗi bất ngờ. Lỗi đã được ghi lại; "
    "vui lòng tải lại trang hoặc báo cho quản trị viên."
)
UNIT_PAGE = "pages/don_vi.py"
CRITERION_PAGE = "pages/chi_tieu.py"


# Compact page top and titles: the overview must fit one 1366×768 screen.
_STYLE = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.6rem; padding-bottom: 0.5rem; }
h1 { font-size: 1.9rem !important; padding: 0 0 0.25rem 0 !important; }
h2 { font-size: 1.5rem !important; }
[data-testid="stMetricValue"] { font-size: 1.9rem; }
[data-testid="stPageLink-NavLink"] p { white-space: normal; }
</style>"""


def apply_style() -> None:
    st.html(_STYLE)


def run_guarded(render: Callable[[], object], name: str) -> None:
    """Render a page; a failure shows a Vietnamese message (and is logged), never a traceback."""
    try:
        render()
    except db.WarehouseBusy:
        st.warning(BUSY_MESSAGE, icon=":material/hourglass_top:")
    except db.WarehouseMissing:
        empty_state(common.NO_WAREHOUSE)
    except AccessDenied as exc:  # the data layer refused: say so, show nothing of it
        st.error(str(exc), icon=":material/block:")
    except Exception:
        log.exception("page %s failed", name)
        st.error(ERROR_MESSAGE, icon=":material/error:")


def source_caption(line: SourceLine) -> None:
    """Every page says where its numbers come from and whether the period is still open. The source
    names files people uploaded: it is escaped, never Markdown."""
    parts = [md_escape(part) for part in line.parts]
    if line.provisional:
        parts[-1] = ":material/warning: " + parts[-1]
    st.caption(" · ".join(parts))


def period_source_line(period: Period) -> None:
    """The source line of a 766 period, read from the loads that hold it."""
    source_caption(common.source_line(period))


def band_legend() -> None:
    """The band colours, as a one-line legend under band charts."""
    items = "".join(
        f'<span style="white-space:nowrap;margin-right:0.5rem"><span style="display:inline-block;width:0.8rem;'
        f'height:0.8rem;background:{color};vertical-align:middle;margin-right:0.3rem"></span>{band}</span> '
        for band, color in BAND_COLORS.items()
    )
    st.html(f'<div style="font-size:0.8rem">{items}</div>')


def period_page(title: str) -> tuple[sidebar.Selection, Period]:
    """Start a page that needs a period: its title, then the selection and period, or an
    empty state and a stop when there is no data."""
    selection = sidebar.current()
    st.title(title)
    if selection.period is None:
        empty_state()
        st.stop()
    return selection, selection.period


def empty_state(message: str = common.NO_DATA) -> None:
    """An empty state in the users' words (never a developer command)."""
    st.info(f"{message} {common.NO_DATA_HINT}")


def unit_link(unit_id: str, label: str, selection: sidebar.Selection, **extra: str) -> None:
    """A link opening the unit's drill-down page in the same period."""
    st.page_link(
        UNIT_PAGE,
        label=md_escape(label),
        icon=":material/search:",
        width="stretch",
        query_params=selection.params(**{sidebar.PARAM_UNIT: unit_id}, **extra),
    )


def criterion_link(code: str, label: str, selection: sidebar.Selection, **extra: str) -> None:
    """A link opening one criterion across all units."""
    st.page_link(
        CRITERION_PAGE,
        label=md_escape(label),
        icon=":material/query_stats:",
        query_params=selection.params(**{sidebar.PARAM_CRITERION: code}, **extra),
    )


def selectable_table(frame: pd.DataFrame, key: str, **kwargs):
    """A dataframe whose rows can be clicked; returns the selected row's index or None."""
    event = tables.show(frame, key=key, on_select="rerun", selection_mode="single-row", **kwargs)
    rows = event.selection.rows if event is not None else []
    return rows[0] if rows else None


def open_unit(unit_id: str, selection: sidebar.Selection, **extra: str) -> None:
    st.switch_page(UNIT_PAGE, query_params=selection.params(**{sidebar.PARAM_UNIT: unit_id}, **extra))


def open_criterion(code: str, selection: sidebar.Selection, **extra: str) -> None:
    st.switch_page(CRITERION_PAGE, query_params=selection.params(**{sidebar.PARAM_CRITERION: code}, **extra))
