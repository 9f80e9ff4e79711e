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
from typing import TYPE_CHECKING

from core import cli
from core.cli import UsageError
from core.periods import Period

if TYPE_CHECKING:
    import pandas as pd

# For the parser, so that `--help` imports neither pandas nor DuckDB (docs/081); a test keeps them
# equal to metrics.ranking.LEAGUES and metrics.gaps.LEVELS. The commands import what they use.
LEAGUES = ("communes", "departments", "provinces")
LEVELS = ("group", "indicator")


def resolve_period(text: str | None, path=None) -> Period:
    from metrics import overview

    return cli.choose_period(text, overview.periods(path=path))


def resolve_unit(text: str, path=None) -> str:
    from core.names import UnitMatcher
    from metrics import sql

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
    from metrics import ranking

    period = resolve_period(args.period, args.db)
    board = ranking.league_ranking(period, args.league, args.db)
    if board.empty:
        raise UsageError(f"Kỳ {period.label} chưa có điểm của {args.league}.")
    _emit(board, args.format)


def cmd_gaps(args) -> None:
    from metrics import gaps

    period = resolve_period(args.period, args.db)
    unit_id = resolve_unit(args.unit, args.db) if args.unit else None
    _emit(gaps.points_lost(period, unit_id, level=args.level, path=args.db), args.format)


def _plain(value):
    """JSON-ready: NaN/NA → None, numpy scalars → Python."""
    import pandas as pd

    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    return value.item() if hasattr(value, "item") else value


def _movement(row: dict | None) -> tuple[dict | None, dict | None]:
    """(previous_period, movement) of a ranking row: what the unit is compared with (the latest
    earlier period of any type holding its score, docs/050) and how it moved since."""
    if not row or not row.get("previous_key"):
        return None, None
    earlier = Period(row["previous_type"], row["previous_key"])
    previous = {
        "type": earlier.type,
        "key": earlier.key,
        "label": earlier.label,
        "short_label": row["previous_label"],
        "compared_with": f"so với {row['previous_label']}",
    }
    movement = {
        "rank": row.get("movement"),
        "rank_before": row.get("previous_rank"),
        "rank_of_before": row.get("previous_rank_of"),
        "score_before": row.get("previous_total"),
        "score": row.get("score_change"),
        "compared_with": previous["compared_with"],
    }
    return previous, movement


def unit_report(unit_id: str, period: Period, path=None) -> dict:
    """Everything the metrics know about one unit in one period, as plain JSON-ready data."""
    from core import clock, settings
    from core.formula import TOTAL_CODE
    from metrics import gaps, national, ranking, scoring, sql, targets, trends

    kinds = sql.query("unit_lookup", path).drop_duplicates("unit_id").set_index("unit_id")
    kind = kinds.kind[unit_id]
    report = {
        "unit_id": unit_id,
        "name": kinds.name[unit_id],
        "kind": kind,
        "period": {
            "type": period.type,
            "key": period.key,
            "label": period.label,
            "provisional": period.is_open(clock.today_vn()),
        },
    }
    league = {v: k for k, v in ranking.LEAGUES.items()}.get(kind)
    row = None
    if league:
        board = ranking.league_ranking(period, league, path)
        mine = board[board.unit_id == unit_id]
        row = _records(mine)[0] if not mine.empty else None
        report["ranking"] = row
        report["league"] = {
            "league": league,
            "period_label": ranking.short_label(period),
            "size": int(board.total.notna().sum()) if not board.empty else 0,
        }
    report["previous_period"], report["movement"] = _movement(row)
    trend = trends.trend(TOTAL_CODE, unit_id, period.type, path=path)
    report["slope"] = trend.slope
    report["projection"] = (
        None
        if trend.projection is None
        else {
            "value": trend.projection,
            "value_kind": trend.value_kind,
            "basis": trend.projection_basis,
            "provisional": trend.provisional,
            "target": trend.target,
            "outlook": trend.outlook,
            "latest": trend.latest,
            "latest_period": trend.latest_period.label if trend.latest_period else None,
            "window": trend.window,
        }
    )
    report["trend"] = {
        "period_type": period.type,
        "latest": trend.latest,
        "change_prev": trend.change_prev,
        "previous_period": trend.previous_period.label if trend.previous_period else None,
        "change_year_ago": trend.change_year_ago,
        "year_ago_period": trend.year_ago_period.label if trend.year_ago_period else None,
    }
    report["groups"] = _records(scoring.group_scores(period, unit_id, path=path))
    report["indicators"] = _records(scoring.recompute(period, unit_id, path=path))
    report["points_lost"] = _records(gaps.points_lost(period, unit_id, path=path))
    report["points_lost_status"] = {k: _plain(v) for k, v in vars(gaps.loss_status(period, unit_id, path)).items()}
    report["targets"] = _records(targets.target_status(period, unit_id, path=path))
    if kind in ("department", "commune"):
        report["what_it_takes"] = _records(gaps.what_it_takes(period, unit_id, path))
    if unit_id == settings.home_unit():
        standing = national.national_standing(period, unit_id, path)
        report["national"] = {
            k: (_plain(v) if not isinstance(v, Period) else v.label) for k, v in vars(standing).items() if k != "period"
        }
        report["top_gap"] = {
            k: (v.label if isinstance(v, Period) else v)
            for k, v in vars(gaps.top_gap(period, path=path)).items()
            if k != "period"
        }
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
    rank.add_argument("--league", required=True, choices=LEAGUES)
    lost = sub.add_parser("gaps", help="điểm bị mất theo nhóm hoặc chỉ tiêu")
    lost.add_argument("--unit", help="mã hoặc tên đơn vị (mặc định: tất cả)")
    lost.add_argument("--level", default="indicator", choices=LEVELS)
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

    def command() -> None:
        from metrics import sql

        with sql.session(args.db):  # one connection for the whole command (docs/081)
            args.func(args)

    return cli.run(command)
