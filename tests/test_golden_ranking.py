"""Golden: ranks recomputed from the scores against the ranks the portal published (10/10/2026).

Provinces: the published file gives equal group scores equal ranks ("1224") and has no tied
totals, so every computed rank must equal the published one. Departments and communes: the
portal breaks ties by an unpublished rule (three communes at 71,84 hold 26, 27 and 28 in
their league); the computed rank is shared, so the two may differ on ties only (docs/022).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from core.formula import formula_for
from core.periods import Period
from etl.samples import CAPTURE_DAY, SAMPLES
from metrics import ranking

PERIOD = Period("day", CAPTURE_DAY)
GROUPS = [g.code for g in formula_for(PERIOD.end).groups]


def published_provinces() -> pd.DataFrame:
    data = json.loads((SAMPLES / f"provinces-{CAPTURE_DAY}.json").read_text("utf-8"))
    return pd.DataFrame(
        [
            {
                "unit_id": p["departmentCode"],
                "total": p["totalScore"],
                "rank": p["rank"],
                **{g: p["scores"][g] for g in GROUPS},
                **{f"rank_{g}": p[f"rank_{g}"] for g in GROUPS},
            }
            for p in data["provinces"]
        ]
    ).set_index("unit_id")


def test_province_ranks_overall_and_per_group_equal_the_published_ones(sample_db):
    published = published_provinces()
    computed = ranking.league_ranking(PERIOD, "provinces").set_index("unit_id")
    assert len(computed) == len(published) == 34
    assert (computed.rank_of == 34).all()
    # The published file holds ties within groups and ranks them equally, none in totals.
    tied_groups = [g for g in GROUPS if published[g].duplicated().any()]
    assert tied_groups and not published.total.duplicated().any()
    for column in ["rank"] + [f"rank_{g}" for g in GROUPS]:
        mine = computed[column].reindex(published.index).astype(int)
        assert (mine == published[column]).all(), column


def unit_ranks(league: str) -> pd.DataFrame:
    units = pd.read_csv(SAMPLES / f"units-{CAPTURE_DAY}.csv", dtype={"department_code": str})
    group = {"departments": "PROVINCE", "communes": "COMMUNE"}[league]
    return units[units.group == group].set_index("department_code")


@pytest.mark.parametrize("league", ["departments", "communes"])
def test_unit_ranks_differ_from_the_portal_on_ties_only(sample_db, league):
    published = unit_ranks(league)
    computed = ranking.league_ranking(PERIOD, league).set_index("unit_id").reindex(published.index)
    assert computed.total.tolist() == published.total_score.tolist()
    tied = published.total_score.duplicated(keep=False)
    assert (computed["rank"][~tied].astype(int) == published.rank_in_group[~tied]).all()
    for _, same in published[tied].groupby("total_score"):
        shared = computed["rank"][same.index].astype(int)
        assert shared.nunique() == 1  # equal scores share a rank ...
        first = int(shared.iloc[0])
        # ... while the portal spreads them over the places they occupy.
        assert sorted(same.rank_in_group) == list(range(first, first + len(same)))
    # The official rank imported with the scores is shown beside the computed one.
    assert (computed.rank_official.astype(int) == published.rank_in_group).all()


def test_the_portal_breaks_the_commune_tie_at_71_84(sample_db):
    communes = ranking.league_ranking(PERIOD, "communes")
    published = unit_ranks("communes")
    tie_score = published.total_score[published.total_score.duplicated(keep=False)].max()
    tied = communes[communes.total == tie_score]
    assert len(tied) == 3 and tied["rank"].nunique() == 1 and tied.rank_official.nunique() == 3
