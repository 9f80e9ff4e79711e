"""Declarative validation with pandera: every failure becomes a located Vietnamese problem.

Two passes over a staging frame whose `_sheet` and `_row` columns locate each row:
1. raw cells: required cells present, no Excel errors, numbers and dates readable;
2. typed values: ranges, whole numbers, the format's cross-column and cross-row rules.
Every check carries its Vietnamese sentence (with `{value}`, `{header}` and
`{row[column]}` placeholders), so mapping a failure to a problem is mechanical.
All failures are collected (`lazy=True`): the user sees every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from etl.cells import as_date, parse_number
from etl.formats.base import Field
from etl.problems import Problem, column_letter, show_value
from etl.xlsx import CellError

BUILTIN_MESSAGES = {
    "not_nullable": "Ô đang trống nhưng cột '{header}' là bắt buộc.",
}


def _is_number(value) -> bool:
    if value is None or isinstance(value, CellError):
        return True
    try:
        parse_number(value)
        return True
    except ValueError:
        return False


def _is_date(value) -> bool:
    return value is None or isinstance(value, CellError) or as_date(value) is not None


def _not_uncached(value) -> bool:
    return not (isinstance(value, CellError) and value.code is None)


def _not_excel_error(value) -> bool:
    return not (isinstance(value, CellError) and value.code)


def raw_schema(fields: tuple[Field, ...]) -> pa.DataFrameSchema:
    """Pass 1: what every cell must be before it can be read as its field's type."""
    columns = {}
    for f in fields:
        checks = [
            pa.Check(
                _not_uncached,
                element_wise=True,
                error="Ô chứa công thức chưa có giá trị tính sẵn. Hãy mở tệp bằng Excel, lưu lại rồi tải lên.",
            ),
            pa.Check(
                _not_excel_error,
                element_wise=True,
                error="Ô có lỗi Excel {value}. Hãy sửa công thức hoặc nhập số liệu.",
            ),
        ]
        if f.type in ("number", "count"):
            checks.append(
                pa.Check(
                    _is_number,
                    element_wise=True,
                    error="'{value}' không phải là số. Hãy nhập số, ví dụ 94,84 hoặc 1.234.",
                )
            )
        elif f.type == "date":
            checks.append(
                pa.Check(
                    _is_date, element_wise=True, error="'{value}' không phải là ngày. Hãy nhập ngày dạng 30/09/2026."
                )
            )
        columns[f.name] = pa.Column(None, checks, nullable=not f.required, required=False)
    return pa.DataFrameSchema(columns)


def _typed_value(value, kind: str):
    if value is None or isinstance(value, CellError):
        return None
    if kind in ("number", "count"):
        try:
            return parse_number(value)
        except ValueError:
            return None
    if kind == "date":
        return as_date(value)
    if isinstance(value, float):  # a code typed as a number: "3.8" stays "3.8", 15.0 becomes "15"
        return f"{value:g}" if kind == "code" else show_value(value)
    return str(value)


def typed(frame: pd.DataFrame, fields: tuple[Field, ...]) -> pd.DataFrame:
    """Cells read as their field's type; unreadable cells become missing (pass 1 reported them)."""
    out = pd.DataFrame(index=frame.index)
    for f in fields:
        if f.name not in frame:
            continue
        column = frame[f.name]
        kinds = column.map(type)
        # Column at a time: only the cells that are not already what the field wants go through Python.
        if f.type in ("number", "count"):
            fast = kinds.eq(float) | column.isna()
            values = column.where(fast).astype("float64")
            slow = ~fast
            if slow.any():
                parsed = [_typed_value(v, f.type) for v in column[slow]]
                values[slow] = pd.array(parsed, dtype="Float64").astype("float64")
            out[f.name] = values
        else:
            values = column.astype(object).copy()
            slow = ~(kinds.eq(str) | column.isna()) if f.type != "date" else column.notna()
            if slow.any():
                values[slow] = [_typed_value(v, f.type) for v in column[slow]]
            out[f.name] = values.where(values.notna(), None)
    return out


def in_range(f: Field) -> list[pa.Check]:
    """Range and whole-number checks of a numeric field, in Vietnamese."""
    low, high = f.min, f.max
    checks = []
    if low is not None and high is not None:
        checks.append(
            pa.Check.in_range(
                low,
                high,
                ignore_na=True,
                error=f"Giá trị {{value}} nằm ngoài khoảng cho phép {show_value(float(low))}"
                f"–{show_value(float(high))}.",
            )
        )
    elif low is not None:
        checks.append(
            pa.Check.ge(low, ignore_na=True, error=f"Giá trị {{value}} không được nhỏ hơn {show_value(float(low))}.")
        )
    if f.type == "count":
        checks.append(pa.Check(lambda s: s.isna() | (s == s.round()), error="Giá trị {value} phải là số nguyên."))
    return checks


def columns_for(fields: tuple[Field, ...], extra: dict[str, list[pa.Check]] | None = None) -> dict[str, pa.Column]:
    """Pass-2 columns: default range checks of each field plus the format's own checks."""
    extra = extra or {}
    return {f.name: pa.Column(None, in_range(f) + extra.get(f.name, []), nullable=True, required=False) for f in fields}


def rule(message: str, check: Callable[[pd.DataFrame], pd.Series], *needs: str) -> pa.Check:
    """A row rule reported on the column named by the message's first word in brackets, e.g. "[total] …".

    Rows where a column in `needs` is missing pass: their emptiness is reported elsewhere.
    """

    def run(df: pd.DataFrame) -> pd.Series:
        if any(n not in df for n in needs):
            return pd.Series(True, index=df.index)
        skip = df[list(needs)].isna().any(axis=1) if needs else False
        return skip | check(df).fillna(False).astype(bool)

    return pa.Check(run, error=message)


def duplicate_rule(column: str, what: str) -> pa.Check:
    """Rows whose keys repeat (see `etl.formats.base.mark_duplicates`), reported on `column`."""
    return rule(
        f"[{column}] {what} xuất hiện nhiều lần trong bảng (các dòng {{row[_dup_rows]}}).",
        lambda df: df["_dup_rows"].isna(),
    )


def _header(table, name: str) -> tuple[str, str]:
    col = table.columns.get(name) if table is not None else None
    return (column_letter(col), table.headers.get(col, "")) if col is not None else ("", "")


def run(schema: pa.DataFrameSchema, frame: pd.DataFrame, tables: dict) -> list[Problem]:
    """Validate lazily; one problem per failing cell, located by the frame's `_sheet` and `_row`.

    `tables` maps each sheet name to its `etl.layout.Table` (for column letters and headers).
    """
    try:
        schema.validate(frame, lazy=True)
        return []
    except SchemaErrors as exc:
        cases = exc.failure_cases
    problems = []
    for case in cases.itertuples(index=False):
        template = BUILTIN_MESSAGES.get(case.check, case.check)
        name = case.column
        if case.schema_context == "DataFrameSchema":  # a row rule: reported once, on its own column
            if not template.startswith("["):
                continue
            name, template = template[1:].split("] ", 1)
        if pd.isna(case.index) or case.index not in frame.index:
            sheet, row, values = "", 0, {}
        else:
            sheet, row = frame.at[case.index, "_sheet"], int(frame.at[case.index, "_row"])
            values = {k: show_value(v) for k, v in frame.loc[case.index].items()}
        letter, header = _header(tables.get(sheet), name)
        value = values.get(name, show_value(case.failure_case))
        try:
            message = template.format(value=value, header=header or name, row=values)
        except (KeyError, IndexError, ValueError):  # not one of our sentences (a check that crashed)
            message = template
        problems.append(Problem(sheet, row, letter, header, value, message))
    return sorted(set(problems))
