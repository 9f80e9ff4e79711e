"""From a found table to a staging frame: one row per data row, raw cells per field,
with the sheet and Excel row of each; header problems; unit names resolved."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from etl.cells import parse_number
from etl.formats.base import ImportFormat, spec
from core.names import fold
from etl.layout import Table, is_numbering_row
from core.names import split_name
from etl.problems import Problem, column_letter, show_value
from etl.registry import Registry
from etl.xlsx import CellError


@dataclass
class Unresolved:
    """A unit name the registry cannot place: the user maps it once and it is remembered."""
    name: str
    status: str                                   # unknown | ambiguous
    where: list[str] = field(default_factory=list)  # "Trang1!B5"
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (unit_id, name)


def _row_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:15])
    return shown + (f" … (tổng {len(rows)} dòng)" if len(rows) > 15 else "")


def header_problems(table: Table, fmt: ImportFormat) -> tuple[list[Problem], list[str]]:
    """Missing required columns, two columns for one field, unknown columns holding numbers."""
    sheet, row = table.sheet, table.header_rows[-1]
    labels = {f.name: f.label for f in fmt.fields}
    seen = ", ".join(f"'{t}'" for t in table.headers.values())
    problems = [Problem(sheet.name, table.header_rows[0], "", "", "",
                        f"Thiếu cột bắt buộc '{labels[name]}' (mẫu '{fmt.title}'). Các cột đọc được: {seen}.")
                for name in table.missing]
    for name, cols in table.duplicated.items():
        letters = ", ".join(column_letter(c) for c in cols)
        problems.append(Problem(sheet.name, row, letters, labels.get(name, name), "",
                                f"Các cột {letters} cùng được hiểu là '{labels.get(name, name)}'; "
                                "hãy giữ một cột hoặc sửa tiêu đề cho rõ."))
    warnings = []
    data = sheet.rows[table.first_data_row:]
    for col in table.unknown:
        header = table.headers[col]
        if any(col < len(r) and isinstance(r[col], float) for r in data):
            problems.append(Problem(sheet.name, row, column_letter(col), header, "",
                                    f"Cột '{header}' có số liệu nhưng không thuộc mẫu '{fmt.title}'. "
                                    "Hãy xóa cột này hoặc sửa tiêu đề theo tệp mẫu."))
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


def stage(table: Table, fmt: ImportFormat) -> tuple[pd.DataFrame, list[Problem], list[str]]:
    """Data rows of a table as raw cells; blank, numbering, totals and valueless rows are skipped."""
    sheet = table.sheet
    columns = {name: col for name, col in table.columns.items() if name != "stt"}
    value_fields = [f.name for f in fmt.fields if f.value and f.name in columns]
    numeric = [f for f in fmt.fields if f.value and f.name in columns and f.type in ("number", "count")]
    totals = [fold(t) for t in spec()["common"]["totals"]] if "unit" in fmt.key_fields else []
    records, problems, hidden = [], [], []
    start = table.first_data_row
    for i in range(start, len(sheet.rows)):
        row = sheet.rows[i]
        cells = {name: (row[c] if c < len(row) else None) for name, c in columns.items()}
        if all(v is None for v in cells.values()):
            continue
        if i < start + 2 and is_numbering_row(list(cells.values())):
            continue
        key = cells.get("unit")
        if isinstance(key, str) and any(fold(key)[:len(t)] == t for t in totals):
            continue
        if not any(cells[name] is not None for name in value_fields):
            continue
        if i + 1 in sheet.hidden_rows:
            hidden.append(i + 1)
        # Text where numbers belong and nothing else ("Người lập biểu … KT. CHÁNH VĂN PHÒNG"):
        # a footer unless its name is a unit (decided once names are resolved).
        soft = not any(_numeric(cells[f.name]) for f in numeric)
        records.append({**cells, "_sheet": sheet.name, "_row": i + 1, "_soft": soft})
    wanted = set(columns.values())
    for r0, c0, r1, c1 in sheet.merged:
        if r1 > r0 and r1 >= start and any(c0 <= c <= c1 for c in wanted):
            ref = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
            problems.append(Problem(sheet.name, r0 + 1, column_letter(c0), table.headers.get(c0, ""),
                                    show_value(sheet.cell(r0, c0)),
                                    f"Ô gộp {ref} trải trên nhiều dòng số liệu; hãy bỏ gộp ô và ghi giá trị cho từng dòng."))
    warnings = [f"Trang '{sheet.name}': các dòng đang bị ẩn vẫn được nạp: {_row_text(hidden)}."] if hidden else []
    frame = pd.DataFrame.from_records(records)
    return frame.astype(object).where(frame.notna(), None), problems, warnings


def resolve_units(frame: pd.DataFrame, tables: dict[str, Table], fmt: ImportFormat,
                  registry: Registry) -> tuple[pd.Series, list[Problem], list[Unresolved]]:
    """unit_id of every row (by portal code, then by name); a problem for each name not placed."""
    matcher = registry.matcher(fmt.unit_kinds)
    choices = registry.user_choices
    ids, problems, unresolved = [], [], {}
    for pos in frame.index:
        name, code = frame.at[pos, "unit"], frame.get("unit_code", pd.Series(dtype=object)).get(pos)
        sheet, row = frame.at[pos, "_sheet"], int(frame.at[pos, "_row"])
        table = tables[sheet]
        letter = column_letter(table.columns["unit"])
        header = table.headers.get(table.columns["unit"], "")
        by_code = registry.unit_of_code.get(str(code).strip().upper()) if isinstance(code, str) else None
        unit_id, match = None, None
        if name is not None and not isinstance(name, str):
            name = show_value(name)  # a number where a name belongs is an unknown name, not a blank
        if isinstance(name, str):
            unit_id = choices.get(split_name(name))
            if unit_id is None:
                match = matcher.match(name)
                unit_id = match.unit_id
        if by_code and unit_id and by_code != unit_id:
            problems.append(Problem(sheet, row, letter, header, name,
                                    f"Mã đơn vị {code} ({registry.labels[by_code]}) không khớp với tên '{name}'."))
        elif by_code:
            unit_id = by_code
        elif isinstance(name, str) and unit_id is None:
            near = [(registry.id_of_label.get(c, c), c) for c in match.candidates]
            entry = unresolved.setdefault(name, Unresolved(name, match.status, [], near))
            entry.where.append(f"{sheet}!{letter}{row}")
            hint = f" Gần giống: {', '.join(c for _, c in near)}." if near else ""
            text = (f"Tên '{name}' khớp với nhiều đơn vị: {', '.join(c for _, c in near)}. Hãy ghi rõ hơn"
                    if match.status == "ambiguous" else f"Không tìm thấy đơn vị '{name}' trong danh mục.{hint} Hãy sửa tên")
            problems.append(Problem(sheet, row, letter, header, name,
                                    f"{text} hoặc chọn đơn vị tương ứng ở trang Nhập dữ liệu."))
        ids.append(unit_id)
    return pd.Series(ids, index=frame.index, dtype=object), problems, list(unresolved.values())
