"""Real layouts of the official 10/10/2026 capture, written as staff would, load to the official numbers."""

from __future__ import annotations

import pandas as pd

from core.formula import formula_for
from etl.importer import check_files, load_checked
from tests.support.imports import (
    SCORES_MERGES,
    archive,
    current,
    sample_metrics,
    sample_provinces,
    sample_units,  # noqa: F401 (fixture)
    scores_rows,
    workbook,
)

CAPTURE = pd.Timestamp(sample_provinces()["date"]).date()


def load(files, **kw):
    checked = check_files(files, **kw)
    for p in checked:
        assert p.ok, p.problems
    return checked, load_checked(checked, "kiểm thử")


def test_unit_scores_in_a_staff_layout_load_to_the_official_values(empty_db, archive):
    units = sample_units()
    data = workbook(scores_rows(units, "NGÀY 10/10/2026"), merges=SCORES_MERGES)
    (prepared,), loaded = load([("diem_766.xlsx", data)])
    assert prepared.kind == "scores766" and prepared.period.key == CAPTURE.isoformat()
    rows = current(
        empty_db,
        "SELECT o.*, u.portal_code FROM v_observations o JOIN units u USING (unit_id) WHERE criterion_code = 'SVC766'",
    )
    assert len(rows) == len(units)
    got = rows.set_index("portal_code")
    official = units.set_index("department_code")
    pd.testing.assert_series_equal(got.points.sort_index(), official.total_score.sort_index(), check_names=False)
    assert (got.rank_official.sort_index() == official.rank_in_group.sort_index()).all()
    formula = formula_for(CAPTURE)
    assert set(got.band_official) == {formula.canonical_band(b) for b in official.classification_label}
    groups = current(
        empty_db,
        "SELECT o.criterion_code, sum(o.points) AS s FROM v_observations o"
        " WHERE o.criterion_code LIKE 'SVC766.%' GROUP BY 1",
    )
    for g in formula.groups:
        assert abs(groups.set_index("criterion_code").s[g.criterion_code] - units[g.key].sum()) < 1e-6
    assert (archive / f"{prepared.sha256}.xlsx").read_bytes() == data
    assert list(loaded.values()) == [current(empty_db, "SELECT max(batch_id) AS b FROM batches").b[0]]


def test_indicator_detail_with_portal_codes_loads_numerators_denominators_and_points(empty_db, archive):
    metrics = sample_metrics()
    units = sample_units().set_index("department_code").department_name
    units["H15"] = "UBND tỉnh Đắk Lắk"
    rows = [
        ["CHI TIẾT CHỈ TIÊU BỘ CHỈ SỐ 766 — SỐ LIỆU NGÀY 10/10/2026"],
        [],
        ["STT", "Mã đơn vị", "Đơn vị", "Mã chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Điểm"],
    ]
    for i, r in enumerate(metrics.itertuples(), start=1):
        rows.append(
            [
                i,
                r.scope_code,
                units[r.scope_code],
                r.metric_code,
                *[None if pd.isna(v) else v for v in (r.numerator, r.denominator, r.ratio, r.score)],
            ]
        )
    (prepared,), _ = load([("chi_tiet.xlsx", workbook(rows))])
    assert prepared.kind == "indicators766"
    got = current(
        empty_db,
        "SELECT u.portal_code AS scope_code, substr(criterion_code, 8) AS metric_code,"
        " numerator, denominator, value AS ratio, points AS score"
        " FROM v_observations o JOIN units u USING (unit_id)",
    )
    known = {i.code for i in formula_for(CAPTURE).indicators}
    want = metrics[metrics.metric_code.isin(known)][list(got.columns)]
    merged = want.merge(got, on=["scope_code", "metric_code"], suffixes=("", "_got"), validate="1:1")
    assert len(merged) == len(want) == len(got)
    for column in ("numerator", "denominator", "ratio", "score"):
        a, b = merged[column], merged[f"{column}_got"]
        assert ((a - b).abs().fillna(0) < 1e-9).all() and (a.isna() == b.isna()).all(), column


def test_national_ranking_with_short_province_names(empty_db, archive):
    data = sample_provinces()
    codes = {p["departmentCode"] for p in data["provinces"]}
    with_names = current(empty_db, "SELECT unit_id, short_name FROM units WHERE kind = 'province'")
    short = dict(zip(with_names.unit_id, with_names.short_name.str.replace(r"^(Tỉnh|Thành phố) ", "", regex=True)))
    groups = ["CKMB", "TDGQ", "CLGQ", "TTTT", "MDSH", "MDHL"]
    rows = [
        ["BẢNG XẾP HẠNG BỘ CHỈ SỐ 766 CÁC TỈNH, THÀNH PHỐ", None, None, "Ngày 10/10/2026"],
        [],
        [
            "Xếp hạng",
            "Tỉnh, thành phố",
            "Công khai minh bạch",
            "Tiến độ giải quyết",
            "Dịch vụ công trực tuyến",
            "Thanh toán trực tuyến",
            "Số hoá hồ sơ",
            "Mức độ hài lòng",
            "Tổng điểm",
        ],
    ]
    for p in data["provinces"]:
        rows.append([p["rank"], short[p["departmentCode"]], *[p["scores"][g] for g in groups], p["totalScore"]])
    (prepared,), _ = load([("xep_hang.xlsx", workbook(rows))])
    assert prepared.kind == "ranking766"
    got = current(empty_db, "SELECT unit_id, points, rank_official FROM v_observations WHERE criterion_code = 'SVC766'")
    assert set(got.unit_id) == codes
    official = {p["departmentCode"]: (p["totalScore"], p["rank"]) for p in data["provinces"]}
    assert all(official[u] == (pts, rank) for u, pts, rank in got.itertuples(index=False))
