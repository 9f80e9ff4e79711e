"""Tổng quan: where the province stands on the 766 index in one period."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core import settings
from core.format import fmt_compact, fmt_delta, fmt_int, fmt_movement, fmt_num, fmt_rank
from core.periods import Period
from metrics.targets import NEAR, NOT_MET
from views import data
from views.store import cached
from views.common import NO_DATA, SourceLine, source_line

AT_RISK = (NOT_MET, NEAR)
LEAGUES = {"departments": "Sở, ban, ngành", "communes": "Xã, phường"}
TITLE = "Tổng quan Bộ chỉ số 766"


@dataclass(frozen=True)
class Metric:
    """One headline number: label, formatted value, optional movement and explanation."""
    label: str
    value: str
    delta: int | None = None
    help: str | None = None


@dataclass(frozen=True)
class UnitLine:
    """A line naming a unit that links to its page."""
    unit_id: str
    label: str


@dataclass(frozen=True)
class Overview:
    period: Period
    source: SourceLine
    home_id: str
    home_name: str
    score: float
    band: str | None
    rank: int | None
    rank_of: int | None
    movement: int | None
    metrics: tuple[Metric, ...]            # the five headline numbers
    groups: pd.DataFrame                   # name, points, max_points, lost: the chart of groups
    band_counts: pd.DataFrame              # league, band, count, of
    league_lines: tuple[str, ...]          # "Sở, ban, ngành: bình quân …; …"
    risks_title: str                       # "Chỉ tiêu của tỉnh chưa đạt: N"
    risks: pd.DataFrame                    # criterion_name, actual, target, gap, status
    risk_lines: tuple[str, ...]            # the first two, as sentences
    lowest: tuple[UnitLine, ...]
    movers: tuple[UnitLine, ...]
    movers_note: str | None                # when nothing can be compared


@dataclass(frozen=True)
class Empty:
    """No province score in the period: say so, in the users' words."""
    period: Period | None
    message: str


@cached()
def overview(period: Period | None) -> Overview | Empty:
    home = settings.home_unit()
    if period is None:
        return Empty(None, NO_DATA)
    provinces = data.league_ranking(period, "provinces")
    if provinces.empty or home not in set(provinces["unit_id"]):
        return Empty(period, "Kỳ này chưa có điểm của tỉnh trên bảng xếp hạng toàn quốc.")
    row = provinces.set_index("unit_id").loc[home]
    gap = data.top_gap(period)
    rank = None if pd.isna(row["rank_official"]) else int(row["rank_official"])
    rank_of = None if pd.isna(row["rank_of"]) else int(row["rank_of"])
    movement = None if pd.isna(row["movement"]) else int(row["movement"])
    n_provinces = fmt_int(row["rank_of"])
    metrics = (
        Metric("Điểm của tỉnh", fmt_num(row["total"]), help="Tổng điểm trên 100 theo Cổng DVCQG"),
        Metric("Xếp loại", row["band"] or "—"),
        Metric("Xếp hạng toàn quốc", fmt_rank(row["rank_official"], row["rank_of"]), delta=movement,
               help="Hạng chính thức trên Cổng; mũi tên: số bậc thay đổi so với kỳ trước"),
        Metric(f"So với hạng {gap.top}", "—" if gap.threshold is None else fmt_delta(gap.total - gap.threshold),
               help=f"Điểm của tỉnh trừ điểm của tỉnh đứng hạng {gap.top} ({fmt_num(gap.threshold)}): "
                    f"dương là đã trong top {gap.top}, âm là số điểm còn thiếu"),
        Metric(f"Bình quân {n_provinces} tỉnh", fmt_num(row["league_average"]),
               help=f"Trung bình cộng điểm của {n_provinces} tỉnh, thành phố trong kỳ (tính từ điểm từng "
                    "tỉnh; số bình quân Cổng công bố có thể lệch 0,01 do làm tròn)"),
    )
    lost = data.points_lost(period, home, "group")
    groups = lost.drop(columns="name").rename(columns={"name_vi": "name"}) if not lost.empty else lost
    leagues = {league: data.league_table(period, league) for league in LEAGUES}
    league_lines = tuple(
        f"{LEAGUES[league]}: bình quân {fmt_num(frame['average'].iloc[0])}; "
        f"{int(frame['below_average'].sum())}/{len(frame)} dưới bình quân; "
        f"{int(frame['below_target'].sum())} chưa đạt {fmt_compact(frame['target'].iloc[0])} điểm"
        for league, frame in leagues.items() if not frame.empty)
    risks = data.unit_targets(period, home)
    if not risks.empty:
        risks = risks[risks["status"].isin(AT_RISK)].sort_values("gap").reset_index(drop=True)
    risk_lines = tuple(f"{r.criterion_name}: đạt {fmt_compact(r.actual)}, mục tiêu {fmt_compact(r.target)}"
                       for r in risks.head(2).itertuples())
    lowest = tuple(UnitLine(r.unit_id, f"{r.name}: {fmt_num(r.total)}")
                   for frame in leagues.values() if not frame.empty
                   for r in frame.dropna(subset=["total"]).tail(2).iloc[::-1].itertuples())
    moved = sorted(((abs(r.movement), r) for frame in leagues.values() if not frame.empty
                    for r in frame.dropna(subset=["movement"]).itertuples() if r.movement != 0),
                   key=lambda m: -m[0])
    movers = tuple(UnitLine(r.unit_id, f"{r.name}: {fmt_movement(r.movement)}") for _, r in moved[:3])
    return Overview(
        period=period, source=source_line(period), home_id=home, home_name=str(row["name"]),
        score=float(row["total"]), band=row["band"] or None, rank=rank, rank_of=rank_of, movement=movement,
        metrics=metrics, groups=groups, band_counts=data.band_table(period), league_lines=league_lines,
        risks_title=f"Chỉ tiêu của tỉnh chưa đạt: {len(risks)}", risks=risks, risk_lines=risk_lines,
        lowest=lowest, movers=movers,
        movers_note=None if movers else "Chưa có kỳ trước cùng loại để so sánh.")
