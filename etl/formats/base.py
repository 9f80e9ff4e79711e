"""What every import format declares: its fields, the units it names, the period
it needs, its validation rules and how its rows become warehouse rows.

Column synonyms and cell vocabularies are data (`columns.toml`); types, ranges
and cross-row rules are pandera schemas built by each format.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from core.formula import Formula, formula_for, load_formulas
from core.names import fold
from core.periods import Period
from etl.registry import Registry, fold_name

COLUMNS_TOML = Path(__file__).resolve().parent / "columns.toml"


@lru_cache(maxsize=1)
def spec() -> dict:
    return tomllib.loads(COLUMNS_TOML.read_text("utf-8"))


def vocabulary(name: str) -> dict[str, str]:
    """Folded word → canonical code, e.g. "đang triển khai" → "dang_thuc_hien"."""
    return {fold_name(word): code for code, words in spec()["vocab"][name].items() for word in words}


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # the Vietnamese header in templates and messages
    type: str = "number"  # number | count | text | date | unit | code
    required: bool = False
    value: bool = True  # a value column: a row with none of them is empty
    min: float | None = None
    max: float | None = None
    number_format: str | None = None
    width: int = 14
    in_template: bool = True  # derived columns (report totals) are accepted but not offered


@dataclass
class Context:
    registry: Registry
    period: Period | None
    today: date
    titles: list[str] = field(default_factory=list)  # title cells above the tables
    warnings: list[str] = field(default_factory=list)  # what `prepare`/`build` decided not to keep, for the report

    @property
    def formula(self) -> Formula:
        """The formula of the file's period (today's when it has none)."""
        return formula_for(self.period.end if self.period else self.today)


class ImportFormat:
    kind: str = ""
    title: str = ""  # Vietnamese, shown to users
    sections: tuple[str, ...] = ()  # columns.toml sections holding the synonyms
    target: str = "observations"  # observations | targets | task_reports
    unit_kinds: tuple[str, ...] = ()  # non-empty: rows name units of these kinds
    key_fields: tuple[str, ...] = ("unit",)  # a header must name one of these
    needs_period: bool = True
    future_periods: bool = False  # targets name the years ahead
    period_types: tuple[str, ...] = ("day", "month", "quarter", "year")
    instructions: tuple[str, ...] = ()
    combines_with: tuple[str, ...] = ()  # kinds whose sheets may share a workbook (and a batch) with this one

    def whole_table_unit(self, table, registry: Registry) -> tuple[str | None, str]:
        """A sheet without a unit column whose rows all belong to one unit: (its name, "") or (None, why not)."""
        return None, ""

    def field_list(self, formula: Formula) -> tuple[Field, ...]:
        raise NotImplementedError

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.field_list(formula_for(date.today()))

    def synonyms(self) -> dict[str, list[tuple[str, ...]]]:
        """Field → its header synonyms as folded words (computed once per format)."""
        versions = load_formulas()
        if self.__dict__.get("_synonyms_of") is not versions:
            words: dict[str, list[str]] = {}
            for section in self.sections:
                for name, options in spec()[section].items():
                    words[name] = [*words.get(name, []), *options]
            words["stt"] = list(spec()["common"]["stt"])
            # Fields of every formula version: a file is matched against the version of its period.
            fields = {f.name: f for formula in versions for f in self.field_list(formula)}
            for f in fields.values():  # a field columns.toml does not know yet (a new group) is found by its label
                if f.name not in words:
                    words[f.name] = [f.label.split(" (")[0]]
            names = set(fields) | {"stt", "ignore"}
            self._synonyms = {n: [fold(w) for w in options] for n, options in words.items() if n in names}
            self._synonyms_of = versions
        return self._synonyms

    def schema(self, ctx: Context):
        """The pandera schema of typed rows (ranges and cross-row rules)."""
        raise NotImplementedError

    def prepare(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        """Add the helper columns (`_name`) the rules and `build` need: resolved codes, sums, duplicates."""
        return frame

    def build(self, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        """Rows for the target table."""
        raise NotImplementedError

    def template_rows(self, ctx: Context) -> list[dict]:
        """Rows pre-filled in the template (e.g. every unit's name)."""
        return []

    def template_lists(self, ctx: Context) -> dict[str, list[str]]:
        """Field → the values its dropdown offers."""
        return {}


def observation_rows(frame: pd.DataFrame, ctx: Context, index_code: str, items: dict[str, dict]) -> pd.DataFrame:
    """Long observation rows: one per row of `frame` and item.

    `items` maps a criterion code to {observation column: frame column, or a constant that is not a string}.
    """
    period = ctx.period
    parts = []
    for code, columns in items.items():
        part = pd.DataFrame({"index_code": index_code, "criterion_code": code, "unit_id": frame["unit_id"].values})
        for column, source in columns.items():
            part[column] = frame[source].values if isinstance(source, str) else source
        parts.append(part)
    rows = pd.concat(parts, ignore_index=True)
    return rows.assign(period_type=period.type, period_key=period.key, period_end=period.end)


UNIT = Field("unit", "Tên đơn vị", "unit", required=True, value=False, width=42)
UNIT_CODE = Field("unit_code", "Mã đơn vị", "code", value=False, width=12)
NOTE = Field("note", "Ghi chú", "text", value=False, width=30)


DUPLICATE_ROWS_SHOWN = 5


def mark_duplicates(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """`_dup_rows` on the first row of each repeated key: where its copies are ("5, 9" or "Sở!5, Xã!9").

    One message per repeated unit (not one per row listing every row, which grew as the square of
    the rows): the first DUPLICATE_ROWS_SHOWN rows are named, then how many there are in all.
    One pass over the rows, so a flood of 40.000 copies costs what 40.000 rows cost.
    """
    frame = frame.copy()
    frame["_dup_rows"] = None
    if frame.empty or any(k not in frame for k in keys):
        return frame
    several = frame["_sheet"].nunique() > 1
    known = frame.dropna(subset=keys)
    first: dict[tuple, object] = {}
    where: dict[tuple, list[str]] = {}
    count: dict[tuple, int] = {}
    for pos, sheet, row, *key in zip(known.index, known["_sheet"], known["_row"], *(known[k] for k in keys)):
        key = tuple(key)
        if key not in first:
            first[key], where[key], count[key] = pos, [], 0
        count[key] += 1
        if len(where[key]) < DUPLICATE_ROWS_SHOWN:
            where[key].append(f"{sheet}!{row}" if several else str(row))
    for key, n in count.items():
        if n > 1:
            text = ", ".join(where[key]) + (f" … (tổng {n:,} dòng)".replace(",", ".") if n > len(where[key]) else "")
            frame.at[first[key], "_dup_rows"] = text
    return frame
