"""Metrics at national scale: one period's rankings (every league) and points lost (every unit,
per group and per indicator) on a generated warehouse of ~3,400 units x 60 months x 31
criteria (~6.3 million observations, one batch per month), timed through `metrics.board`
against a straightforward pandas implementation of the same numbers (the tables read into
pandas, pandas selects and computes) and, for reference, a tuned hybrid (DuckDB selects the
period's rows, pandas computes), measured in the same run. Targets: under 1 s, at least 10x
against the straightforward one (docs/028).

    python -m benchmarks metrics
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

from core.formula import INDEX, TOTAL_CODE, formula_for
from core.periods import Period
from etl import db
from etl.reference import load_criteria
from metrics import board, ranking
from metrics.scoring import rules_frame

OUTPUT = Path(__file__).resolve().parent / "output" / "bench_metrics.duckdb"
PROVINCES, DEPARTMENTS, COMMUNES, MONTHS = 34, 14, 85, 60
FIRST_MONTH = "2022-01-01"
PERIOD = Period("month", "2026-06")
SHAPE = f"{PROVINCES}x(1+{DEPARTMENTS}+{COMMUNES}) units, {MONTHS} months"


def _criteria(period: Period) -> pd.DataFrame:
    formula = formula_for(period.end)
    return pd.DataFrame(
        [(TOTAL_CODE, "total", 100.0)]
        + [(g.criterion_code, "group", g.max_points) for g in formula.groups]
        + [(i.criterion_code, "indicator", i.max_points) for i in formula.indicators],
        columns=["code", "level", "max_points"],
    )


def build(path: Path = OUTPUT) -> int:
    """Generate the warehouse with DuckDB SQL (range + hash), unless it is already there."""
    if path.exists():
        with db.connect(path, read_only=True) as con:
            note = con.execute("SELECT max(note) FROM batches WHERE format = 'bench'").fetchone()[0]
            if note == SHAPE:
                return con.execute("SELECT count(*) FROM observations").fetchone()[0]
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    with db.connect(path) as con:
        db.migrate(con)
        load_criteria(con)
        con.execute(
            """
            INSERT INTO units (unit_id, kind, name)
            SELECT 'H' || lpad(p::VARCHAR, 2, '0'), 'province', 'Tỉnh ' || p FROM range(1, $p + 1) t(p)
            UNION ALL
            SELECT 'H' || lpad(p::VARCHAR, 2, '0') || '.' || lpad(d::VARCHAR, 2, '0'), 'department',
                   'Sở ' || d || ' tỉnh ' || p FROM range(1, $p + 1) a(p), range(1, $d + 1) b(d)
            UNION ALL
            SELECT 'H' || lpad(p::VARCHAR, 2, '0') || '.' || (100 + c)::VARCHAR, 'commune',
                   'Xã ' || c || ' tỉnh ' || p FROM range(1, $p + 1) a(p), range(1, $c + 1) b(c)""",
            {"p": PROVINCES, "d": DEPARTMENTS, "c": COMMUNES},
        )
        con.register("bench_criteria", _criteria(PERIOD))
        con.execute(
            """
            CREATE TEMP TABLE months AS
            SELECT m, strftime(CAST($first AS DATE) + INTERVAL (m) MONTH, '%Y-%m') AS period_key,
                   last_day(CAST($first AS DATE) + INTERVAL (m) MONTH) AS period_end
            FROM range($months) t(m)""",
            {"first": FIRST_MONTH, "months": MONTHS},
        )
        con.execute(
            """
            INSERT INTO batches (batch_id, format, loaded_by, period_type, period_key, row_count, loaded_at, note)
            SELECT nextval('batch_seq'), 'bench', 'benchmark', 'month', period_key, 0,
                   CAST($first AS TIMESTAMP) + INTERVAL (m + 1) MONTH, $shape FROM months ORDER BY m""",
            {"first": FIRST_MONTH, "shape": SHAPE},
        )
        # Ratios r in [0.3, 1) from a hash; indicators get numerator/denominator and official points
        # except the payment ones (as on the portal), groups and totals get points.
        con.execute(
            """
            INSERT INTO observations (batch_id, index_code, criterion_code, unit_id, period_type, period_key,
                                      period_end, value, numerator, denominator, points, max_points)
            SELECT b.batch_id, $index, c.code, u.unit_id, 'month', m.period_key, m.period_end,
                   CASE WHEN c.level = 'indicator' THEN round(r * 100, 2) ELSE round(r * c.max_points, 2) END,
                   CASE WHEN c.level = 'indicator' THEN floor(r * den) END,
                   CASE WHEN c.level = 'indicator' THEN den END,
                   CASE WHEN c.code NOT LIKE '%PAYMENT%' THEN round(r * c.max_points, 2) END,
                   c.max_points
            FROM months m
            JOIN batches b ON b.period_key = m.period_key AND b.format = 'bench'
            CROSS JOIN units u CROSS JOIN bench_criteria c,
            LATERAL (SELECT 0.3 + 0.7 * ((hash(u.unit_id, c.code, m.m) % 10000) / 10000.0) AS r,
                            50 + hash(m.m, u.unit_id) % 5000 AS den)
            ORDER BY m.m, u.unit_id, c.code""",
            {"index": INDEX},
        )
        return con.execute("SELECT count(*) FROM observations").fetchone()[0]


def pandas_straightforward(path: Path, period: Period, previous: Period) -> dict:
    """The straightforward pandas way: read the warehouse's tables into pandas, then let pandas
    select the active, newest rows of the two periods and compute (DuckDB is only storage)."""
    with db.connect(path, read_only=True) as con:
        obs = con.execute("SELECT * FROM observations").df()
        batches = con.execute("SELECT batch_id, status, loaded_at FROM batches").df()
        units = con.execute("SELECT unit_id, kind, name FROM units").df()
    rows = obs[
        (obs.index_code == INDEX) & (obs.period_type == period.type) & obs.period_key.isin([period.key, previous.key])
    ]
    rows = rows.merge(batches[batches.status == "active"], on="batch_id")
    rows = rows.sort_values(["loaded_at", "batch_id"]).drop_duplicates(
        ["index_code", "criterion_code", "unit_id", "period_type", "period_key"], keep="last"
    )
    return _pandas_compute(rows.merge(units, on="unit_id"), period, previous)


def pandas_on_duckdb_rows(path: Path, period: Period, previous: Period) -> dict:
    """A hybrid already tuned for speed: DuckDB selects the period's rows, pandas computes."""
    with db.connect(path, read_only=True) as con:
        rows = con.execute(
            "SELECT o.*, u.kind, u.name FROM v_observations o JOIN units u USING (unit_id)"
            " WHERE o.index_code = ? AND o.period_type = ? AND o.period_key IN (?, ?)",
            [INDEX, period.type, period.key, previous.key],
        ).df()
    return _pandas_compute(rows, period, previous)


def _pandas_compute(rows: pd.DataFrame, period: Period, previous: Period) -> dict:
    """Rankings (1224, per league and group, movement, band, below average) and points lost."""
    formula = formula_for(period.end)
    groups = {g.criterion_code: g.code for g in formula.groups}
    scores = rows[rows.criterion_code.isin([TOTAL_CODE, *groups])].copy()
    scores["code"] = scores.criterion_code.map(groups).fillna("total")
    scores["rank"] = scores.groupby(["period_key", "kind", "code"]).points.rank(method="min", ascending=False)
    now = scores[scores.period_key == period.key]
    before = scores[scores.period_key == previous.key][["unit_id", "code", "rank"]]
    now = now.merge(before, on=["unit_id", "code"], how="left", suffixes=("", "_previous"))
    wide = now.pivot(index=["kind", "unit_id"], columns="code", values=["points", "rank", "rank_previous"])
    names = rows.drop_duplicates("unit_id").set_index("unit_id").name
    cuts = sorted(formula.bands, key=lambda b: b.min)
    rankings = {}
    for league, kind in ranking.LEAGUES.items():
        part = wide.loc[kind]
        out = pd.concat([part["points"], part["rank"].add_prefix("rank_")], axis=1)
        out["rank"], out["name"] = out.pop("rank_total"), names.reindex(out.index)
        out["movement"] = part["rank_previous"]["total"] - out["rank"]
        out["band"] = pd.cut(out.total, [b.min for b in cuts] + [np.inf], labels=[b.label for b in cuts], right=False)
        out["below_average"] = out.total < out.total.mean()
        rankings[league] = out.sort_values("rank")
    # Points lost: the formula rule in numpy for indicators without official points.
    rules = rules_frame(formula)
    ind = rows[rows.period_key == period.key].merge(rules, on="criterion_code")
    ratio = (ind.numerator / ind.denominator).to_numpy()
    raw = np.where(
        ind["rule"] == "linear",
        ind.max_points_y * np.minimum(1, ratio),
        np.minimum(ind.max_points_y, ind.max_points_y * ratio / ind.full_at),
    )
    raw = np.where(ind.denominator.fillna(0) == 0, np.where(ind.zero_full, ind.max_points_y, 0.0), raw)
    recomputed = np.floor(raw * 100 + 0.5 + 1e-9) / 100
    ind["points_used"] = ind.points.fillna(pd.Series(recomputed, index=ind.index))
    ind["lost"] = ind.max_points_y - ind.points_used
    ind["lost_share"] = ind.lost / ind.max_points_y * 100
    indicators = ind[ind.max_points_y > 0].sort_values(["unit_id", "lost"], ascending=[True, False])
    grp = now[now.code != "total"].copy()
    grp["lost"] = grp.max_points - grp.points
    grp["lost_share"] = grp.lost / grp.max_points * 100
    return {
        "rankings": rankings,
        "groups_lost": grp.sort_values(["unit_id", "lost"], ascending=[True, False]),
        "indicators_lost": indicators,
    }


def best_of(fn, repeat: int = 5) -> tuple[float, object]:
    fn()  # warm the file cache and DuckDB's buffers for both sides alike
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def agree(mine: board.Board, base: dict) -> bool:
    """Both sides give the same ranks, movements and losses."""
    for league, frame in mine.rankings.items():
        other = base["rankings"][league]
        frame = frame.set_index("unit_id").reindex(other.index)
        if not (
            np.array_equal(frame["rank"].astype(float), other["rank"])
            and np.allclose(frame.movement.astype(float), other.movement, equal_nan=True)
        ):
            return False
    lost = mine.indicators_lost.set_index(["unit_id", "code"]).lost
    other = base["indicators_lost"].assign(code=lambda f: f.criterion_code.str.removeprefix(f"{INDEX}."))
    other = other.set_index(["unit_id", "code"]).lost.reindex(lost.index)
    return bool(np.allclose(lost, other)) and len(mine.groups_lost) == len(base["groups_lost"])


def main() -> None:
    start = time.perf_counter()
    count = build()
    print(
        f"warehouse: {OUTPUT.relative_to(OUTPUT.parents[2])}, {count:,} observations ({SHAPE}),"
        f" ready in {time.perf_counter() - start:.1f} s"
    )
    previous = ranking.previous_period(PERIOD, OUTPUT)
    mine_s, mine = best_of(lambda: board.period_board(PERIOD, path=OUTPUT))
    plain_s, plain = best_of(lambda: pandas_straightforward(OUTPUT, PERIOD, previous), repeat=2)
    hybrid_s, hybrid = best_of(lambda: pandas_on_duckdb_rows(OUTPUT, PERIOD, previous))
    units = sum(len(f) for f in mine.rankings.values())
    print(
        f"period {PERIOD.label}: {units:,} units ranked in 3 leagues, {len(mine.groups_lost):,} group and "
        f"{len(mine.indicators_lost):,} indicator losses"
    )
    print(
        f"metrics (DuckDB SQL):            {mine_s * 1000:8.1f} ms   target < 1000 ms  {'OK' if mine_s < 1 else 'SLOW'}"
    )
    print(f"pandas, straightforward:         {plain_s * 1000:8.1f} ms   (tables read into pandas, pandas selects)")
    print(f"pandas on DuckDB-selected rows:  {hybrid_s * 1000:8.1f} ms   (already tuned: for reference)")
    ratio = plain_s / mine_s
    print(f"ratio vs straightforward pandas: {ratio:.1f}x   target >= 10x  {'OK' if ratio >= 10 else 'BELOW TARGET'}")
    print(f"ratio vs tuned hybrid:           {hybrid_s / mine_s:.1f}x")
    same = agree(mine, plain) and agree(mine, hybrid)
    print(f"same numbers on all sides: {'yes' if same else 'NO'}")
