"""Helpers for the metrics tests (no tests here): write real batches into a test warehouse
through the loader's own `insert_batch`, one batch per call."""

from __future__ import annotations

import pandas as pd

from core.formula import INDEX, TOTAL_CODE, formula_for
from core.periods import Period
from etl import db
from etl.batches import BatchMeta, insert_batch, undo_batch


def obs(criterion_code: str, unit_id: str, period: Period, index_code: str | None = None, **values) -> dict:
    return {
        "index_code": index_code or criterion_code.split(".")[0],
        "criterion_code": criterion_code,
        "unit_id": unit_id,
        "period_type": period.type,
        "period_key": period.key,
        "period_end": period.end,
        **values,
    }


def load(path, observations: list[dict] | None = None, targets: list[dict] | None = None, fmt: str = "test") -> int:
    """Write one batch; returns its id."""
    with db.connect(path) as con:
        return insert_batch(
            con,
            BatchMeta(format=fmt, loaded_by="test", source_label="Dữ liệu thử"),
            observations=pd.DataFrame(observations) if observations else None,
            targets=pd.DataFrame(targets) if targets else None,
        )


def undo(path, batch_id: int) -> None:
    with db.connect(path) as con:
        undo_batch(con, batch_id, "test")


def scores(period: Period, totals: dict[str, float | None], with_groups: bool = False) -> list[dict]:
    """Total rows (points = value) per unit; with_groups also splits each total evenly over the groups."""
    rows = []
    groups = formula_for(period.end).groups
    for unit_id, total in totals.items():
        if total is not None:
            rows.append(obs(TOTAL_CODE, unit_id, period, INDEX, value=total, points=total, max_points=100.0))
        if with_groups and total is not None:
            rows += [
                obs(
                    g.criterion_code,
                    unit_id,
                    period,
                    INDEX,
                    value=round(total / len(groups), 4),
                    points=round(total / len(groups), 4),
                    max_points=g.max_points,
                )
                for g in groups
            ]
    return rows


def target(
    criterion_code: str,
    year: int,
    scope: str,
    value: float,
    unit_id: str | None = None,
    comparator: str = "at_least",
    base_year: int | None = None,
    mode: str | None = None,
) -> dict:
    return {
        "criterion_code": criterion_code,
        "year": year,
        "scope": scope,
        "unit_id": unit_id,
        "comparator": comparator,
        "value": value,
        "relative_base_year": base_year,
        "relative_mode": mode,
        "text_vi": "Chỉ tiêu thử",
    }


def units_of(path, kind: str) -> list[str]:
    with db.connect(path, read_only=True) as con:
        return [
            r[0] for r in con.execute("SELECT unit_id FROM units WHERE kind = ? ORDER BY unit_id", [kind]).fetchall()
        ]
