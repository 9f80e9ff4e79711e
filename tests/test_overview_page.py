"""The overview page, rendered by the real Streamlit app on the real sample."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def official_home_block():
    data = json.loads((ROOT / "data/samples/portal766/provinces-2026-10-10.json").read_text("utf-8"))
    return data, data["dakLak"]


def test_overview_shows_the_official_sample_values(sample_db):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    data, home = official_home_block()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Điểm của tỉnh"] == f"{home['totalScore']:.2f}".replace(".", ",")
    assert metrics["Xếp hạng toàn quốc"] == f"{home['rank']}/{data['totalCount']}"
    assert metrics["Xếp loại"] == "Trung bình"
    assert any("Dữ liệu mẫu: Cổng Dịch vụ công quốc gia, 10/10/2026" in c.value for c in at.caption)


def test_overview_on_an_empty_warehouse_says_what_is_missing(empty_db):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert not at.metric
    assert any("Chưa có dữ liệu" in i.value for i in at.info)
