"""Nhật ký thay đổi: who changed what, when (Vietnam time), before and after; filter, export to Excel. Admins only."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from ui import auth as ui_auth
from ui.export import XLSX_MIME
from views import access as admin

st.title("Nhật ký thay đổi")
user = ui_auth.require("audit", "xem nhật ký thay đổi")
if user is None:
    st.stop()

today = admin.today_vn()  # Vietnam days: after 17:00 UTC it is already tomorrow in Đắk Lắk
c1, c2, c3, c4 = st.columns([2, 2, 3, 3])
days = c1.date_input("Từ ngày – đến ngày", (today - timedelta(days=30), today), format="DD/MM/YYYY", key="audit_days")
actor = c2.selectbox(
    "Người thực hiện",
    [None, *admin.audit_actors()],
    key="audit_actor",
    format_func=lambda a: "Tất cả" if a is None else a,
)
actions = c3.multiselect(
    "Việc", list(admin.ACTIONS), format_func=admin.ACTIONS.get, placeholder="Tất cả", key="audit_actions"
)
text = c4.text_input("Tìm trong đối tượng, trước, sau", key="audit_text")
since, until = (days[0], days[-1]) if isinstance(days, (tuple, list)) and days else (None, None)

shown = admin.audit_log(user, since, until, actor, actions, text)
st.caption(f"{len(shown):,} dòng".replace(",", ".") + " · thời điểm theo giờ Việt Nam · lưu trữ theo giờ UTC")
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    column_config={
        "Trước": st.column_config.TextColumn(width="large"),
        "Sau": st.column_config.TextColumn(width="large"),
    },
)
st.download_button(
    "Tải về Excel",
    lambda: admin.audit_xlsx(shown),
    "nhat_ky_thay_doi.xlsx",
    XLSX_MIME,
    icon=":material/download:",
    key="audit_download",
    disabled=shown.empty,
)
