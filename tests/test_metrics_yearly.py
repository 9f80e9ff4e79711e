"""PAR / SIPAS / PAPI: results against the maximum, rank history with its denominator."""

from __future__ import annotations

import pandas as pd
import pytest

from core import settings
from core.periods import Period
from etl.reference import REF
from metrics import yearly
from tests.support.metrics import load, obs


def seed_ranks(index_code: str) -> pd.DataFrame:
    f = pd.read_csv(REF / "facts.csv", dtype=str, keep_default_na=False)
    rows = f[(f.criteria_code == index_code) & (f.unit == "rank") & f.period.str.fullmatch(r"\d{4}")]
    return rows.assign(
        year=rows.period.astype(int),
        rank=rows.value.astype(float).astype(int),
        of=rows.denominator.astype(float).astype(int),
    ).sort_values("year")


def test_rank_history_from_the_seeds(empty_db):
    history = yearly.rank_history("PAR")
    seeds = seed_ranks("PAR")
    assert history.year.tolist() == seeds.year.tolist() and history["rank"].tolist() == seeds["rank"].tolist()
    assert history["of"].tolist() == seeds["of"].tolist()
    assert history.change.iloc[1] == seeds["rank"].iloc[0] - seeds["rank"].iloc[1]


def test_a_loaded_year_wins_and_ranks_out_of_different_totals_are_not_compared(empty_db):
    year = Period("year", "2025")
    load(
        empty_db,
        [
            obs("PAR", "H15", year, value=85.0, rank_official=20, rank_of=34),
            obs("PAR.1", "H15", year, value=8.5, points=8.5, max_points=10.0),
            obs("PAR.2.5", "H15", year, value=1.0, points=1.0, max_points=2.0),
        ],
    )
    history = yearly.rank_history("PAR").set_index("year")
    assert history.loc[2025, "rank"] == 20 and history.loc[2025, "of"] == 34
    assert history.loc[2025, "source"] == yearly.WAREHOUSE
    assert pd.isna(history.loc[2025, "change"])  # 53/63 then 20/34: not the same race
    assert settings.provinces_in(2024) == history.loc[2024, "of"]
    assert yearly.years("PAR") == [2025]

    results = yearly.results("PAR", 2025).set_index("code")
    assert results.ratio["PAR.1"] == pytest.approx(85.0) and results.points_lost["PAR.1"] == pytest.approx(1.5)
    assert bool(results.xhh_survey["PAR.2.5"]) and results.observed["PAR.2.5"]
    assert not results.observed["PAR.3"] and pd.isna(results.points["PAR.3"])  # missing, not 0
