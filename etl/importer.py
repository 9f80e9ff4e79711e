"""Importing Excel files: check, read, find the table, stage, validate, preview; then commit.

`prepare` never writes and never raises on bad input: everything wrong with a file
is in `Prepared.problems`. `commit` writes every accepted file in one transaction
(all or nothing), after archiving the originals under their SHA-256.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from etl import db, guard, validation
from etl.batches import BatchMeta, find_batch_by_sha, insert_batch
from etl.formats.base import Context, ImportFormat
from etl.formats.catalog import FORMATS
from etl.layout import Table, find_period, find_table
from core.periods import Period
from etl.problems import Problem, Rejected
from etl.registry import Registry
from etl.staging import Unresolved, header_problems, resolve_units, stage
from etl.xlsx import read_workbook

ROOT = Path(__file__).resolve().parent.parent
SQL = Path(__file__).resolve().parent / "sql"
PERIOD_WORDS = {"day": "ngày", "month": "tháng", "quarter": "quý", "year": "năm"}
KEYS = {"observations": ["index_code", "criterion_code", "unit_id", "period_type", "period_key"],
        "targets": ["criterion_code", "year", "scope", "unit_id"], "task_reports": ["task_id", "reported_on"]}


@dataclass
class Prepared:
    name: str
    sha256: str
    data: bytes = field(repr=False)
    kind: str | None = None
    period: Period | None = None
    sheets: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    rows: pd.DataFrame | None = None
    already_loaded: int | None = None
    preview: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def format(self) -> ImportFormat | None:
        return FORMATS.get(self.kind) if self.kind else None


def archive_dir() -> Path:
    return Path(os.environ.get("CCHC_ARCHIVE") or ROOT / "data" / "archive")


def _choose_tables(prepared: Prepared, tables: list[Table]) -> list[Table]:
    """The tables of the file's one format; hidden sheets and other formats are reported."""
    for t in tables:
        if not t.sheet.visible:
            prepared.warnings.append(f"Trang ẩn '{t.sheet.name}' có bảng số liệu nhưng không được nạp; "
                                     "hãy bỏ ẩn trang nếu muốn nạp.")
    visible = [t for t in tables if t.sheet.visible]
    if not visible:
        prepared.problems.append(Problem(message=(
            "Không tìm thấy bảng số liệu nào có dòng tiêu đề nhận ra được. Hãy dùng tệp mẫu "
            "(python -m etl template hoặc nút Tải tệp mẫu) hoặc đặt tiêu đề cột như tệp mẫu.")))
        return []
    best = max(visible, key=lambda t: t.score)
    others = [t for t in visible if t is not best and not t.missing and len(t.columns) >= 3]
    kinds = {best.kind} | {t.kind for t in others}
    if len(kinds) > 1:
        names = ", ".join(f"'{FORMATS[k].title}'" for k in sorted(kinds))
        prepared.problems.append(Problem(message=(
            f"Tệp có nhiều loại số liệu ({names}). Mỗi tệp chỉ chứa một loại: hãy tách thành nhiều tệp "
            "hoặc chọn loại dữ liệu khi nạp (--format).")))
        return []
    # Another sheet is loaded with a header about as wide as the best one (not a sheet naming a few columns).
    chosen = {id(best)}
    for t in others:
        if len(t.columns) >= 0.75 * len(best.columns):
            chosen.add(id(t))
        else:
            prepared.warnings.append(f"Trang '{t.sheet.name}' có bảng ít cột hơn trang '{best.sheet.name}' "
                                     "nên không được nạp.")
    return [t for t in visible if id(t) in chosen]


def _period(prepared: Prepared, fmt: ImportFormat, tables: list[Table], stated: Period | None,
            today: date) -> Period | None:
    titles = [text for t in tables for text in t.title_texts]
    found, candidates = find_period(titles)
    if found is None and not candidates:
        found, candidates = find_period([t.sheet.name for t in tables])
    if stated and found and stated != found:
        prepared.problems.append(Problem(message=(
            f"Kỳ ghi trong tệp ({found.label}) khác kỳ đã chọn ({stated.label}). Hãy sửa tệp hoặc kỳ đã chọn.")))
        return None
    period = stated or found
    if period is None and len(candidates) > 1:
        shown = ", ".join(p.label for p in candidates)
        prepared.problems.append(Problem(message=(
            f"Tệp ghi nhiều kỳ khác nhau ({shown}); hãy chọn kỳ của số liệu (--period).")))
        return None
    if period is None:
        if fmt.needs_period:
            prepared.problems.append(Problem(message=(
                "Không tìm thấy kỳ báo cáo trong tệp (ví dụ 'THÁNG 9/2026' ở dòng tiêu đề). "
                "Hãy ghi kỳ vào tệp hoặc chọn kỳ khi nạp (--period).")))
        return None
    if period.type not in fmt.period_types:
        allowed = " hoặc ".join(PERIOD_WORDS[t] for t in fmt.period_types)
        prepared.problems.append(Problem(message=(
            f"Loại dữ liệu '{fmt.title}' cần kỳ theo {allowed}, không phải {period.label}.")))
    elif period.start > today and not fmt.future_periods:
        prepared.problems.append(Problem(message=(
            f"Kỳ {period.label} chưa bắt đầu (hôm nay là {today:%d/%m/%Y}); không nạp số liệu của kỳ tương lai.")))
    return period


def _batch_period(fmt: ImportFormat, period: Period | None, rows: pd.DataFrame) -> Period | None:
    """The period recorded on the batch: the file's, or what its rows say (tasks: the last report day)."""
    if period is not None or rows is None or rows.empty:
        return period
    if fmt.target == "task_reports":
        return Period("day", max(rows["reported_on"]).isoformat())
    if fmt.target == "targets" and rows["year"].nunique() == 1:
        return Period("year", str(int(rows["year"].iloc[0])))
    return None


def prepare(name: str, data: bytes, registry: Registry, *, period: Period | None = None,
            kind: str | None = None, con: duckdb.DuckDBPyConnection | None = None,
            today: date | None = None) -> Prepared:
    """Everything about a file short of loading it: problems, warnings, rows, preview."""
    today = today or date.today()
    prepared = Prepared(name=name, sha256=hashlib.sha256(data).hexdigest(), data=data)
    if con is not None:
        prepared.already_loaded = find_batch_by_sha(con, prepared.sha256)
        if prepared.already_loaded:
            return prepared
    try:
        sheets = read_workbook(name, data, guard.inspect(name, data))
    except Rejected as exc:
        prepared.problems.append(exc.problem)
        return prepared
    formats = [FORMATS[kind]] if kind else list(FORMATS.values())
    tables = _choose_tables(prepared, [t for s in sheets if (t := find_table(s, formats))])
    if not tables:
        return prepared
    fmt = FORMATS[tables[0].kind]
    prepared.kind, prepared.sheets = fmt.kind, [t.sheet.name for t in tables]
    by_sheet = {t.sheet.name: t for t in tables}
    frames = []
    for t in tables:
        problems, warnings = header_problems(t, fmt)
        frame, stage_problems, stage_warnings = stage(t, fmt)
        prepared.problems += problems + stage_problems
        prepared.warnings += warnings + stage_warnings
        frames.append(frame)
    prepared.period = _period(prepared, fmt, tables, period, today)
    raw = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    unit_ids = None
    if "unit" in raw and fmt.unit_kinds:
        unit_ids = resolve_units(raw, by_sheet, fmt, registry)[0]
        if "unit" in fmt.key_fields:  # footers, signatures: text under the table, no unit
            raw = raw[~(raw["_soft"] & unit_ids.isna())].reset_index(drop=True)
        unit_ids, problems, prepared.unresolved = resolve_units(raw, by_sheet, fmt, registry)
        prepared.problems += problems
    if raw.empty:
        if not prepared.problems:
            prepared.problems.append(Problem(message="Bảng không có dòng số liệu nào."))
        return prepared
    ctx = Context(registry, prepared.period, today, [text for t in tables for text in t.title_texts])
    fields = fmt.field_list(ctx.formula)
    prepared.problems += validation.run(validation.raw_schema(fields), raw, by_sheet)
    frame = validation.typed(raw, fields).assign(_sheet=raw["_sheet"], _row=raw["_row"], unit_id=unit_ids)
    for f in fields:  # a missing column (already reported) reads as empty, so the rules can name every field
        if f.name not in frame:
            frame[f.name] = float("nan") if f.type in ("number", "count") else None
    frame = fmt.prepare(frame, ctx)
    prepared.problems += validation.run(fmt.schema(ctx), frame, by_sheet)
    prepared.problems = sorted(set(prepared.problems))
    if prepared.ok:
        prepared.rows = fmt.build(frame, ctx)
        prepared.period = _batch_period(fmt, prepared.period, prepared.rows)
        if con is not None:
            prepared.preview = preview(con, prepared)
    return prepared


def find_conflicts(files: list[Prepared]) -> None:
    """Two files of one load that give different values for the same key: both are refused."""
    accepted = [p for p in files if p.ok and p.rows is not None]
    for i, a in enumerate(accepted):
        for b in accepted[i + 1:]:
            if a.format.target != b.format.target:
                continue
            keys = KEYS[a.format.target]
            both = a.rows.merge(b.rows, on=keys, suffixes=("_a", "_b"))
            value = "value" if "value_a" in both else "status"
            differ = both[both[f"{value}_a"].astype(str) != both[f"{value}_b"].astype(str)]
            if len(differ):
                for p, other in ((a, b), (b, a)):
                    p.problems.append(Problem(message=(
                        f"Tệp '{p.name}' và tệp '{other.name}' cùng có {len(differ)} số liệu cho cùng đơn vị, "
                        "tiêu chí và kỳ nhưng giá trị khác nhau. Hãy chỉ nạp một tệp.")))


def _sql(name: str) -> str:
    return (SQL / f"{name}.sql").read_text("utf-8")


def preview(con: duckdb.DuckDBPyConnection, prepared: Prepared) -> pd.DataFrame:
    """Per unit (or criterion, or task): rows the load adds, current rows it replaces, values it changes."""
    con.register("staged", prepared.rows)
    try:
        return con.execute(_sql(f"preview_{prepared.format.target}")).df()
    finally:
        con.unregister("staged")


def archive(prepared: Prepared) -> str:
    """Keep the original file as <sha256>.<ext>; return where (relative to the project when inside it)."""
    folder = archive_dir()
    folder.mkdir(parents=True, exist_ok=True)
    ext = Path(prepared.name).suffix.lower() if Path(prepared.name).suffix.lower() in (".xlsx", ".xlsm") else ".xlsx"
    path = folder / f"{prepared.sha256}{ext}"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(prepared.data)
        os.replace(tmp, path)
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(resolved)


def commit(con: duckdb.DuckDBPyConnection, files: list[Prepared], user: str) -> dict[str, int]:
    """Load every accepted file in one transaction; file name → batch id (an existing one if already loaded)."""
    if any(not p.ok for p in files):
        raise ValueError("commit() needs files without problems")
    result, todo = {}, []
    for p in files:
        existing = find_batch_by_sha(con, p.sha256)
        if existing:
            result[p.name] = existing
        elif p.rows is not None and p.sha256 not in {t.sha256 for t in todo}:  # the same file twice in one load
            todo.append(p)
    metas = [BatchMeta(format=p.kind, loaded_by=user, file_name=p.name, sha256=p.sha256, archive_path=archive(p),
                       period_type=p.period.type if p.period else None, period_key=p.period.key if p.period else None,
                       source_label=f"Tệp tải lên: {p.name}",
                       note=f"{p.format.title}; trang: {', '.join(p.sheets)}") for p in todo]
    with db.transaction(con):
        for p, meta in zip(todo, metas):
            result[p.name] = insert_batch(con, meta, transaction=False, **{p.format.target: p.rows})
    return result


def check_files(files: list[tuple[str, bytes]], *, period: Period | None = None, kind: str | None = None,
                path=None, today: date | None = None, on_progress=None) -> list[Prepared]:
    """Prepare several files against the warehouse (one short read-only connection); refuse conflicts."""
    prepared = []
    with db.connect(path, read_only=True) as con:
        registry = Registry.load(con)
        for i, (name, data) in enumerate(files):
            prepared.append(prepare(name, data, registry, period=period, kind=kind, con=con, today=today))
            if on_progress:
                on_progress(i + 1, len(files), name)
    find_conflicts(prepared)
    return prepared


def load_checked(files: list[Prepared], user: str, path=None, wait_seconds: float = 10.0) -> dict[str, int]:
    """Commit files that passed `check_files` (one short write connection)."""
    with db.connect(path, wait_seconds=wait_seconds) as con:
        return commit(con, files, user)
