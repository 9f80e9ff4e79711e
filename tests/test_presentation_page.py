"""Trình chiếu (presentation mode) through Streamlit's AppTest: the slide in the URL, the buttons,
the official figures on the province slide, the empty state. The browser side (no scroll bar
at 1280×720 and 1920×1080, the arrow keys) is in tests/test_presentation_browser.py."""

from __future__ import annotations

from tests.support.pages import provinces, run_page, texts, vn
from views.meeting import SLIDES


def slide_html(at) -> str:
    bodies = [e.proto.body for e in at.get("html") if "cchc-slide" in e.proto.body and "data-slide=" in e.proto.body]
    assert len(bodies) == 1, bodies
    return bodies[0]


def test_slide_from_the_url_with_the_official_figures(sample_db):
    at = run_page("trinh_chieu", slide="2")
    html = slide_html(at)
    home = provinces()["dakLak"]
    assert 'data-slide="2"' in html and 'data-slide-key="province"' in html
    assert vn(home["totalScore"]) in html and f"{home['rank']}/{provinces()['totalCount']}" in html
    assert "Ngày 10/10/2026" in html and "Nguồn:" in html and "Lọc:" in html
    assert at.query_params["slide"] == "2"


def test_buttons_walk_every_slide_and_stop_at_the_ends(sample_db):
    at = run_page("trinh_chieu", slide="1")
    assert at.button(key="slide_prev").disabled and at.button(key="slide_first").disabled
    seen = [slide_html(at)]
    for _ in range(len(SLIDES) - 1):
        at.button(key="slide_next").click().run()
        assert not at.exception
        seen.append(slide_html(at))
    assert [f'data-slide="{n}"' in html for n, html in enumerate(seen, start=1)] == [True] * len(SLIDES)
    assert at.button(key="slide_next").disabled and at.query_params["slide"] == str(len(SLIDES))
    at.button(key="slide_prev").click().run()
    assert f'data-slide="{len(SLIDES) - 1}"' in slide_html(at)
    at.button(key="slide_first").click().run()
    assert 'data-slide="1"' in slide_html(at)


def test_a_slide_number_out_of_range_is_clamped(sample_db):
    at = run_page("trinh_chieu", slide="99")
    assert f'data-slide="{len(SLIDES)}"' in slide_html(at) and at.query_params["slide"] == str(len(SLIDES))
    at = run_page("trinh_chieu", slide="abc")
    assert 'data-slide="1"' in slide_html(at)


def test_keyboard_script_and_hidden_chrome_are_on_the_page(sample_db):
    at = run_page("trinh_chieu")
    bodies = [e.proto.body for e in at.get("html")]
    script = [e for e in at.get("html") if "<script>" in e.proto.body]
    assert script and script[0].proto.unsafe_allow_javascript and "ArrowRight" in script[0].proto.body
    assert any('[data-testid="stSidebar"]' in b and "display: none" in b for b in bodies)


def test_empty_warehouse_says_so(empty_db):
    at = run_page("trinh_chieu")
    assert "Chưa có dữ liệu" in texts(at)
    assert not [e for e in at.get("html") if "data-slide=" in e.proto.body]


def test_overview_offers_the_meeting_pack(sample_db):
    from ui.downloads import LABELS

    at = run_page()
    labels = [b.label for b in at.get("download_button")]
    assert labels == [label for label, _ in LABELS.values()]
