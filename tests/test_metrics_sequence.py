"""The real monthly cycle (issue 10): real-shaped days loaded ONE BY ONE through the command line
(`python -m etl load FILE`), and after each load what `python -m metrics unit … --format json`
and the metrics behind the overview and the unit page say.

The days are built from the official 10/10/2026 capture (read from its files, never copied):
every unit's group scores moved by a deterministic amount per day, written with openpyxl in the
layouts staff load (unit scores with a unit-code column, the national ranking, the indicator
detail, the monthly TTHC report). Expected ranks are computed here from the numbers written into
the files, independently of metrics/.

    17/09  units + national + indicators   every unit; the first day: nothing to compare with
    22/09  units (+ the province's row)    three units missing, one renamed; NO national file
    TTHC   Tháng 9/2026                    the monthly dossier report
    01/10  units + national                the three units are back (compared with 17/09)
    09/10  national only                   the province alone: no unit ranking that day
    10/10  units                           compared with 01/10 (09/10 had no unit); rank of 34 from 09/10
    11/2026 communes only (a month)        compared with the last snapshot before it (10/10)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from datetime import date

import numpy as np
import pandas as pd
import pytest

from core.access import Viewer
from core.formula import formula_for
from core.periods import Period
from metrics import completeness, gaps, national, overview, quality, ranking, tthc
from metrics.cli import unit_report
from tests.conftest import ROOT
from tests.support.imports import GROUP_HEADERS, sample_metrics, sample_provinces, sample_units, workbook
from tests.support.tthc import TTHC_HEADER_ROW
from views import common as view_common
from views import overview as view_overview
from views import ranking as view_ranking
from views import unit as view_unit

FORMULA = formula_for(date(2026, 10, 10))
GROUPS = list(GROUP_HEADERS)  # the portal CSV's group columns
MAXIMA = {g.key: g.max_points for g in FORMULA.groups}
PROVINCE_GROUPS = ["CKMB", "TDGQ", "CLGQ", "TTTT", "MDSH", "MDHL"]
HOME = "H15"
GONE = ["H15.16", "H15.120", "H15.121"]  # missing on 22/09, back on 01/10
RENAMED = "H15.52"  # "Ban Quản lý" for a day (the code is kept)
CLIMBER = "H15.198"  # a commune that jumps on 10/10


def shift(code: str, day: str) -> float:
    """A deterministic move of a unit's progress score on a day, in [-1.5, 1.5]."""
    return (zlib.crc32(f"{code}@{day}".encode()) % 301 - 150) / 100


def day_units(day: str, drop=(), boost: dict | None = None) -> pd.DataFrame:
    """Every unit of the capture with its scores moved for the day (groups stay within their
    maxima, the total is their sum)."""
    units = sample_units().copy()
    units = units[~units.department_code.isin(drop)].reset_index(drop=True)
    units["progress"] = [
        min(MAXIMA["progress"], max(0.0, round(p + shift(c, day), 2)))
        for c, p in zip(units.department_code, units.progress)
    ]
    for code, points in (boost or {}).items():  # a big climb: satisfaction raised to its maximum
        units.loc[units.department_code == code, "satisfaction"] = MAXIMA["satisfaction"]
        units.loc[units.department_code == code, "digitized"] = points
    units["total_score"] = units[GROUPS].sum(axis=1).round(2)
    units["league"] = np.where(units.group == "PROVINCE", "department", "commune")
    units["expected_rank"] = units.groupby("league").total_score.rank(method="min", ascending=False).astype(int)
    return units


def scores_book(title: str, units: pd.DataFrame, names: dict | None = None, province: float | None = None) -> bytes:
    """The unit-scores layout: titles, a two-row header with a unit-code column, a section row."""
    head = [
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        "Điểm theo nhóm chỉ số",
        None,
        None,
        None,
        None,
        None,
        "Tổng điểm",
        "Xếp hạng",
    ]
    rows = [
        ["UBND TỈNH ĐẮK LẮK"],
        [f"BẢNG TỔNG HỢP ĐIỂM BỘ CHỈ SỐ 766 {title}"],
        [],
        head,
        [None, None, None, *GROUP_HEADERS.values(), None, None],
    ]
    if province is not None:  # the province's own row, as the portal's unit view lists it first
        groups = province_groups(province)
        rows.append([None, HOME, "UBND tỉnh Đắk Lắk", *groups, round(sum(groups), 2), None])
    for i, r in enumerate(units.itertuples(), start=1):
        name = (names or {}).get(r.department_code, r.department_name)
        rows.append([i, r.department_code, name, *[getattr(r, g) for g in GROUPS], r.total_score, r.expected_rank])
    return workbook(rows, merges=("D4:I4", "A4:A5", "B4:B5", "C4:C5", "J4:J5", "K4:K5"))


def province_groups(scale: float) -> list[float]:
    ours = next(p for p in sample_provinces()["provinces"] if p["departmentCode"] == HOME)["scores"]
    mapping = dict(
        zip(PROVINCE_GROUPS, ["transparency", "progress", "online_service", "payment", "digitized", "satisfaction"])
    )
    by_key = {mapping[c]: ours[c] for c in PROVINCE_GROUPS}
    return [round(by_key[g] * scale, 2) for g in GROUPS]


def national_book(title: str, day: str, short: dict) -> tuple[bytes, dict]:
    """The 34-province ranking of the capture with each province's progress moved for the day;
    returns the workbook and the expected {code: (total, rank)}."""
    provinces = []
    for p in sample_provinces()["provinces"]:
        scores = dict(p["scores"])
        scores["TDGQ"] = round(min(20.0, max(0.0, scores["TDGQ"] + shift(p["departmentCode"], day))), 2)
        provinces.append((p["departmentCode"], scores, round(sum(scores.values()), 2)))
    totals = pd.Series({c: t for c, _, t in provinces})
    ranks = totals.rank(method="min", ascending=False).astype(int)
    rows = [
        [f"BẢNG XẾP HẠNG BỘ CHỈ SỐ 766 CÁC TỈNH, THÀNH PHỐ {title}"],
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
    for code, scores, total in provinces:
        rows.append([int(ranks[code]), short[code], *[scores[g] for g in PROVINCE_GROUPS], total])
    return workbook(rows), {c: (float(totals[c]), int(ranks[c])) for c in totals.index}


def indicators_book(title: str) -> bytes:
    metrics = sample_metrics()
    names = sample_units().set_index("department_code").department_name.to_dict() | {HOME: "UBND tỉnh Đắk Lắk"}
    rows = [
        [f"CHI TIẾT CHỈ TIÊU BỘ CHỈ SỐ 766 — {title}"],
        [],
        ["STT", "Mã đơn vị", "Đơn vị", "Mã chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Điểm"],
    ]
    for i, r in enumerate(metrics.itertuples(), start=1):
        rows.append(
            [
                i,
                r.scope_code,
                names[r.scope_code],
                r.metric_code,
                *[None if pd.isna(v) else v for v in (r.numerator, r.denominator, r.ratio, r.score)],
            ]
        )
    return workbook(rows)


TTHC_HEADER = TTHC_HEADER_ROW
TTHC_UNITS = {  # name as offices write it → (carried, online, direct, early, on time, late, within, overdue, apologies)
    "Sở Y tế": [5, 10, 20, 3, 25, 2, 4, 1, 2],
    "Sở Tư pháp": [0, 40, 10, 20, 20, 6, 4, 0, 6],
    "P. Buôn Ma Thuột": [34, 1000, 200, 100, 1000, 34, 90, 10, 44],
    "xã Ea H'leo": [0, 4, 4, 0, 6, 1, 1, 0, 1],
}


def tthc_book() -> bytes:
    rows = [["UBND TỈNH ĐẮK LẮK"], ["BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THÁNG 9/2026"], TTHC_HEADER]
    rows += [[i, name, *v] for i, (name, v) in enumerate(TTHC_UNITS.items(), start=1)]
    return workbook(rows)


# --- the command line, as staff and scripts run it -------------------------------------------


def cli(module: str, db, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"CCHC_DB": str(db), "TZ": "UTC"}
    return subprocess.run(
        [sys.executable, "-m", module, "--db", str(db), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def etl_load(db, path) -> str:
    done = cli("etl", db, "load", str(path), "--user", "canbo")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Đã nạp" in done.stdout, done.stdout
    return done.stdout


def metrics_unit(db, unit: str, period: str | None = None) -> dict:
    done = cli("metrics", db, "unit", unit, *(["--period", period] if period else []), "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def board(period: Period, league: str) -> pd.DataFrame:
    return ranking.league_ranking(period, league).set_index("unit_id")


def assert_ranks(period: Period, units: pd.DataFrame) -> None:
    """Every unit's rank is the one computed from the file, with its league's size and date."""
    for league, kind in (("departments", "department"), ("communes", "commune")):
        got = board(period, league)
        mine = units[units.league == kind].set_index("department_code")
        assert set(got.index) == set(mine.index)
        assert (got["rank"].reindex(mine.index) == mine.expected_rank).all(), league
        assert (got.rank_of == len(mine)).all() and (got.rank_label == ranking.short_label(period)).all()


# --- the sequence ------------------------------------------------------------------------------


@pytest.fixture
def short_names(empty_db):
    import duckdb

    with duckdb.connect(str(empty_db), read_only=True) as con:
        frame = con.execute("SELECT unit_id, short_name FROM units WHERE kind = 'province'").df()
    return dict(zip(frame.unit_id, frame.short_name.str.replace(r"^(Tỉnh|Thành phố) ", "", regex=True)))


@pytest.mark.slow  # a dozen command-line loads and reports: about 100 s alone
def test_a_month_of_real_shaped_days_loaded_one_by_one(empty_db, tmp_path, short_names):
    db = empty_db
    d17, d22, d01, d09, d10 = (
        Period("day", k) for k in ("2026-09-17", "2026-09-22", "2026-10-01", "2026-10-09", "2026-10-10")
    )
    nov = Period("month", "2026-11")

    # An empty warehouse: nothing to open on, and no developer command in what users read.
    assert overview.opening_period() is None

    # 17/09: every unit, the national ranking and the indicator detail. Nothing earlier to compare with.
    u17 = day_units("17")
    etl_load(db, write(tmp_path, "diem_17.xlsx", scores_book("NGÀY 17/09/2026", u17)))
    nat17_book, nat17 = national_book("NGÀY 17/09/2026", "17", short_names)
    etl_load(db, write(tmp_path, "xep_hang_17.xlsx", nat17_book))
    etl_load(db, write(tmp_path, "chi_tiet_17.xlsx", indicators_book("SỐ LIỆU NGÀY 17/09/2026")))
    assert_ranks(d17, u17)
    assert board(d17, "communes").previous_key.isna().all() and board(d17, "communes").movement.isna().all()
    h15 = metrics_unit(db, HOME, "17/09/2026")
    assert h15["ranking"]["rank"] == nat17[HOME][1] and h15["ranking"]["rank_of"] == 34
    assert h15["national"]["as_of_label"] == "17/09/2026" and h15["national"]["current"]
    assert h15["previous_period"] is None and h15["movement"] is None
    assert overview.opening_period() == d17
    assert overview.period_coverage(d17).lacking == ()

    # 22/09: three units missing, one renamed, the province's own row, NO national file.
    u22 = day_units("22", drop=GONE)
    out = etl_load(
        db,
        write(
            tmp_path, "diem_22.xlsx", scores_book("NGÀY 22/09/2026", u22, names={RENAMED: "Ban Quản lý"}, province=1.01)
        ),
    )
    assert "Ngày 22/09/2026" in out
    assert_ranks(d22, u22)
    assert board(d22, "departments").loc[RENAMED, "total"] == u22.set_index("department_code").total_score[RENAMED]
    provinces = board(d22, "provinces")
    assert list(provinces.index) == [HOME] and provinces["rank"].isna().all()  # never "1 of 1"
    h15 = metrics_unit(db, HOME, "22/09/2026")
    assert h15["ranking"]["rank"] is None and h15["ranking"]["rank_of"] == 1
    assert h15["national"]["rank"] == nat17[HOME][1] and h15["national"]["rank_of"] == 34
    assert h15["national"]["as_of_label"] == "17/09/2026" and not h15["national"]["current"]
    assert h15["national"]["national_average"] == pytest.approx(np.mean([t for t, _ in nat17.values()]))
    assert h15["top_gap"]["as_of_label"] == "17/09/2026" and h15["top_gap"]["rank_of"] == 34
    assert overview.opening_period() == d22  # the province's newest score
    coverage = overview.period_coverage(d22)
    assert coverage.lacking == ("provinces",) and "Xếp hạng 34 tỉnh, thành phố" in coverage.note_vi
    assert coverage.national_as_of == d17
    shown = view_overview.overview(d22)  # what Tổng quan renders
    headline = {m.label: m.value for m in shown.metrics}
    assert headline["Xếp hạng toàn quốc (ngày 17/09/2026)"] == f"{nat17[HOME][1]}/34"
    assert "Bình quân 34 tỉnh (ngày 17/09/2026)" in headline and "17/09/2026" in shown.rank_note
    assert "Xếp hạng 34 tỉnh, thành phố" in shown.coverage_note
    # Movement against 17/09 for everyone present, with the unit's own previous rank.
    deps = board(d22, "departments")
    expected_17 = u17.set_index("department_code").expected_rank
    assert (deps.previous_label == "17/09/2026").all()
    assert (deps.previous_rank == expected_17.reindex(deps.index)).all()
    assert (deps.movement == deps.previous_rank - deps["rank"]).all()
    commune = metrics_unit(db, "H15.198", "22/09/2026")
    assert commune["previous_period"]["compared_with"] == "so với 17/09/2026"
    assert commune["league"]["size"] == len(u22[u22.league == "commune"])

    # The monthly TTHC report of September.
    etl_load(db, write(tmp_path, "tthc_09.xlsx", tthc_book()))
    sept = Period("month", "2026-09")
    report = tthc.report(sept)
    figures = np.array(list(TTHC_UNITS.values()), dtype=float)
    assert report.total.received == figures[:, :3].sum() and report.total.basis == "sum"
    resolved = figures[:, 3:6].sum()
    assert report.total.on_time_rate == pytest.approx((figures[:, 3] + figures[:, 4]).sum() / resolved * 100)
    assert report.total.pending_overdue == figures[:, 7].sum() and report.total.apologies == figures[:, 8].sum()
    late = figures[:, 5] + figures[:, 7]
    assert report.units.late.tolist() == sorted(late, reverse=True) and report.units["rank"].iloc[0] == 1
    assert (report.units.rank_of == len(TTHC_UNITS)).all()
    assert "TTHC" in set(quality.freshness().index_code)
    tthc_status = completeness.tthc_missing(sept).set_index("unit_id")
    assert (tthc_status.status == completeness.COMPLETE).sum() == len(TTHC_UNITS)
    assert overview.opening_period() == d22  # a TTHC month does not move the overview

    # 01/10: every unit again and the national ranking. The three units that were missing on
    # 22/09 compare with 17/09, the last snapshot that had them; the others with 22/09.
    u01 = day_units("01")
    etl_load(db, write(tmp_path, "diem_01.xlsx", scores_book("NGÀY 01/10/2026", u01)))
    nat01_book, nat01 = national_book("NGÀY 01/10/2026", "01", short_names)
    etl_load(db, write(tmp_path, "xep_hang_01.xlsx", nat01_book))
    assert_ranks(d01, u01)
    both = pd.concat([board(d01, "departments"), board(d01, "communes")])
    assert set(both.loc[GONE, "previous_label"]) == {"17/09/2026"}
    assert set(both.drop(index=GONE).previous_label) == {"22/09/2026"}
    communes_caption = view_ranking.ranking(d01, ("department", "commune")).leagues[1].caption  # Xếp hạng
    n_communes = len(u01[u01.league == "commune"])
    assert f"Hạng ngày 01/10/2026 trong {n_communes} đơn vị được chấm điểm" in communes_caption
    assert "thay đổi so với 22/09/2026 (một số đơn vị so với 17/09/2026)" in communes_caption
    back = metrics_unit(db, "H15.120", "01/10/2026")
    assert back["previous_period"]["key"] == "2026-09-17"
    assert back["movement"]["rank_before"] == int(expected_17["H15.120"])
    assert back["movement"]["rank"] == int(expected_17["H15.120"]) - back["ranking"]["rank"]
    h15 = metrics_unit(db, HOME, "01/10/2026")
    assert h15["ranking"]["rank"] == nat01[HOME][1] and h15["national"]["current"]
    # 22/09 held the province's own score but no national ranking: the rank moves against 17/09.
    assert h15["previous_period"]["key"] == "2026-09-17"
    assert h15["movement"]["rank"] == nat17[HOME][1] - nat01[HOME][1]
    assert h15["movement"]["rank_before"] == nat17[HOME][1] and h15["movement"]["rank_of_before"] == 34

    # 09/10: the national ranking only. The overview opens on it; the unit leagues are lacking.
    nat09_book, nat09 = national_book("NGÀY 09/10/2026", "09", short_names)
    etl_load(db, write(tmp_path, "xep_hang_09.xlsx", nat09_book))
    assert overview.opening_period() == d09
    coverage = overview.period_coverage(d09)
    assert coverage.lacking == ("departments", "communes") and coverage.has_province
    h15 = metrics_unit(db, HOME, "09/10/2026")
    assert h15["movement"]["rank"] == nat01[HOME][1] - nat09[HOME][1]
    assert h15["movement"]["compared_with"] == "so với 01/10/2026"

    # 10/10: the units without a national file. They compare with 01/10 (09/10 had none of them);
    # the province's rank of 34 is the 09/10 one, labelled so. A commune climbs far.
    u10 = day_units("10", boost={CLIMBER: 22.0})
    etl_load(db, write(tmp_path, "diem_10.xlsx", scores_book("NGÀY 10/10/2026", u10)))
    assert_ranks(d10, u10)
    communes = board(d10, "communes")
    assert (communes.previous_label == "01/10/2026").all()
    before, after = (
        u01.set_index("department_code").expected_rank[CLIMBER],
        u10.set_index("department_code").expected_rank[CLIMBER],
    )
    assert before - after >= 20  # it really climbed
    climber = metrics_unit(db, CLIMBER, "10/10/2026")
    assert climber["movement"]["rank"] == before - after and climber["movement"]["rank_before"] == before
    assert climber["previous_period"]["compared_with"] == "so với 01/10/2026"
    assert climber["ranking"]["rank_of"] == len(u10[u10.league == "commune"])
    assert climber["ranking"]["rank_label"] == "10/10/2026"
    assert not climber["points_lost_status"]["no_loss"]  # no indicator detail on 10/10: never "no loss"
    assert not climber["points_lost_status"]["complete"]
    page = view_unit.unit(d10, CLIMBER, Viewer.local())  # what Đơn vị renders
    shown = {m.label: m.value for m in page.metrics}
    assert shown["Thay đổi hạng (so với 01/10/2026)"] == f"▲ {before - after}"
    assert shown["Hạng trong khối"] == f"{after}/{len(u10[u10.league == 'commune'])}"
    assert "không bị mất điểm" not in page.lost_message and "chưa thể chỉ ra" in page.lost_message
    standing = national.national_standing(d10)
    assert (standing.as_of, standing.rank, standing.rank_of) == (d09, nat09[HOME][1], 34)
    assert overview.opening_period() == d09  # 10/10 has no score of the province itself
    assert overview.period_coverage(d10).lacking == ("provinces",)

    # Tháng 11/2026: an ordinary commune-only month. The overview stays on the province's newest
    # period; the communes compare with the last snapshot before the month (10/10).
    communes11 = day_units("nov")
    communes11 = communes11[communes11.league == "commune"]
    etl_load(db, write(tmp_path, "diem_xa_11.xlsx", scores_book("THÁNG 11/2026", communes11)))
    assert overview.opening_period() == d09
    offered = overview.periods()
    assert offered[0] == nov and view_common.default_period("SVC766", offered) == d09
    empty = view_overview.overview(nov)
    assert isinstance(empty, view_overview.Empty) and "Ngày 09/10/2026" in empty.message
    assert "python" not in empty.message and "etl" not in empty.message
    coverage = overview.period_coverage(nov)
    assert set(coverage.lacking) == {"provinces", "departments"} and not coverage.has_province
    month = board(nov, "communes")
    assert (month.previous_label == "10/10/2026").all() and (month.rank_of == len(communes11)).all()
    expected_10 = u10.set_index("department_code").expected_rank
    assert (month.previous_rank == expected_10.reindex(month.index)).all()
    report = unit_report(CLIMBER, nov)
    assert report["previous_period"]["key"] == "2026-10-10"
    assert report["movement"]["rank"] == int(expected_10[CLIMBER]) - report["ranking"]["rank"]
    assert report["league"]["size"] == len(communes11)


def test_indicator_detail_makes_the_loss_status_complete(empty_db, tmp_path):
    """On a day with every indicator, "no points lost" is decided on real points only."""
    u17 = day_units("17")
    etl_load(empty_db, write(tmp_path, "diem.xlsx", scores_book("NGÀY 17/09/2026", u17)))
    etl_load(empty_db, write(tmp_path, "chi_tiet.xlsx", indicators_book("SỐ LIỆU NGÀY 17/09/2026")))
    day = Period("day", "2026-09-17")
    unit = u17.sort_values("total_score").department_code.iloc[0]
    status = gaps.loss_status(day, unit)
    assert status.complete and status.indicators_present == status.indicators_expected
    assert status.lost == pytest.approx(100 - u17.set_index("department_code").total_score[unit])
    assert status.lost > 0 and not status.no_loss
