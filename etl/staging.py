"""From a found table to a staging frame: one row per data row, raw cells per field,
with the sheet and Excel row of each; header problems; unit names resolved."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.names import fold, normalise_code, split_name
from etl.cells import parse_number
from etl.formats.base import ImportFormat, spec
from etl.layout import Table, is_numbering_row
from etl.problems import Problem, column_letter, show_value
from etl.registry import Registry
from etl.xlsx import CellError


@dataclass
class Unresolved:
    """A unit name the registry cannot place: the user maps it once and it is remembered."""

    name: str
    status: str  # unknown | ambiguous
    where: list[str] = field(default_factory=list)  # "Trang1!B5"
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (unit_id, name)


def _row_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:15])
    return shown + (f" … (tổng {len(rows)} dòng)" if len(rows) > 15 else "")


def header_problems(table: Table, fmt: ImportFormat, fields=None) -> tuple[list[Problem], list[str]]:
    """Missing required columns, two columns for one field, unknown columns holding numbers.

    `fields`: the format's fields under the formula of the file's period (today's by default)."""
    sheet, row = table.sheet, table.header_rows[-1]
    labels = {f.name: f.label for f in (fields or fmt.fields)}
    seen = ", ".join(f"'{t}'" for t in table.headers.values())
    problems = [
        Problem(
            sheet.name,
            table.header_rows[0],
            "",
            "",
            "",
            f"Thiếu cột bắt buộc '{labels[name]}' (mẫu '{fmt.title}'). Các cột đọc được: {seen}.",
        )
        for name in table.missing
    ]
    for name, cols in table.duplicated.items():
        letters = ", ".join(column_letter(c) for c in cols)
        problems.append(
            Problem(
                sheet.name,
                row,
                letters,
                labels.get(name, name),
                "",
                f"Các cột {letters} cùng được hiểu là '{labels.get(name, name)}'; "
                "hãy giữ một cột hoặc sửa tiêu đề cho rõ.",
            )
        )
    warnings = []
    data = sheet.rows[table.first_data_row :]
    for col in table.unknown:
        header = table.headers[col]
        if any(col < len(r) and isinstance(r[col], float) for r in data):
            problems.append(
                Problem(
                    sheet.name,
                    row,
                    column_letter(col),
                    header,
                    "",
                    f"Cột '{header}' có số liệu nhưng không thuộc mẫu '{fmt.title}'. "
                    "Hãy xóa cột này hoặc sửa tiêu đề theo tệp mẫu.",
                )
            )
        else:
            warnings.append(f"Trang '{sheet.name}': cột {column_letter(col)} '{header}' không dùng đến, bỏ qua.")
    return problems, warnings


def _numeric(value) -> bool:
    if isinstance(value, (float, CellError)):
        return True
    try:
        return isinstance(value, str) and parse_number(value) is not None
    except ValueError:
        return False


def _column(rows: list[list], col: int) -> list:
    return [r[col] if col < len(r) else None for r in rows]


def _is_numeric_cell(values: pd.Series) -> pd.Series:
    """A number, an Excel error or a text number (checked only for the cells that are text)."""
    kinds = values.map(type)
    out = kinds.eq(float) | kinds.eq(CellError)
    text = kinds.eq(str)
    if text.any():
        out[text] = values[text].map(_numeric)
    return out


def stage(table: Table, fmt: ImportFormat, fields=None) -> tuple[pd.DataFrame, list[Problem], list[str]]:
    """Data rows of a table as raw cells; blank, numbering, totals and valueless rows are skipped.

    Column by column (a 100,000-row sheet is not walked row by row in Python)."""
    sheet = table.sheet
    fields = fields or fmt.fields
    columns = {name: col for name, col in table.columns.items() if name != "stt"}
    value_fields = [f.name for f in fields if f.value and f.name in columns]
    numeric = [f.name for f in fields if f.value and f.name in columns and f.type in ("number", "count")]
    totals = [fold(t) for t in spec()["common"]["totals"]] if "unit" in fmt.key_fields else []
    start = table.first_data_row
    rows = sheet.rows[start:]
    frame = pd.DataFrame({name: _column(rows, c) for name, c in columns.items()}, dtype=object)
    frame.index = pd.RangeIndex(start + 1, start + 1 + len(rows))  # Excel row numbers
    filled = pd.DataFrame(frame.to_numpy() != None, index=frame.index, columns=frame.columns)  # noqa: E711 (elementwise)
    keep = filled.any(axis=1) if len(columns) else pd.Series(False, index=frame.index)
    for excel_row in frame.index[:2]:
        if keep[excel_row] and is_numbering_row(list(frame.loc[excel_row])):
            keep[excel_row] = False
    if table.fixed_unit:
        frame["unit"] = table.fixed_unit
    if totals and "unit" in frame:
        unit = frame["unit"]
        total_names = {n for n in unit[unit.map(type).eq(str)].unique() if any(fold(n)[: len(t)] == t for t in totals)}
        if total_names:
            keep &= ~unit.isin(total_names)
    keep &= filled[value_fields].any(axis=1) if value_fields else False
    frame = frame[keep]
    hidden = [r for r in frame.index if r in sheet.hidden_rows] if sheet.hidden_rows else []
    # Text where numbers belong and nothing else ("Người lập biểu … KT. CHÁNH VĂN PHÒNG"):
    # a footer unless its name is a unit (decided once names are resolved).
    if numeric and len(frame):
        soft = ~pd.concat([_is_numeric_cell(frame[n]) for n in numeric], axis=1).any(axis=1)
    else:
        soft = pd.Series(True, index=frame.index)
    frame = frame.assign(_sheet=sheet.name, _row=frame.index.astype(int), _soft=soft.astype(bool))
    problems = []
    wanted = set(columns.values())
    for r0, c0, r1, c1 in sheet.merged:
        if r1 > r0 and r1 >= start and any(c0 <= c <= c1 for c in wanted):
            ref = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
            problems.append(
                Problem(
                    sheet.name,
                    r0 + 1,
                    column_letter(c0),
                    table.headers.get(c0, ""),
                    show_value(sheet.cell(r0, c0)),
                    f"Ô gộp {ref} trải trên nhiều dòng số liệu; hãy bỏ gộp ô và ghi giá trị cho từng dòng.",
                )
            )
    warnings = [f"Trang '{sheet.name}': các dòng đang bị ẩn vẫn được nạp: {_row_text(hidden)}."] if hidden else []
    return frame.reset_index(drop=True), problems, warnings


@dataclass
class Resolution:
    """Units of a staging frame: ids per row, problems (one per unit, its rows folded), and the rows
    `--skip-unknown` may leave out (index → why)."""

    unit_ids: pd.Series
    problems: list[Problem]
    unresolved: list[Unresolved]
    skippable: dict = field(default_factory=dict)


FUZZY_BUDGET_SECONDS = 2.0  # close-name suggestions stop after this; the rest are reported without them
SKIP_HINT = (
    " Nếu đây là đơn vị mới được chấm điểm, quản trị viên thêm bằng python -m etl unit add; "
    "hoặc nạp phần còn lại bằng --skip-unknown (ô 'Bỏ qua đơn vị chưa có trong danh mục')."
)


def _rows_text(rows: list[tuple[str, int]], several_sheets: bool) -> str:
    shown = [f"{s}!{r}" if several_sheets else str(r) for s, r in rows[:10]]
    more = f" … (tổng {len(rows)} dòng)" if len(rows) > 10 else ""
    return ", ".join(shown) + more


def _unit_text(value) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value if isinstance(value, str) else show_value(value)  # a number where a name belongs is a name


def resolve_units(
    frame: pd.DataFrame, tables: dict[str, Table], fmt: ImportFormat, registry: Registry, period=None
) -> Resolution:
    """unit_id of every row. A row with a code is matched by its code only (an unknown code is
    reported with the name it carries, never guessed from the name); a row without one by its name.
    Each distinct (name, code) is resolved once; a unit's problems are one line listing its rows."""
    matcher = registry.matcher(fmt.unit_kinds)
    allowed = set(registry.unit_ids(fmt.unit_kinds))
    choices = registry.user_choices
    # Each distinct (name cell, code cell) is resolved once; rows only carry its number.
    # ("15" the text and 15.0 the number are different keys: they are not equal in Python.)
    none = pd.Series(None, index=frame.index, dtype=object)
    name_group, name_values = pd.factorize(frame["unit"] if "unit" in frame else none, use_na_sentinel=True)
    code_group, code_values = pd.factorize(frame["unit_code"] if "unit_code" in frame else none, use_na_sentinel=True)
    group, pairs = pd.factorize((name_group + 1) * (len(code_values) + 1) + (code_group + 1))
    width = len(code_values) + 1
    keys = [
        (
            _unit_text(name_values[p // width - 1]) if p // width else None,
            normalise_code(code_values[p % width - 1]) if p % width else None,
        )
        for p in pairs
    ]
    deadline = time.perf_counter() + FUZZY_BUDGET_SECONDS
    verdicts: dict[tuple, tuple[str | None, str | None, str | None]] = {}  # (name, code) → (unit, kind, message)
    unresolved: dict[str, Unresolved] = {}
    for name, code in dict.fromkeys(keys):
        unit_id, issue, message = None, None, None
        by_name = choices.get(split_name(name)) if name and choices else None
        match = None
        code_unit = registry.unit_of_code.get(code) if code is not None else None
        if code_unit is not None and name == registry.labels.get(code_unit):
            by_name = code_unit  # the registry's own name for the code: nothing to check
        elif name and by_name is None:
            match = matcher.match(name, fuzzy=code is None and time.perf_counter() < deadline)
            by_name = match.unit_id
        if code is not None:
            unit_id = registry.unit_of_code.get(code)
            if unit_id is None:
                issue = "unknown_code"
                message = (
                    f"Mã đơn vị '{code}' (tên trong tệp: '{name or ''}') không có trong danh mục đơn vị." + SKIP_HINT
                )
            elif unit_id not in allowed:
                issue = "wrong_kind"
                message = (
                    f"Mã đơn vị '{code}' là {registry.labels[unit_id]}, không thuộc loại đơn vị của mẫu '{fmt.title}'."
                )
                unit_id = None
            elif by_name and by_name != unit_id:
                issue = "mismatch"
                message = (
                    f"Mã đơn vị {code} ({registry.labels[unit_id]}) không khớp với tên '{name}' "
                    f"({registry.labels[by_name]}). Hãy sửa mã hoặc tên."
                )
                unit_id = None
        elif name:
            unit_id = by_name
            if unit_id is None:
                issue = match.status
                near = [(registry.id_of_label.get(c, c), c) for c in match.candidates]
                unresolved[name] = Unresolved(name, match.status, [], near)
                hint = f" Gần giống: {', '.join(c for _, c in near)}." if near else ""
                message = (
                    f"Tên '{name}' khớp với nhiều đơn vị: {', '.join(c for _, c in near)}. Hãy ghi rõ hơn"
                    if match.status == "ambiguous"
                    else f"Không tìm thấy đơn vị '{name}' trong danh mục.{hint} Hãy sửa tên"
                )
                message += " hoặc chọn đơn vị tương ứng ở trang Nhập dữ liệu." + SKIP_HINT
        if unit_id is not None and period is not None and not registry.valid_in(unit_id, period.start, period.end):
            first, last = registry.validity[unit_id]
            span = f"từ {first:%d/%m/%Y}" if first else ""
            span += f" đến {last:%d/%m/%Y}" if last else ""
            issue = "not_valid"
            message = (
                f"Đơn vị {registry.labels[unit_id]} chỉ có trong danh mục {span.strip()}, "
                f"không có trong {period.label}." + SKIP_HINT
            )
            unit_id = None
        verdicts[(name, code)] = (unit_id, issue, message)
    ids = pd.Series(np.array([verdicts[k][0] for k in keys], dtype=object)[group], index=frame.index)
    problems, skippable = [], {}
    several = frame["_sheet"].nunique() > 1 if len(frame) else False
    # The rows of each key with a problem, in one pass (a file of 400,000 unknown names stays linear).
    distinct = list(dict.fromkeys(keys))
    key_id = {k: i for i, k in enumerate(distinct)}
    row_key = np.array([key_id[k] for k in keys], dtype=np.int64)[group] if len(keys) else np.array([], np.int64)
    bad = np.array([verdicts[k][1] is not None for k in distinct], dtype=bool)
    positions = np.flatnonzero(bad[row_key]) if len(row_key) else np.array([], np.int64)
    order = np.argsort(row_key[positions], kind="stable")
    positions, owners = positions[order], row_key[positions][order]
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if len(owners) else np.array([], np.int64)
    sheets, excel_rows, labels = frame["_sheet"].to_numpy(), frame["_row"].to_numpy(), frame.index.to_numpy()
    for part in np.split(positions, starts[1:]) if len(starts) else []:
        key = distinct[row_key[part[0]]]
        unit_id, issue, message = verdicts[key]
        index = labels[part]
        rows = list(zip(sheets[part], excel_rows[part].astype(int)))
        sheet, row = rows[0]
        table = tables[sheet]
        column = "unit_code" if issue in ("unknown_code", "wrong_kind") and "unit_code" in table.columns else "unit"
        col = table.columns.get(column, table.columns.get("unit"))
        if len(rows) > 1:
            message += f" (các dòng {_rows_text(rows, several)})"
        problems.append(
            Problem(
                sheet,
                row,
                column_letter(col) if col is not None else "",
                table.headers.get(col, "") if col is not None else "",
                key[1] if column == "unit_code" else (key[0] or ""),
                message,
            )
        )
        if key[0] in unresolved:
            unresolved[key[0]].where += [f"{s}!{column_letter(col)}{r}" for s, r in rows]
        reason = {
            "unknown_code": "mã đơn vị chưa có trong danh mục",
            "wrong_kind": "mã đơn vị không đúng loại",
            "mismatch": "mã và tên đơn vị không khớp",
            "ambiguous": "tên khớp với nhiều đơn vị",
            "unknown": "tên đơn vị chưa có trong danh mục",
            "not_valid": "đơn vị không có trong danh mục ở kỳ này",
        }[issue]
        for pos in index:
            skippable[pos] = reason
    return Resolution(ids, problems, list(unresolved.values()), skippable)
