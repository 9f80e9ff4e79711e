"""Historical figures of the seeds (`data/reference/facts.csv`): the fallback for what the
warehouse does not hold yet, such as the PAR Index ranks of 2023–2024 or the SIPAS 2024
baselines of relative targets. Warehouse observations always take precedence.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

FACTS = Path(__file__).resolve().parent.parent / "data" / "reference" / "facts.csv"
SOURCE_LABEL = "Số liệu trong văn bản của tỉnh (danh mục dữ kiện)"


@lru_cache(maxsize=2)
def facts(path: Path = FACTS) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["number"] = pd.to_numeric(frame["value"], errors="coerce")
    frame["year"] = pd.to_numeric(frame["period"].where(frame["period"].str.fullmatch(r"\d{4}")), errors="coerce")
    return frame


def ranks(index_code: str) -> pd.DataFrame:
    """The province's yearly national ranks stated in the seeds: year, rank, of."""
    f = facts()
    rows = f[
        (f.criteria_code == index_code)
        & (f.unit == "rank")
        & (f.scope == "province")
        & f.fact_type.isin(["actual", "derived"])
        & f.year.notna()
    ]
    out = pd.DataFrame(
        {
            "year": rows.year.astype(int),
            "rank": rows.number.astype(int),
            "of": pd.to_numeric(rows.denominator, errors="coerce").astype("Int64"),
            "quote_vi": rows.quote_vi,
        }
    )
    return out.sort_values("year").reset_index(drop=True)


def baseline(criterion_code: str, year: int) -> float | None:
    """The province's value of a criterion in a year, as the seeds state it."""
    f = facts()
    rows = f[
        (f.criteria_code == criterion_code)
        & (f.year == year)
        & (f.scope == "province")
        & f.fact_type.isin(["baseline", "actual"])
        & f.unit.isin(["percent", "points", "index"])
    ]
    return float(rows.number.iloc[0]) if not rows.empty else None
