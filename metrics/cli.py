"""The metrics on the command line, for scripting and checking (`python -m metrics ...`).

    python -m metrics ranking --league departments|communes|provinces [--period P] [--format csv|json]
    python -m metrics gaps [--unit U] [--period P] [--level indicator|group] [--format csv|json]
    python -m metrics unit U [--period P] [--format json]

U is a unit id (H15.15) or a name ("Sở Xây dựng", "xã Ea Súp"); P is any period text
core.periods understands ("10/10/2026", "Tháng 9/2026", "2026-Q3"); default: the latest.
Exit 2 with a Vietnamese message for an unknown unit or period, 1 when the warehouse is busy.
"""
from __future__ import annotations

import argparse
import json
import sys

from core import cli

import pandas as pd

from core.cli import UsageError
from core.names import UnitMatcher
from core.periods import Period, parse_period
from core import settings
from metrics import gaps, overview, ranking, scoring, sql, targets


def resolve_period(text: str | None, path=None) -> Period:
    known = overview.periods(path=path)
    if not known:
        raise UsageError("Kho dữ liệu chưa có số liệu Bộ chỉ số 766. Hãy nạp dữ liệu trước.")
    if not text:
        return known[0]
    wanted = parse_period(text)
    if wanted is None:
        raise UsageError(f"Không hiểu kỳ “{text}”. Ví dụ: 10/10/2026, Tháng 9/2026, Quý III/2026, 2026.")
    if wanted not in known:
        offered = ", ".join(p.label for p in known[:6])
        raise UsageError(f"Không có dữ liệu kỳ {wanted.label}. Các kỳ có dữ liệu: {offered}.")
    return wanted


def resolve_unit(text: str, path=None) -> str:
    names = sql.query("unit_lookup", path)
    if text in set(names.unit_id):
        return text
    labels = dict(zip(names.unit_id, names.name))
    match = UnitMatcher([(n, u, None) for n, u in zip(names.alias, names.unit_id)], labels).match(text)
    if match.status == "ok":
        return match.unit_id
    hint = f" Có phải: {'; '.join(match.candidates)}?" if match.candidates else ""
    if match.status == "ambiguous":
        raise UsageError(f"Tên “{text}” khớp với nhiều đơn vị.{hint} Hãy ghi mã đơn vị (ví dụ H15.15).")
    raise UsageError(f"Không tìm thấy đơn vị “{text}”.{hint}")


def _emit(frame: pd.DataFrame, fmt: str) -> None:
    if fmt == "json":
        print(frame.to_json(orient="records", force_ascii=False, indent=2, date_format="iso"))
    else:
        frame.to_csv(sys.stdout, index=False)


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))


def cmd_ranking(args) -> None:
    period = resolve_period(args.period, args.db)
    board = ranking.league_ranking(period, args.league, args.db)
    if board.empty:
        raise UsageError(f"Kỳ {period.label} chưa có điểm của {args.league}.")
    _emit(board, args.format)


def cmd_gaps(args) -> None:
    period = resolve_period(args.period, args.db)
    unit_id = resolve_unit(args.unit, args.db) if args.unit else None
    _emit(gaps.points_lost(period, unit_id, level=args.level, path=args.db), args.format)


def unit_report(unit_id: str, period: Period, path=None) -> dict:
    """Everything the metrics know about one unit in one period, as plain JSON-ready data."""
    kinds = sql.query("unit_lookup", path).drop_duplicates("unit_id").set_index("unit_id")
    kind = kinds.kind[unit_id]
    report = {"unit_id": unit_id, "name": kinds.name[unit_id], "kind": kind,
              "period": {"type": period.type, "key": period.key, "label": period.label}}
    league = {v: k for k, v in ranking.LEAGUES.items()}.get(kind)
    if league:
        board = ranking.league_ranking(period, league, path)
        mine = board[board.unit_id == unit_id]
        report["ranking"] = _records(mine)[0] if not mine.empty else None
    report["groups"] = _records(scoring.group_scores(period, unit_id, path=path))
    report["indicators"] = _records(scoring.recompute(period, unit_id, path=path))
    report["points_lost"] = _records(gaps.points_lost(period, unit_id, path=path))
    report["targets"] = _records(targets.target_status(period, unit_id, path=path))
    if kind in ("department", "commune"):
        report["what_it_takes"] = _records(gaps.what_it_takes(period, unit_id, path))
    if unit_id == settings.home_unit():
        report["top_gap"] = {k: v for k, v in vars(gaps.top_gap(period, path=path)).items() if k != "period"}
    return report


def cmd_unit(args) -> None:
    period = resolve_period(args.period, args.db)
    unit_id = resolve_unit(args.unit, args.db)
    print(json.dumps(unit_report(unit_id, period, args.db), ensure_ascii=False, indent=2, default=str))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m metrics", description="Chỉ số, xếp hạng, điểm bị mất.")
    parser.add_argument("--db", help="đường dẫn kho DuckDB (mặc định: biến CCHC_DB hoặc data/warehouse.duckdb)")
    sub = parser.add_subparsers(dest="command", required=True)
    rank = sub.add_parser("ranking", help="bảng xếp hạng một khối")
    rank.add_argument("--league", required=True, choices=sorted(ranking.LEAGUES))
    lost = sub.add_parser("gaps", help="điểm bị mất theo nhóm hoặc chỉ tiêu")
    lost.add_argument("--unit", help="mã hoặc tên đơn vị (mặc định: tất cả)")
    lost.add_argument("--level", default="indicator", choices=sorted(gaps.LEVELS))
    unit = sub.add_parser("unit", help="mọi số liệu của một đơn vị (JSON)")
    unit.add_argument("unit", help="mã hoặc tên đơn vị")
    for command, formats in ((rank, ("csv", "json")), (lost, ("csv", "json")), (unit, ("json",))):
        command.add_argument("--period", help="kỳ, ví dụ 10/10/2026 hoặc Tháng 9/2026 (mặc định: kỳ mới nhất)")
        command.add_argument("--format", default=formats[0], choices=formats)
    rank.set_defaults(func=cmd_ranking)
    lost.set_defaults(func=cmd_gaps)
    unit.set_defaults(func=cmd_unit)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return cli.run(lambda: args.func(args))
