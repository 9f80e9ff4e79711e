"""Rankings: "1224" invariants (property-based), separate leagues, movement, bands, averages."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, timedelta

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from core import settings
from core.formula import Band, formula_for
from core.periods import Period
from metrics import bands, ranking
from tests.support.metrics import load, scores, undo, units_of

SCORE = st.one_of(st.none(), st.sampled_from([50.0, 61.5, 61.5, 70.0, 88.25]), st.floats(0, 100, width=32))


_days = itertools.count(1)


@hsettings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_leagues_never_mix_and_rank_within_themselves(sample_db, data):
    """Property: whatever the scores (ties, missing), ranks are "1224" within each league only."""
    period = Period("day", (date(2031, 1, 1) + timedelta(days=next(_days))).isoformat())  # fresh per example
    departments, communes = units_of(sample_db, "department"), units_of(sample_db, "commune")[:20]
    totals = {u: data.draw(SCORE, label=u) for u in departments + communes}
    load(sample_db, scores(period, totals))
    for league, members in (("departments", departments), ("communes", communes)):
        board = ranking.league_ranking(period, league)
        if board.empty:
            assert all(totals[u] is None or np.isnan(totals[u]) for u in members)
            continue
        assert set(board.unit_id) <= set(members)
        scored = board[board.total.notna()]
        assert (board.rank_of == len(scored)).all()
        if len(scored) < ranking.min_league_size():  # one scored unit is no league: no rank at all
            assert board["rank"].isna().all() and board.movement.isna().all()
            continue
        assert (scored["rank"] >= 1).all() and (scored["rank"] <= len(scored)).all()
        assert (board.rank_of == len(scored)).all()
        for row in scored.itertuples():  # ties share a rank, the next one is skipped
            assert row.rank == 1 + (scored.total > row.total).sum()
        for a, b in itertools.combinations(scored.itertuples(), 2):
            assert (a.rank == b.rank) == (a.total == b.total) and ((a.total > b.total) == (a.rank < b.rank))
        assert list(scored["rank"]) == sorted(scored["rank"])
        assert board.loc[board.total.isna(), "rank"].isna().all()


def test_movement_against_the_previous_period_of_the_same_type(sample_db):
    communes = units_of(sample_db, "commune")[:4]
    august, september = Period("month", "2026-08"), Period("month", "2026-09")
    load(sample_db, scores(august, dict(zip(communes, [80.0, 70.0, 60.0, 50.0]))))
    load(sample_db, scores(september, dict(zip(communes, [55.0, 75.0, 75.0, 90.0]))))
    load(sample_db, scores(Period("quarter", "2026-Q3"), dict(zip(communes, [1.0, 2.0, 3.0, 4.0]))))
    assert ranking.previous_period(september) == august
    assert ranking.previous_period(august) is None
    board = ranking.league_ranking(september, "communes").set_index("unit_id")
    assert board.loc[communes, "rank"].tolist() == [4, 2, 2, 1]
    assert board.loc[communes, "previous_rank"].tolist() == [1, 2, 3, 4]
    assert board.loc[communes, "movement"].tolist() == [-3, 0, 1, 3]


def test_total_falls_back_to_the_sum_of_all_groups_only(sample_db):
    period = Period("month", "2030-05")
    departments = units_of(sample_db, "department")[:3]
    rows = scores(period, {departments[0]: 60.0}) + scores(period, {departments[1]: 72.0}, with_groups=True)
    rows = [r for r in rows if not (r["unit_id"] == departments[1] and r["criterion_code"] == "SVC766")]
    group_rows = scores(period, {departments[2]: 90.0}, with_groups=True)[1:]  # groups without the total ...
    rows += group_rows[:-1]  # ... and one group missing
    load(sample_db, rows)
    board = ranking.league_ranking(period, "departments").set_index("unit_id")
    assert board.total[departments[1]] == 72.0 and board["rank"][departments[1]] == 1
    assert np.isnan(board.total[departments[2]]) and pd.isna(board["rank"][departments[2]])


def test_bands_and_averages(sample_db):
    period = Period("month", "2030-06")
    departments = units_of(sample_db, "department")[:5]
    communes = units_of(sample_db, "commune")[:3]
    values = [95.0, 85.0, 75.0, 60.0, 40.0]
    load(
        sample_db,
        scores(period, dict(zip(departments, values)) | dict(zip(communes, [90.0, 90.0, 30.0])) | {"H15": 70.0}),
    )
    table = bands.band_table(period)
    deps = table[table.league == "departments"].set_index("band")
    assert deps["count"].sum() == 5 and (deps["count"] == 1).all() and (deps["of"] == 5).all()
    board = ranking.league_ranking(period, "departments").set_index("unit_id")
    assert board.league_average.iloc[0] == np.mean(values)
    assert board.all_units_average.iloc[0] == np.mean(values + [90.0, 90.0, 30.0])
    assert board.province_score.iloc[0] == 70.0
    assert settings.get("ranking", "average_basis") == "league"
    assert board.below_average.tolist() == [v < np.mean(values) for v in board.total]
    averages = bands.averages(period).set_index("league")
    assert averages.below_count["departments"] == 2 and averages.below_count["communes"] == 1


def test_band_labels_follow_the_configured_bands():
    formula = formula_for(Period("day", "2026-10-10").end)
    labels = ranking.band_labels(pd.Series([95.0, 90.0, 89.99, 50.0, 0.0, np.nan]), formula)
    assert labels.tolist()[:5] == ["Xuất sắc", "Xuất sắc", "Tốt", "Trung bình", "Yếu"] and pd.isna(labels.iloc[5])
    custom = dataclasses.replace(formula, bands=(Band("Đạt", 60.0), Band("Chưa đạt", 0.0)))
    assert ranking.band_labels(pd.Series([60.0, 59.9]), custom).tolist() == ["Đạt", "Chưa đạt"]


def test_a_league_without_scores_is_empty(empty_db):
    assert ranking.league_ranking(Period("day", "2026-10-10"), "communes").empty
    assert bands.band_table(Period("day", "2026-10-10"))["count"].sum() == 0


def test_previous_period_skips_undone_loads(sample_db):
    communes = units_of(sample_db, "commune")[:2]
    load(sample_db, scores(Period("month", "2024-01"), dict(zip(communes, [50.0, 60.0]))))
    july = load(sample_db, scores(Period("month", "2026-07"), dict(zip(communes, [50.0, 60.0]))))
    load(sample_db, scores(Period("month", "2026-09"), dict(zip(communes, [70.0, 60.0]))))
    assert ranking.previous_period(Period("month", "2026-09")) == Period("month", "2026-07")
    undo(sample_db, july)
    assert ranking.previous_period(Period("month", "2026-09")) == Period("month", "2024-01")  # > a year back
