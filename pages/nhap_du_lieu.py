"""Nhập dữ liệu: download a template, check files, read what is wrong, map unknown names,
preview, confirm the load; the history of loads with undo."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ui import auth as ui_auth
from ui import undo as undo_panel
from ui.format import md_escape
from views.imports import (
    FORMATS,
    count_problems,
    db,
    guard,
    history,
    importer,
    loaded_by_other,
    parse_period,
    report_csv,
    report_frame,
    report_xlsx,
    template_for,
    units_admin,
)

CHECKED, UPLOADED, FLASH = "nhap_checked", "nhap_uploaded", "nhap_flash"
BUSY = "Kho dữ liệu đang được cập nhật bởi một tiến trình khác; hãy thử lại sau giây lát."

st.title("Nhập dữ liệu")
user = ui_auth.require("upload", "nạp dữ liệu")
if user is None:
    st.stop()


def check(files: list[tuple[str, bytes]], kind, period, skip_unknown: bool = False) -> None:
    bar = st.progress(0.0, text="Đang kiểm tra…")
    st.session_state[UPLOADED] = (files, kind, period, skip_unknown)
    st.session_state[CHECKED] = importer.check_files(
        files,
        kind=kind,
        period=period,
        skip_unknown=skip_unknown,
        on_progress=lambda i, n, name: bar.progress(i / n, text=f"Đã kiểm tra {i}/{n} tệp: {name}"),
    )


def show_file(p: importer.Prepared, i: int) -> None:
    if p.already_loaded:
        st.info(f"**{md_escape(p.name)}**: tệp này đã được nạp (lô {p.already_loaded}); không cần nạp lại.")
        return
    what = p.format.title if p.format else "chưa nhận ra loại dữ liệu"
    period = f" · {p.period.label}" if p.period else ""
    if p.ok:
        st.success(f"**{md_escape(p.name)}**: {what}{period} · {len(p.rows)} dòng hợp lệ.")
    else:
        st.error(f"**{md_escape(p.name)}**: {what}{period} · {count_problems(p.problems)} lỗi; tệp sẽ không được nạp.")
        report = report_frame(p.problems, p.name)
        st.dataframe(
            report.drop(columns=["Tệp"]),
            hide_index=True,
            width="stretch",
            column_config={"Vấn đề": st.column_config.TextColumn(width="large")},
        )
        c1, c2 = st.columns(2)
        c1.download_button("Tải báo cáo lỗi (.xlsx)", partial(report_xlsx, report), f"loi_{p.name}.xlsx", key=f"rx{i}")
        c2.download_button(
            "Tải báo cáo lỗi (.csv)", partial(report_csv, report), f"loi_{p.name}.csv", "text/csv", key=f"rc{i}"
        )
    if p.ignored:  # a workbook of several sheets: what was read and what was not, and why
        used = "; ".join(f"'{md_escape(sheet)}' ({md_escape(title)})" for sheet, title in p.used)
        st.caption(f"Trang dùng: {used}")
        for sheet, why in p.ignored:
            st.caption(f"Trang bỏ qua: '{md_escape(sheet)}': {md_escape(why)}")
    if p.skipped:
        st.warning(
            f"Bỏ qua {len(p.skipped)} dòng của đơn vị chưa có trong danh mục (theo lựa chọn); "
            "các dòng này được ghi lại cùng lần nạp."
        )
        st.dataframe(
            [
                {
                    "Trang": s.sheet,
                    "Dòng": s.row,
                    "Tên đơn vị trong tệp": s.unit_name,
                    "Mã đơn vị": s.unit_code,
                    "Lý do": s.reason,
                }
                for s in p.skipped
            ],
            hide_index=True,
            width="stretch",
            key=f"skipped{i}",
        )
    for warning in p.warnings:
        st.caption(f"Lưu ý: {md_escape(warning)}")
    if p.unresolved and user.can("alias"):
        map_names(p, i)
    if p.ok and p.preview is not None:
        st.caption("Thay đổi sẽ thực hiện (theo đơn vị):")
        st.dataframe(
            p.preview.rename(
                columns={
                    "unit": "Đơn vị / tiêu chí",
                    "new_rows": "Dòng trong tệp",
                    "replaced": "Thay thế dòng đang dùng",
                    "changed": "Giá trị thay đổi",
                    "batches": "Thay thế lô",
                }
            ),
            hide_index=True,
            width="stretch",
        )


def map_names(p: importer.Prepared, i: int) -> None:
    st.markdown("**Chọn đơn vị cho các tên chưa nhận ra** (hệ thống ghi nhớ cho các lần nạp sau):")
    options = history.unit_choices(p.format.unit_kinds)
    labels = dict(options)
    chosen = {}
    for j, u in enumerate(p.unresolved):
        near = [uid for uid, _ in u.candidates]
        ordered = [None, *near, *[uid for uid, _ in options if uid not in near]]
        pick = st.selectbox(
            md_escape(f"'{u.name}' ({', '.join(u.where[:3])})"),
            ordered,
            key=f"map{i}_{j}",
            format_func=lambda x: "— chọn đơn vị —" if x is None else labels.get(x, x),
        )
        if pick:
            chosen[u.name] = pick
    if st.button("Ghi nhớ và kiểm tra lại", key=f"remember{i}", disabled=not chosen):
        history.remember_aliases(chosen, user.username)
        check(*st.session_state[UPLOADED])
        st.rerun()


def add_unit_form() -> None:
    """An admin adds a unit the portal has started to score (its code is the portal's)."""
    with st.expander("Thêm đơn vị mới được chấm điểm (quản trị)"), st.form("them_don_vi", clear_on_submit=False):
        c1, c2 = st.columns(2)
        code = c1.text_input("Mã đơn vị trên Cổng DVCQG", placeholder="Ví dụ: H15.147", key="unit_code")
        kind = c2.selectbox(
            "Loại đơn vị", list(units_admin.KINDS), key="unit_kind", format_func=lambda k: units_admin.KINDS[k]
        )
        name = c1.text_input("Tên đơn vị", placeholder="Ví dụ: UBND xã Ea Tam", key="unit_name")
        valid_from = c2.date_input("Có hiệu lực từ ngày", key="unit_valid_from", format="DD/MM/YYYY")
        if st.form_submit_button("Thêm đơn vị"):
            try:
                unit_id = units_admin.add_unit_at(None, code, name, kind, valid_from, user.username)
                st.success(
                    f"Đã thêm đơn vị {md_escape(unit_id)}: {md_escape(name)}, có hiệu lực từ "
                    f"{valid_from:%d/%m/%Y}. Hãy kiểm tra lại tệp."
                )
            except units_admin.UnitRefused as exc:
                st.error(md_escape(str(exc)))
            except db.WarehouseBusy:
                st.warning(BUSY)


tab_load, tab_history, tab_templates = st.tabs(["Nạp tệp", "Lịch sử nạp", "Tệp mẫu"])

with tab_load:
    uploads = st.file_uploader(
        "Chọn một hoặc nhiều tệp Excel (.xlsx)",
        type=["xlsx", "xlsm"],
        accept_multiple_files=True,
        max_upload_size=guard.UPLOAD_LIMIT_MB,
    )
    c1, c2 = st.columns(2)
    kind = c1.selectbox(
        "Loại dữ liệu",
        [None, *FORMATS],
        key="nhap_kind",
        format_func=lambda k: "Tự nhận dạng" if k is None else FORMATS[k].title,
    )
    period_text = c2.text_input(
        "Kỳ của số liệu (khi tệp không ghi)",
        key="nhap_period",
        placeholder="Ví dụ: Tháng 9/2026, Quý III/2026, Năm 2025",
    )
    skip_unknown = st.checkbox(
        "Bỏ qua đơn vị chưa có trong danh mục",
        key="nhap_skip_unknown",
        help="Nạp phần còn lại của tệp; các dòng của đơn vị chưa có (hoặc không rõ) trong danh mục được liệt kê "
        "trong báo cáo và ghi lại cùng lần nạp. Không chọn thì tệp có đơn vị lạ không được nạp.",
    )
    period = parse_period(period_text) if period_text else None
    if period_text and period is None:
        st.error(f"Không hiểu kỳ '{md_escape(period_text)}'. Ví dụ: Tháng 9/2026, Quý III/2026, Năm 2025, 10/10/2026.")
    elif st.button("Kiểm tra tệp", type="primary", disabled=not uploads):
        try:
            check([(f.name, f.getvalue()) for f in uploads], kind, period, skip_unknown)
        except db.WarehouseBusy:
            st.warning(BUSY)
    checked = st.session_state.get(CHECKED) or []
    for i, prepared in enumerate(checked):
        show_file(prepared, i)
    todo = [p for p in checked if not p.already_loaded]
    if checked and all(p.ok for p in checked) and todo:
        rows = sum(len(p.rows) for p in todo)
        if st.button(f"Xác nhận nạp {len(todo)} tệp ({rows} dòng) vào kho", type="primary", key="confirm"):
            try:
                loaded = importer.load_checked(todo, user.username)
                st.session_state.pop(CHECKED, None)
                for name, b in loaded.items():  # a simultaneous load of the same file may have committed first
                    other = loaded_by_other(b, user.username)
                    if other:
                        st.info(f"**{md_escape(name)}**: {md_escape(other)}")
                    else:
                        st.success(f"Đã nạp **{md_escape(name)}** (lô {b}). Các trang khác hiển thị số liệu mới ngay.")
            except db.WarehouseBusy:
                st.warning(BUSY)
    elif checked and any(not p.ok for p in checked):
        st.warning("Không tệp nào được nạp khi còn lỗi: hãy sửa tệp rồi tải lên và kiểm tra lại.")
    if user.can("manage_units"):
        add_unit_form()

with tab_history:
    undo_panel.render(user)  # history, undo and redo with confirmation (ui/undo.py)

with tab_templates:
    chosen = st.selectbox("Mẫu nhập liệu", list(FORMATS), format_func=lambda k: FORMATS[k].title, key="tpl_kind")
    st.caption("Mẫu có hướng dẫn, dòng tiêu đề cố định và danh sách đơn vị để chọn.")
    st.download_button(
        "Tải tệp mẫu",
        partial(template_for, chosen),
        f"mau_{chosen}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="tpl_download",
    )
