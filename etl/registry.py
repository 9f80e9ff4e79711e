"""What an import checks names and codes against: units with their aliases, the
criteria catalogue and the plan's tasks, read once from the warehouse per load."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import duckdb
import pandas as pd

from core.names import UnitMatcher, clean_text, normalise_code, split_name
from core.settings import home_unit

# Provinces are written with or without their prefix: "Tỉnh Đồng Tháp", "Đồng Tháp", "TP. Hồ Chí Minh".
_PROVINCE_PREFIX = re.compile(r"^(ubnd\s+)?(tỉnh|thành phố|tp\.?)\s+", re.I)


def fold_name(text: str) -> str:
    """Case, spacing and punctuation folded, for matching criterion and task titles."""
    return " ".join(re.sub(r"[^\w%]+", " ", clean_text(text).casefold()).split())


@dataclass
class Registry:
    units: pd.DataFrame  # unit_id, kind, subkind, name, short_name, portal_code, valid_from, valid_to
    aliases: pd.DataFrame  # alias, unit_id, source
    criteria: pd.DataFrame  # code, index_code, parent_code, level, name_vi, unit, direction, max_points
    tasks: pd.DataFrame  # task_id, title, criterion_code
    _memo: dict = field(default_factory=dict, repr=False)  # memo: matchers and name lookups

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Registry:
        return cls(
            units=con.execute(
                "SELECT unit_id, kind, subkind, name, short_name, portal_code, valid_from, valid_to"
                " FROM units"
                " ORDER BY kind, name"
            ).df(),
            aliases=con.execute("SELECT alias, unit_id, source FROM unit_aliases").df(),
            criteria=con.execute(
                "SELECT code, index_code, parent_code, level, name_vi, unit, direction,"
                " max_points FROM criteria ORDER BY sort_order"
            ).df(),
            tasks=con.execute("SELECT task_id, title, criterion_code FROM tasks ORDER BY task_id").df(),
        )

    @cached_property
    def labels(self) -> dict[str, str]:
        return dict(zip(self.units.unit_id, self.units.name))

    @cached_property
    def id_of_label(self) -> dict[str, str]:
        return {name: unit for unit, name in self.labels.items()}

    @cached_property
    def user_choices(self) -> dict[tuple[str | None, str], str]:
        """Names users mapped by hand, exactly as written (prefix kept): they win over the matcher."""
        mine = self.aliases[self.aliases.source == "user"]
        return {split_name(a): u for a, u in zip(mine.alias, mine.unit_id)}

    @property
    def home_unit(self) -> str:
        """The province itself (its own indicators are the home unit's)."""
        return home_unit()

    @cached_property
    def kind_of(self) -> dict[str, str]:
        return dict(zip(self.units.unit_id, self.units.kind))

    @cached_property
    def unit_of_code(self) -> dict[str, str]:
        known = self.units.dropna(subset=["portal_code"])
        return {normalise_code(code): unit for code, unit in zip(known.portal_code, known.unit_id)}

    @cached_property
    def validity(self) -> dict[str, tuple]:
        """unit_id → (valid_from, valid_to) as dates (None when open)."""

        def day(v):
            return None if v is None or pd.isna(v) else pd.Timestamp(v).date()

        return {u: (day(a), day(b)) for u, a, b in zip(self.units.unit_id, self.units.valid_from, self.units.valid_to)}

    def valid_in(self, unit_id: str, start, end) -> bool:
        """The unit existed at some point of [start, end]."""
        first, last = self.validity.get(unit_id, (None, None))
        return (first is None or first <= end) and (last is None or last >= start)

    def unit_ids(self, kinds: tuple[str, ...]) -> list[str]:
        """Units an import of these kinds may name ("home" is the province itself)."""
        wanted = self.units.kind.isin(kinds) | (self.units.unit_id.eq(home_unit()) & ("home" in kinds))
        if "province" not in kinds:
            wanted &= ~(self.units.kind.eq("province") & self.units.unit_id.ne(home_unit()))
        return list(self.units.unit_id[wanted])

    def matcher(self, kinds: tuple[str, ...]) -> UnitMatcher:
        if kinds not in self._memo:
            allowed = set(self.unit_ids(kinds))
            subkind = dict(zip(self.units.unit_id, self.units.subkind))
            hint = {"xa": "xa", "phuong": "phuong"}
            names = [(a, u) for a, u in zip(self.aliases.alias, self.aliases.unit_id) if u in allowed]
            names += [(n, u) for n, u in zip(self.units.name, self.units.unit_id) if u in allowed]
            names += [
                (s, u)
                for s, u in zip(self.units.short_name, self.units.unit_id)
                if u in allowed and isinstance(s, str) and self.kind_of[u] == "province"
            ]
            if "province" in kinds:
                bare = {(_PROVINCE_PREFIX.sub("", n), u) for n, u in names if self.kind_of[u] == "province"}
                names += [(f"{prefix}{n}", u) for n, u in bare for prefix in ("", "TP. ", "TP ")]
            entries = [(n, u, hint.get(subkind.get(u))) for n, u in names if isinstance(n, str) and n.strip()]
            self._memo[kinds] = UnitMatcher(entries, self.labels)
        return self._memo[kinds]

    @cached_property
    def criterion_codes(self) -> set[str]:
        return set(self.criteria.code)

    def criterion_by_name(self, index_code: str | None) -> dict[str, str]:
        """Folded criterion name → code (names that are unique within the index, or overall)."""
        key = ("criteria", index_code)
        if key not in self._memo:
            rows = self.criteria if index_code is None else self.criteria[self.criteria.index_code == index_code]
            folded = rows.name_vi.map(fold_name)
            unique = folded[~folded.duplicated(keep=False)]
            self._memo[key] = dict(zip(unique, rows.code[unique.index]))
        return self._memo[key]

    @cached_property
    def task_ids(self) -> set[str]:
        return set(self.tasks.task_id)

    @cached_property
    def task_by_title(self) -> dict[str, str]:
        folded = self.tasks.title.map(fold_name)
        unique = folded[~folded.duplicated(keep=False)]
        return dict(zip(unique, self.tasks.task_id[unique.index]))
