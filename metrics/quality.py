"""Data quality for the staff: what was loaded, how fresh each index is (the TTHC report
included). Times in these frames are stored UTC; views format them in Vietnam time with
core.clock (docs/053); day counts are counted in Vietnam days."""

from __future__ import annotations

from datetime import date

import pandas as pd

from core import clock
from core.formula import INDEX, Formula, formula_for
from core.labels import BATCH_STATUS, format_label
from core.periods import Period, period_label
from metrics import measures, ranking, scoring, sql, targets


def _label_period(ptype, key) -> str:
    return period_label(ptype, key) if isinstance(ptype, str) and isinstance(key, str) else "—"


def loads(path=None) -> pd.DataFrame:
    """Every batch, newest first, with Vietnamese labels for its format, period and status."""
    frame = sql.query("quality_loads", path)
    frame["format_label"] = frame["format"].map(format_label)
    frame["period_label"] = [_label_period(t, k) for t, k in zip(frame["period_type"], frame["period_key"])]
    frame["status_label"] = frame["effective_status"].map(lambda s: BATCH_STATUS.get(s, s))
    return frame


def freshness(path=None, today: date | None = None) -> pd.DataFrame:
    """Per index (766, the TTHC report, PAR/SIPAS/PAPI as loaded): newest period with data, days
    since it ended and since the last load (Vietnam time)."""
    today = today or clock.today_vn()
    frame = sql.query("quality_freshness", path)
    frame["period_label"] = [_label_period(t, k) for t, k in zip(frame["period_type"], frame["period_key"])]
    frame["days_since_period"] = [(today - pd.Timestamp(d).date()).days for d in frame["period_end"]]
    # Stored times are UTC: a load at 18:00 UTC happened on the next day in Đắk Lắk.
    frame["days_since_load"] = [(today - clock.to_vn(d).date()).days for d in frame["last_loaded_at"]]
    return frame


def period_source(period, path=None) -> tuple[str, object]:
    """Where a 766 period's numbers come from (source labels) and when they were last loaded."""
    frame = sql.query("period_source", path, index_code=INDEX, period_type=period.type, period_key=period.key)
    if frame.empty:
        return "", None
    return "; ".join(dict.fromkeys(frame["source"])), frame["loaded_at"].max()


# --- A unit against its league (the drill-down page; the metrics API has no such view) ---


def group_benchmarks(league: pd.DataFrame, unit_id: str, formula: Formula) -> pd.DataFrame:
    """The unit's group points against the maxima and its league's median and 75th percentile
    (all also in % of the maximum); `league` is a `ranking.league_ranking` frame."""
    row = league.set_index("unit_id").loc[unit_id]
    rows = []
    for group in formula.groups:
        scores = league[group.code].dropna()
        rows.append(
            {
                "code": group.code,
                "name": group.name,
                "max_points": group.max_points,
                "points": row[group.code],
                "median": scores.median(),
                "p75": scores.quantile(0.75),
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("points", "median", "p75"):
        frame[f"{column}_ratio"] = frame[column] / frame["max_points"] * 100
    return frame.rename(columns={"points_ratio": "ratio"})


def criterion_across_units(period: Period, code: str, status: pd.DataFrame | None = None, path=None) -> pd.DataFrame:
    """One 766 criterion (the total, a group or an indicator) for every unit of the period:
    unit_id, name, kind, value (points, or the ratio in % for an indicator), numerator,
    denominator, points, max_points, lost, status, rank_in_kind and of_kind (the unit's place
    among the units of its kind), and the catalogue target measured by it
    (target, gap, target_status, below_target; `status` = a `targets.target_status` frame,
    read when not given). Provinces included (kind 'province')."""
    formula = formula_for(period.end)
    if code == INDEX:
        frames = []
        for league in ranking.LEAGUES:
            frame = ranking.league_ranking(period, league, path)
            if not frame.empty:
                frames.append(frame.assign(kind=ranking.LEAGUES[league], points=frame["total"], max_points=100.0))
        if not frames:
            return pd.DataFrame()
        out = pd.concat(frames, ignore_index=True).assign(value=lambda f: f["points"], status=None)
    elif code in {g.criterion_code for g in formula.groups}:
        out = scoring.group_scores(period, path=path)
        out = out[out["group"] == code.split(".", 1)[1]].assign(value=lambda f: f["points"])
    else:
        out = scoring.recompute(period, path=path)
        out = out[out["indicator"] == code.split(".", 1)[1]].assign(value=lambda f: f["ratio"])
    if out.empty:
        return pd.DataFrame()
    for column in ("numerator", "denominator"):
        if column not in out:
            out[column] = float("nan")
    out["lost"] = out["max_points"] - out["points"]
    # Position among the units of the same kind, equal values sharing a place ("1224").
    out["rank_in_kind"] = out.groupby("kind")["value"].rank(method="min", ascending=False).astype("Int64")
    out["of_kind"] = out.groupby("kind")["unit_id"].transform("count")
    # A "kind" of one unit (the province's own row on a day without the national file) is no league.
    out.loc[out["of_kind"] < ranking.min_league_size(), "rank_in_kind"] = pd.NA
    columns = [
        "unit_id",
        "name",
        "kind",
        "value",
        "numerator",
        "denominator",
        "points",
        "max_points",
        "lost",
        "status",
        "rank_in_kind",
        "of_kind",
    ]
    status = targets.target_status(period, path=path) if status is None else status
    found = measured_targets(status, code)
    out = out[columns].merge(found.drop(columns="criterion_code"), on="unit_id", how="left")
    return out.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)


def measured_targets(status: pd.DataFrame, measure_code: str) -> pd.DataFrame:
    """Per unit: the catalogue target measured by a 766 criterion (e.g. SVC766.ON_TIME →
    SVC766.2.1 "≥ 98 %") from a `targets.target_status` frame: unit_id, criterion_code, target,
    gap, target_status, below_target (True for "chưa đạt" and "gần đạt")."""
    columns = ["unit_id", "criterion_code", "target", "gap", "target_status", "below_target"]
    codes = measures.criteria_measured_by(measure_code)
    if status.empty or not codes:
        return pd.DataFrame(columns=columns)
    found = status[status["criterion_code"].isin(codes)].rename(columns={"status": "target_status"})
    found["below_target"] = found["target_status"].map({targets.MET: False, targets.NEAR: True, targets.NOT_MET: True})
    return found[columns].reset_index(drop=True)


def with_targets(league: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """A `ranking.league_ranking` frame plus each unit's score target (target, target_status,
    below_target: None when the unit has no such target)."""
    if league.empty:
        return league
    found = measured_targets(status, INDEX).drop(columns=["criterion_code", "gap"])
    return league.merge(found, on="unit_id", how="left")


def mismatches(period: Period, path=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows whose recomputed points differ from the official ones, at indicator and group level
    together; the count of indicator rows per recomputation status)."""
    indicators = scoring.recompute(period, path=path)
    groups = scoring.group_scores(period, path=path)
    columns = ["unit_id", "name", "kind", "level", "group_name", "item", "points_recomputed", "points_official", "diff"]
    differing = pd.concat(
        [
            indicators[indicators["status"] == scoring.DIFFERS].assign(
                level="Chỉ tiêu", item=lambda f: f["indicator_name"]
            ),
            groups[groups["status"] == scoring.DIFFERS].assign(level="Nhóm", item=lambda f: f["group_name"]),
        ],
        ignore_index=True,
    ).reindex(columns=columns)
    counts = indicators["status"].value_counts().rename_axis("status").reset_index(name="rows")
    return differing, counts
