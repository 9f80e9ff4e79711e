"""PAR / SIPAS / PAPI page: the rank history of the seeds, the catalogue, and loaded results."""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl import db
from etl.batches import BatchMeta, insert_batch
from tests.support.pages import chart, metrics, run_page, texts, trace_values, vn

CATALOGUE = pd.read_csv("data/reference/criteria.csv", dtype=str, keep_default_na=False)


def facts_ranks(index_code: str) -> pd.DataFrame:
    facts = pd.read_csv("data/reference/facts.csv", dtype=str, keep_default_na=False)
    ranks = facts[(facts.criteria_code == index_code) & (facts.unit == "rank") & (facts.scope == "province")]
    return ranks.sort_values("period")


def load_par_result(path, year: int, areas: dict[str, tuple[float, float]], rank: int, of: int) -> None:
    """A PAR result for the province as the yearly import stores it: the index total with its
    rank, and the areas' points against their maxima."""

    def row(code, points, maximum, **extra):
        return {
            "index_code": "PAR",
            "criterion_code": code,
            "unit_id": "H15",
            "period_type": "year",
            "period_key": str(year),
            "period_end": date(year, 12, 31),
            "value": points,
            "points": points,
            "max_points": maximum,
            **extra,
        }

    rows = [row(code, p, m) for code, (p, m) in areas.items()]
    rows.append(row("PAR", sum(p for p, _ in areas.values()), 100.0, rank_official=rank, rank_of=of))
    with db.connect(path) as con:
        insert_batch(
            con,
            BatchMeta(
                format="yearly_results",
                loaded_by="test",
                period_type="year",
                period_key=str(year),
                source_label="Bộ Nội vụ: kết quả PAR Index",
            ),
            observations=pd.DataFrame(rows),
        )


def test_par_without_results_shows_rank_history_and_catalogue(sample_db):
    at = run_page("chi_so_nam", chi_so="PAR")
    assert at.title[0].value == "Chỉ số năm: PAR Index"
    history = at.dataframe[0].value
    expected = facts_ranks("PAR")
    assert history["rank"].tolist() == expected["value"].astype(int).tolist()
    assert history["of"].tolist() == expected["denominator"].astype(int).tolist()
    assert "Chưa có kết quả PAR Index năm" in texts(at)
    catalogue = at.dataframe[1].value
    par = CATALOGUE[(CATALOGUE.index_code == "PAR") & (CATALOGUE.level.astype(int) >= 1)]
    assert len(catalogue) == len(par)
    assert (catalogue["xhh_survey"] == "Điều tra XHH").sum() == (par.xhh_survey == "yes").sum()
    assert catalogue["points"].isna().all()  # missing scores stay missing, never 0
    ranks = chart(at, "ranks")
    assert trace_values(ranks["data"][0], "text") == [f"{r}/{o}" for r, o in zip(history["rank"], history["of"])]


def test_loaded_results_show_points_lost_and_the_new_rank(sample_db):
    areas = {"PAR.1": (8.5, 10.0), "PAR.2": (6.0, 9.0), "PAR.3": (12.25, 14.0)}
    load_par_result(sample_db, 2025, areas, rank=20, of=34)
    at = run_page("chi_so_nam", chi_so="PAR", ky="year:2025")
    history = at.dataframe[0].value
    assert history["year"].tolist()[-1] == 2025 and history["rank"].tolist()[-1] == 20
    assert history["of"].tolist()[-1] == 34
    assert pd.isna(history["change"].iloc[-1])  # 53/63 and 20/34 are not comparable
    assert "Chưa có kết quả" not in texts(at)
    assert any("Bộ Nội vụ: kết quả PAR Index" in c.value for c in at.caption)
    figure = chart(at, "areas")
    lost = trace_values(figure["data"][2], "text")
    assert sorted(lost) == sorted("−" + vn(m - p) for p, m in areas.values())
    table = at.dataframe[1].value.set_index("code")
    assert table.loc["PAR.2", "points"] == 6.0 and table.loc["PAR.2", "points_lost"] == 3.0


def test_sipas_and_papi_without_data_say_so(sample_db):
    for index, label in (("SIPAS", "SIPAS"), ("PAPI", "PAPI")):
        at = run_page("chi_so_nam", chi_so=index)
        assert f"Chưa có số liệu xếp hạng {label}" in texts(at)
        assert f"Chưa có kết quả {label} năm" in texts(at)
        assert not metrics(at)


def test_picking_a_yearly_index_in_the_sidebar_opens_this_page(sample_db):
    at = run_page()
    at.sidebar.selectbox(key="sb_index").set_value("PAPI").run()
    assert at.title[0].value == "Chỉ số năm: PAPI"
