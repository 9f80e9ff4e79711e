"""Metrics settings read from `data/reference/metrics.toml` (tolerances, bases, windows)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

SETTINGS = Path(__file__).resolve().parent.parent / "data" / "reference" / "metrics.toml"


@lru_cache(maxsize=2)
def settings(path: Path = SETTINGS) -> dict:
    return tomllib.loads(Path(path).read_text("utf-8"))


def get(section: str, key: str):
    return settings()[section][key]


def home_unit() -> str:
    return get("ranking", "home")


def provinces_in(year: int) -> int | None:
    """How many provinces a national rank of that year is out of."""
    for span in get("national", "provinces"):
        if span["from_year"] <= year <= span["to_year"]:
            return span["count"]
    return None
