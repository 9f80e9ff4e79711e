"""The 766 formula as versioned configuration (`data/reference/formulas/*.toml`).

Each file is one formula version with a valid-from date: its groups, its
indicators (maximum points, the rule from ratio to points, what a zero
denominator scores) and the classification bands.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

FORMULAS = Path(__file__).resolve().parent.parent / "data" / "reference" / "formulas"
INDEX = "SVC766"
TOTAL_CODE = INDEX  # unit totals are observations of the index's root criterion


@dataclass(frozen=True)
class Group:
    code: str
    key: str
    name: str
    max_points: float

    @property
    def criterion_code(self) -> str:
        return f"{INDEX}.{self.code}"


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    name: str
    max_points: float
    rule: str
    zero_denominator: str = "zero"
    full_at: float | None = None
    note: str = ""

    @property
    def criterion_code(self) -> str:
        return f"{INDEX}.{self.code}"

    @property
    def scored(self) -> bool:
        return self.rule in ("linear", "threshold")


@dataclass(frozen=True)
class Band:
    label: str
    min: float
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Formula:
    version: str
    valid_from: date
    name: str
    round_digits: int
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    bands: tuple[Band, ...] = field(default=())
    round_mode: str = "half_up"  # half_up or half_even, applied to exact values (see docs/021)

    def group(self, code: str) -> Group:
        return next(g for g in self.groups if g.code == code)

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def band_of(self, total: float | None) -> str | None:
        if total is None:
            return None
        for band in sorted(self.bands, key=lambda b: -b.min):
            if total >= band.min:
                return band.label
        return self.bands[-1].label if self.bands else None

    def canonical_band(self, label: str | None) -> str | None:
        """Map a band label as the portal writes it ("Yếu / Kém") to ours ("Yếu")."""
        if not label:
            return None
        text = " ".join(str(label).split())
        for band in self.bands:
            if text.casefold() in (band.label.casefold(), *[a.casefold() for a in band.aliases]):
                return band.label
        return None


def _parse(path: Path) -> Formula:
    data = tomllib.loads(path.read_text("utf-8"))
    return Formula(
        version=data["version"],
        valid_from=date.fromisoformat(data["valid_from"]),
        name=data["name"],
        round_digits=int(data.get("round_digits", 2)),
        groups=tuple(Group(**g) for g in data["groups"]),
        indicators=tuple(Indicator(**i) for i in data["indicators"]),
        bands=tuple(Band(b["label"], float(b["min"]), tuple(b.get("aliases", ()))) for b in data.get("bands", [])),
        round_mode=data.get("round_mode", "half_up"),
    )


def load_formulas(folder: Path | None = None) -> tuple[Formula, ...]:
    """Every formula version, oldest first (`folder` defaults to FORMULAS, read at call time)."""
    return _load(Path(folder or FORMULAS))


@lru_cache(maxsize=4)
def _load(folder: Path) -> tuple[Formula, ...]:
    return tuple(sorted((_parse(p) for p in folder.glob("*.toml")), key=lambda f: f.valid_from))


def formula_for(day: date, folder: Path | None = None) -> Formula:
    """The formula in force on a day (the newest whose valid_from is not after it)."""
    versions = load_formulas(folder)
    valid = [f for f in versions if f.valid_from <= day]
    return valid[-1] if valid else versions[0]
