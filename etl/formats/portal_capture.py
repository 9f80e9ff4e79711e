"""The national portal's 766 capture: the 34-province ranking (JSON), the
province's unit scores (CSV) and indicator details (CSV), as saved on one day.

Produces observation rows; units are resolved by portal code, then by name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from core.formula import INDEX, TOTAL_CODE, Formula, formula_for
from core.periods import Period


def _obs(unit_id: str, code: str, period: Period, **values) -> dict:
    return {
        "index_code": INDEX,
        "criterion_code": code,
        "unit_id": unit_id,
        "period_type": period.type,
        "period_key": period.key,
        "period_end": period.end,
        **values,
    }


def national_ranking(path: Path) -> tuple[Period, pd.DataFrame]:
    """The 34 provinces: total and group scores with the official ranks."""
    data = json.loads(Path(path).read_text("utf-8"))
    period = Period("day", data["date"])
    formula = formula_for(period.end)
    rows = []
    for prov in data["provinces"]:
        unit_id = prov["departmentCode"]
        rows.append(
            _obs(
                unit_id,
                TOTAL_CODE,
                period,
                value=prov["totalScore"],
                points=prov["totalScore"],
                max_points=100.0,
                rank_official=prov["rank"],
                rank_of=len(data["provinces"]),
            )
        )
        for group in formula.groups:
            score = prov["scores"].get(group.code)
            rows.append(
                _obs(
                    unit_id,
                    group.criterion_code,
                    period,
                    value=score,
                    points=score,
                    max_points=group.max_points,
                    rank_official=prov.get(f"rank_{group.code}"),
                    rank_of=len(data["provinces"]),
                )
            )
    return period, pd.DataFrame(rows)


def unit_scores(path: Path, period: Period, unit_of_code: dict[str, str]) -> pd.DataFrame:
    """Every unit of the province: six group scores, total, band and rank in its league."""
    units = pd.read_csv(path, dtype={"department_code": str})
    formula: Formula = formula_for(period.end)
    league_size = units.groupby("group")["department_code"].transform("size")
    rows = []
    for r, size in zip(units.to_dict("records"), league_size):
        unit_id = unit_of_code[r["department_code"]]
        rows.append(
            _obs(
                unit_id,
                TOTAL_CODE,
                period,
                value=r["total_score"],
                points=r["total_score"],
                max_points=100.0,
                rank_official=int(r["rank_in_group"]),
                rank_of=int(size),
                band_official=formula.canonical_band(r["classification_label"]),
                note=f"Hạng chung trên cổng: {int(r['rank'])}",
            )
        )
        for group in formula.groups:
            rows.append(
                _obs(
                    unit_id,
                    group.criterion_code,
                    period,
                    value=r[group.key],
                    points=r[group.key],
                    max_points=group.max_points,
                )
            )
    return pd.DataFrame(rows)


def indicator_details(path: Path, period: Period, unit_of_code: dict[str, str]) -> pd.DataFrame:
    """Numerator, denominator, ratio (%) and official points per unit and indicator."""
    metrics = pd.read_csv(path, dtype={"scope_code": str})
    formula = formula_for(period.end)
    known = {i.code for i in formula.indicators}
    rows = []
    for r in metrics.to_dict("records"):
        if r["metric_code"] not in known:
            continue
        clean = {k: (None if pd.isna(v) else v) for k, v in r.items()}
        rows.append(
            _obs(
                unit_of_code[clean["scope_code"]],
                f"{INDEX}.{clean['metric_code']}",
                period,
                value=clean["ratio"],
                numerator=clean["numerator"],
                denominator=clean["denominator"],
                points=clean["score"],
                max_points=formula.indicator(clean["metric_code"]).max_points,
            )
        )
    return pd.DataFrame(rows)
