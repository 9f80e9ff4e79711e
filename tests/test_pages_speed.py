"""What the speed work changed on the pages (docs/082): the ranking's chart is built only on demand,
and a rerun reuses the figures of the cached view model."""

from __future__ import annotations

from tests.support.pages import chart, league, run_page, trace_values


def test_ranking_chart_only_when_asked(sample_db):
    at = run_page("xep_hang")
    assert not at.get("plotly_chart")  # nothing built or sent for the people who read the table
    toggles = {t.key: t for t in at.toggle}
    toggles["chart_commune"].set_value(True).run()
    figure = chart(at, "bars_commune")
    assert len(trace_values(figure["data"][0], "x")) == len(league("commune"))
    assert not [e for e in at.get("plotly_chart") if e.proto.id.endswith("-bars_department")]


def test_a_rerun_reuses_the_figure_of_the_cached_view(sample_db, monkeypatch):
    from ui import charts

    built = []
    original = charts.groups_vs_max
    monkeypatch.setattr(charts, "groups_vs_max", lambda *a, **k: built.append(1) or original(*a, **k))
    at = run_page("tong_quan")
    first = chart(at, "groups")
    at.run()
    at.run()
    assert chart(at, "groups") == first
    assert len(built) == 1  # built for the first run only; the reruns reused it
