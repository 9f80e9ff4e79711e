"""Importing Excel files: check, read, find the table, stage, validate, preview; then commit.

`prepare` never writes and never raises on bad input: everything wrong with a file
is in `Prepared.problems`. `commit` writes every accepted file in one transaction
(all or nothing), after archiving the originals under their SHA-256.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from core.formula import formula_for, load_formulas
from core.names import normalise_code
from core.periods import Period
from etl import db, guard, validation
from etl.batches import BatchMeta, find_batch_by_sha, insert_batch
from etl.formats.base import Context, ImportFormat
from etl.formats.catalog import FORMATS
from etl.layout import Table, cutoff_periods, find_period, find_tables
from etl.problems import Problem, Rejected, cap, show_value
from etl.registry import Registry
from etl.staging import Unresolved, header_problems, resolve_units, stage
from etl.xlsx import CellError, read_workbook

ROOT = Path(__file__).resolve().parent.parent
SQL = Path(__file__).resolve().parent / "sql"
PERIOD_WORDS = {"day": "ngày", "month": "tháng", "quarter": "quý", "year": "năm"}
KEYS = {
    "observations": ["index_code", "criterion_code", "unit_id", "period_type", "period_key"],
    "targets": ["criterion_code", "year", "scope", "unit_id"],
    "task_reports": ["task_id", "reported_on"],
}


@dataclass(frozen=True)
class Skipped:
    """A row left out of a load because its unit is not in the registry (or is ambiguous)."""

    sheet: str
    row: int
    unit_name: str | None
    unit_code: str | None
    reason: str


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
    skip_unknown: bool = False
    skipped: list[Skipped] = field(default_factory=list)  # rows left out by --skip-unknown
    used: list[tuple[str, str]] = field(default_factory=list)  # (sheet, what it was read as)
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (sheet, why it was not used)
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


def _labels(fmt: ImportFormat, names: list[str], formula) -> str:
    labels = {f.name: f.label for f in fmt.field_list(formula)}
    return ", ".join(f"'{labels.get(n, n)}'" for n in names)


def _strong(t: Table, formula) -> bool:
    """Every required column of a format that requires some (not a loose match of a few headers)."""
    return not t.missing and any(f.required for f in FORMATS[t.kind].field_list(formula))


def _sheet_table(sheet, formats: list, registry: Registry, formula) -> Table | None:
    """The table a sheet holds (the best-matching header); a sheet without a unit column whose rows are all
    one unit's (the tracker's province sheet) gets that unit."""
    found = find_tables(sheet, formats, formula)
    for t in found.values():
        if t.missing == ["unit"]:
            name, why = FORMATS[t.kind].whole_table_unit(t, registry)
            if name:
                t.fixed_unit, t.missing, t.score = name, [], (t.score[0] + 2, 0, *t.score[2:])
            else:
                t.why_not = why
    if not found:
        return None
    best = max(found.values(), key=lambda t: t.score)
    unclear = [t for t in found.values() if t.why_not]
    # An indicator sheet that does not say whose it is: reported as such, not as a loose match of another format.
    return unclear[0] if unclear and not _strong(best, formula) else best


def _choose_tables(prepared: Prepared, sheets: list, found: dict, registry: Registry, formula) -> list[Table]:
    """Each sheet is detected on its own; the tables of the file's format (and of the formats it combines
    with) are used, every other sheet is named in `prepared.ignored` with the reason."""
    several = len(sheets) > 1
    tables = []
    for sheet in sheets:
        t = found.get(sheet.name)
        if t is None:
            if several:
                prepared.ignored.append((sheet.name, "không có bảng số liệu có dòng tiêu đề nhận ra được"))
        elif not sheet.visible:
            prepared.warnings.append(
                f"Trang ẩn '{sheet.name}' có bảng số liệu nhưng không được nạp; hãy bỏ ẩn trang nếu muốn nạp."
            )
            prepared.ignored.append((sheet.name, "trang đang bị ẩn"))
        else:
            tables.append(t)
    if not tables:
        prepared.problems.append(
            Problem(
                message=(
                    "Không tìm thấy bảng số liệu nào có dòng tiêu đề nhận ra được. Hãy dùng tệp mẫu "
                    "(python -m etl template hoặc nút Tải tệp mẫu) hoặc đặt tiêu đề cột như tệp mẫu."
                )
            )
        )
        return []
    complete = [t for t in tables if not t.missing]
    pool = complete or tables
    for t in tables:
        if t not in pool:
            fmt = FORMATS[t.kind]
            reason = t.why_not or f"thiếu cột {_labels(fmt, t.missing, formula)}"
            prepared.ignored.append((t.sheet.name, f"bảng giống mẫu '{fmt.title}' nhưng {reason}"))
    best = max(pool, key=lambda t: (_strong(t, formula), t.score))
    fmt = FORMATS[best.kind]
    chosen, conflicts = [best], []
    for t in pool:
        if t is best:
            continue
        if t.kind == best.kind:
            # Another sheet is loaded with a header about as wide as the best one (not a sheet naming a few columns).
            if len(t.columns) >= 0.75 * len(best.columns):
                chosen.append(t)
            else:
                prepared.warnings.append(
                    f"Trang '{t.sheet.name}' có bảng ít cột hơn trang '{best.sheet.name}' nên không được nạp."
                )
                prepared.ignored.append((t.sheet.name, f"bảng ít cột hơn trang '{best.sheet.name}'"))
        elif t.kind in fmt.combines_with and not t.missing:
            chosen.append(t)
        elif t.missing or len(t.columns) < 3:
            prepared.ignored.append((t.sheet.name, f"bảng chỉ có vài cột của mẫu '{FORMATS[t.kind].title}'"))
        elif _strong(best, formula) and not _strong(t, formula):
            # A summary sheet whose few headers also fit a loose format (tasks, yearly results) beside a
            # full table of the file's format: not a second kind of data (the province tracker's summary).
            prepared.ignored.append(
                (
                    t.sheet.name,
                    (
                        f"bảng giống mẫu '{FORMATS[t.kind].title}' nhưng tệp là '{fmt.title}' "
                        f"(trang '{best.sheet.name}'); "
                        "nếu cần nạp trang này, hãy tách thành tệp riêng"
                    ),
                )
            )
        else:
            conflicts.append(t)
    if conflicts:
        names = "; ".join(f"trang '{t.sheet.name}': '{FORMATS[t.kind].title}'" for t in [best, *conflicts])
        prepared.problems.append(
            Problem(
                message=(
                    f"Tệp có nhiều loại số liệu ({names}). Mỗi tệp chỉ chứa một loại: hãy tách thành nhiều tệp "
                    "hoặc chọn loại dữ liệu khi nạp (--format)."
                )
            )
        )
        return []
    order = {s.name: i for i, s in enumerate(sheets)}
    return sorted(chosen, key=lambda t: (t is not best, order[t.sheet.name]))


def _find_period(tables: list[Table], sheets: list) -> tuple[Period | None, list[Period]]:
    """The period the file states: in the titles above its tables, else in their sheet names, else as a
    cut-off date anywhere near the top of a sheet (a summary sheet's "Ngày báo cáo: 2026-09-17")."""
    found, candidates = find_period([text for t in tables for text in t.title_texts])
    if found is None and not candidates:
        found, candidates = find_period([t.sheet.name for t in tables])
    if found is None and not candidates:
        candidates = list(dict.fromkeys(p for s in sheets if s.visible for p in cutoff_periods(s)))
        found = candidates[0] if len(candidates) == 1 else None
    return found, candidates


def _period(
    prepared: Prepared, fmts: list[ImportFormat], tables: list[Table], stated: Period | None, today: date, sheets: list
) -> Period | None:
    found, candidates = _find_period(tables, sheets)
    if stated and found and stated != found:
        prepared.problems.append(
            Problem(
                message=(
                    f"Kỳ ghi trong tệp ({found.label}) khác kỳ đã chọn ({stated.label}). Hãy sửa tệp hoặc kỳ đã chọn."
                )
            )
        )
        return None
    period = stated or found
    if period is None and len(candidates) > 1:
        shown = ", ".join(p.label for p in candidates)
        prepared.problems.append(
            Problem(message=(f"Tệp ghi nhiều kỳ khác nhau ({shown}); hãy chọn kỳ của số liệu (--period)."))
        )
        return None
    if period is None:
        if any(f.needs_period for f in fmts):
            prepared.problems.append(
                Problem(
                    message=(
                        "Không tìm thấy kỳ báo cáo trong tệp (ví dụ 'THÁNG 9/2026' ở dòng tiêu đề). "
                        "Hãy ghi kỳ vào tệp hoặc chọn kỳ khi nạp (--period)."
                    )
                )
            )
        return None
    for fmt in fmts:
        if period.type not in fmt.period_types:
            allowed = " hoặc ".join(PERIOD_WORDS[t] for t in fmt.period_types)
            prepared.problems.append(
                Problem(message=(f"Loại dữ liệu '{fmt.title}' cần kỳ theo {allowed}, không phải {period.label}."))
            )
        elif period.start > today and not fmt.future_periods:
            prepared.problems.append(
                Problem(
                    message=(
                        f"Kỳ {period.label} chưa bắt đầu (hôm nay là {today:%d/%m/%Y}); "
                        "không nạp số liệu của kỳ tương lai."
                    )
                )
            )
            break
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


def _units(
    prepared: Prepared, raw: pd.DataFrame, by_sheet: dict, fmt: ImportFormat, registry: Registry, skip_unknown: bool
) -> tuple[pd.DataFrame, pd.Series]:
    """Resolve units (footers dropped; with skip_unknown, the rows of unknown units left out and listed)."""
    res = resolve_units(raw, by_sheet, fmt, registry, prepared.period)
    if "unit" in fmt.key_fields:  # footers, signatures: text under the table, no unit and no code
        code = raw["unit_code"] if "unit_code" in raw else pd.Series(None, index=raw.index, dtype=object)
        footer = raw["_soft"].astype(bool) & res.unit_ids.isna() & code.isna()
        if footer.any():
            raw = raw[~footer].reset_index(drop=True)
            res = resolve_units(raw, by_sheet, fmt, registry, prepared.period)
    if skip_unknown and res.skippable:
        drop = list(res.skippable)
        for pos in drop:
            code = raw.at[pos, "unit_code"] if "unit_code" in raw else None
            prepared.skipped.append(
                Skipped(
                    raw.at[pos, "_sheet"],
                    int(raw.at[pos, "_row"]),
                    show_value(raw.at[pos, "unit"]) or None,
                    normalise_code(code),
                    res.skippable[pos],
                )
            )
        keep = ~raw.index.isin(drop)
        return raw[keep].reset_index(drop=True), res.unit_ids[keep].reset_index(drop=True)
    prepared.problems += res.problems
    prepared.unresolved += res.unresolved
    return raw, res.unit_ids


def _suspect_rows(raw: pd.DataFrame, fields) -> pd.Series:
    """Rows holding a cell the raw checks could refuse; every other row passes them by construction (a
    float where a number belongs, text where text belongs), so only these go through the element checks."""
    mask = pd.Series(False, index=raw.index)
    for f in fields:
        if f.name not in raw:
            continue
        column = raw[f.name]
        kinds = column.map(type)
        if f.type in ("number", "count"):
            ok = kinds.eq(float) | column.isna()
        elif f.type == "date":
            ok = column.isna()
        else:
            ok = ~kinds.eq(CellError)
        if f.required:
            ok &= column.notna()
        mask |= ~ok
    return mask


def _load_part(
    prepared: Prepared, fmt: ImportFormat, tables: list[Table], registry: Registry, ctx: Context, skip_unknown: bool
) -> pd.DataFrame | None:
    """Stage, resolve, validate and build the rows of the tables of one format."""
    fields = fmt.field_list(ctx.formula)
    by_sheet = {t.sheet.name: t for t in tables}
    frames = []
    for t in tables:
        problems, warnings = header_problems(t, fmt, fields)
        frame, stage_problems, stage_warnings = stage(t, fmt, fields)
        prepared.problems += problems + stage_problems
        prepared.warnings += warnings + stage_warnings
        frames.append(frame)
    raw = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    unit_ids = None
    if "unit" in raw and fmt.unit_kinds:
        raw, unit_ids = _units(prepared, raw, by_sheet, fmt, registry, skip_unknown)
    if raw.empty:
        if not prepared.problems:
            message = (
                "Mọi dòng đều thuộc đơn vị chưa có trong danh mục; không còn dòng nào để nạp."
                if prepared.skipped
                else "Bảng không có dòng số liệu nào."
            )
            prepared.problems.append(Problem(message=message))
        return None
    suspect = _suspect_rows(raw, fields)
    prepared.problems += validation.run(validation.raw_schema(fields), raw[suspect], by_sheet)
    frame = validation.typed(raw, fields).assign(_sheet=raw["_sheet"], _row=raw["_row"], unit_id=unit_ids)
    for f in fields:  # a missing column (already reported) reads as empty, so the rules can name every field
        if f.name not in frame:
            frame[f.name] = float("nan") if f.type in ("number", "count") else None
    frame = fmt.prepare(frame, ctx)
    prepared.problems += validation.run(fmt.schema(ctx), frame, by_sheet)
    if prepared.problems:
        return None
    rows = fmt.build(frame, ctx)
    prepared.warnings += ctx.warnings
    return rows


def prepare(
    name: str,
    data: bytes,
    registry: Registry,
    *,
    period: Period | None = None,
    kind: str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    today: date | None = None,
    skip_unknown: bool = False,
    size: int | None = None,
) -> Prepared:
    """Everything about a file short of loading it: problems, warnings, rows, preview.

    With `skip_unknown`, rows naming units the registry cannot place are left out (listed in
    `Prepared.skipped`) instead of refusing the file."""
    today = today or date.today()
    prepared = Prepared(name=name, sha256=hashlib.sha256(data).hexdigest(), data=data, skip_unknown=skip_unknown)
    if con is not None:
        prepared.already_loaded = find_batch_by_sha(con, prepared.sha256)
        if prepared.already_loaded:
            return prepared
    try:
        sheets = read_workbook(name, data, guard.inspect(name, data, size))
    except Rejected as exc:
        prepared.problems.append(exc.problem)
        return prepared
    formats = [FORMATS[kind]] if kind else list(FORMATS.values())
    formula = formula_for(period.end if period else today)
    if period is None and len(load_formulas()) > 1:  # the file's own period decides which columns are required
        draft = Prepared(name=name, sha256=prepared.sha256, data=b"")
        found = {s.name: t for s in sheets if (t := _sheet_table(s, formats, registry, formula))}
        guess = _find_period(_choose_tables(draft, sheets, found, registry, formula), sheets)[0]
        formula = formula_for(guess.end) if guess else formula
    found = {s.name: t for s in sheets if (t := _sheet_table(s, formats, registry, formula))}
    tables = _choose_tables(prepared, sheets, found, registry, formula)
    if not tables:
        return prepared
    kinds = list(dict.fromkeys(t.kind for t in tables))
    fmts = [FORMATS[k] for k in kinds]
    fmt = fmts[0]
    prepared.kind, prepared.sheets = fmt.kind, [t.sheet.name for t in tables]
    prepared.used = [(t.sheet.name, FORMATS[t.kind].title) for t in tables]
    prepared.period = _period(prepared, fmts, tables, period, today, sheets)
    ctx_formula = formula_for(prepared.period.end if prepared.period else today)
    for t in tables:  # required columns are those of the formula of the file's period
        required = [f.name for f in FORMATS[t.kind].field_list(ctx_formula) if f.required]
        t.missing = [n for n in required if n not in t.columns and not (n == "unit" and t.fixed_unit)]
    titles = [text for t in tables for text in t.title_texts]
    parts = []
    for k, part_fmt in zip(kinds, fmts):
        ctx = Context(registry, prepared.period, today, titles)
        rows = _load_part(prepared, part_fmt, [t for t in tables if t.kind == k], registry, ctx, skip_unknown)
        if rows is not None:
            parts.append(rows)
    prepared.problems = cap(sorted(set(prepared.problems)))  # a flood of errors stays one readable report
    if prepared.ok and parts:
        prepared.rows = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        prepared.period = _batch_period(fmt, prepared.period, prepared.rows)
        if con is not None:
            prepared.preview = preview(con, prepared)
    return prepared


def find_conflicts(files: list[Prepared]) -> None:
    """Two files of one load that give different values for the same key: both are refused."""
    accepted = [p for p in files if p.ok and p.rows is not None]
    for i, a in enumerate(accepted):
        for b in accepted[i + 1 :]:
            if a.format.target != b.format.target:
                continue
            keys = KEYS[a.format.target]
            both = a.rows.merge(b.rows, on=keys, suffixes=("_a", "_b"))
            value = "value" if "value_a" in both else "status"
            differ = both[both[f"{value}_a"].astype(str) != both[f"{value}_b"].astype(str)]
            if len(differ):
                for p, other in ((a, b), (b, a)):
                    p.problems.append(
                        Problem(
                            message=(
                                f"Tệp '{p.name}' và tệp '{other.name}' cùng có {len(differ)} số liệu cho cùng đơn vị, "
                                "tiêu chí và kỳ nhưng giá trị khác nhau. Hãy chỉ nạp một tệp."
                            )
                        )
                    )


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
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # uploads are other units' files: their owner (the service account) only
    ext = Path(prepared.name).suffix.lower() if Path(prepared.name).suffix.lower() in (".xlsx", ".xlsm") else ".xlsx"
    path = folder / f"{prepared.sha256}{ext}"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(prepared.data)
        os.replace(tmp, path)
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(resolved)


def _note(p: Prepared) -> str:
    note = f"{p.format.title}; trang: {', '.join(p.sheets)}"
    if p.skipped:
        note += f"; bỏ qua {len(p.skipped)} dòng của đơn vị chưa có trong danh mục"
    return note


def skipped_rows(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    """The rows a batch left out (--skip-unknown): sheet, row, unit name and code, reason."""
    return con.execute(_sql("skipped_rows"), [batch_id]).df()


_COMMIT = threading.Lock()  # two sessions of one server: the "already loaded?" check and the insert are one step


def commit(con: duckdb.DuckDBPyConnection, files: list[Prepared], user: str) -> dict[str, int]:
    """Load every accepted file in one transaction; file name → batch id (an existing one if already loaded).

    Another process cannot write meanwhile (DuckDB's file lock); another thread of this process could
    (connections share the database), so commits of one process are serialised.
    """
    with _COMMIT:
        return _commit(con, files, user)


def _commit(con: duckdb.DuckDBPyConnection, files: list[Prepared], user: str) -> dict[str, int]:
    if any(not p.ok for p in files):
        raise ValueError("commit() needs files without problems")
    result, todo = {}, []
    for p in files:
        existing = find_batch_by_sha(con, p.sha256)
        if existing:
            result[p.name] = existing
        elif p.rows is not None and p.sha256 not in {t.sha256 for t in todo}:  # the same file twice in one load
            todo.append(p)
    metas = [
        BatchMeta(
            format=p.kind,
            loaded_by=user,
            file_name=p.name,
            sha256=p.sha256,
            archive_path=archive(p),
            period_type=p.period.type if p.period else None,
            period_key=p.period.key if p.period else None,
            source_label=f"Tệp tải lên: {p.name}",
            note=_note(p),
        )
        for p in todo
    ]
    with db.transaction(con):
        for p, meta in zip(todo, metas):
            result[p.name] = insert_batch(con, meta, transaction=False, **{p.format.target: p.rows})
            if p.skipped:
                con.executemany(
                    _sql("insert_skipped_row"),
                    [[result[p.name], s.sheet, s.row, s.unit_name, s.unit_code, s.reason] for s in p.skipped],
                )
    return result


def check_files(
    files: list[tuple[str, bytes]],
    *,
    period: Period | None = None,
    kind: str | None = None,
    path=None,
    today: date | None = None,
    on_progress=None,
    skip_unknown: bool = False,
) -> list[Prepared]:
    """Prepare several files against the warehouse (one short read-only connection); refuse conflicts."""
    prepared = []
    with db.connect(path, read_only=True) as con:
        registry = Registry.load(con)
        for i, (name, data, *size) in enumerate(files):  # (name, bytes[, real size when only the head was read])
            prepared.append(
                prepare(
                    name,
                    data,
                    registry,
                    period=period,
                    kind=kind,
                    con=con,
                    today=today,
                    skip_unknown=skip_unknown,
                    size=size[0] if size else None,
                )
            )
            if on_progress:
                on_progress(i + 1, len(files), name)
    find_conflicts(prepared)
    return prepared


def load_checked(files: list[Prepared], user: str, path=None, wait_seconds: float = 10.0) -> dict[str, int]:
    """Commit files that passed `check_files` (one short write connection)."""
    with db.connect(path, wait_seconds=wait_seconds) as con:
        return commit(con, files, user)
