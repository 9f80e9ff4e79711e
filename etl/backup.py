"""Backups of the whole warehouse (data, users, aliases, history, audit log, secrets) and restores (docs/064).

A backup is a byte copy of the DuckDB file taken while holding a read-only connection:
DuckDB lets no process write while another holds the file open, so the copy is
consistent (a load running at that moment finishes first, or waits). The copy is then
opened and checked. A restore checks the file, keeps the current warehouse beside it
(`<warehouse>.truoc-khoi-phuc-<time>`), swaps the file atomically and writes the restore
into the audit log of the restored warehouse.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import duckdb

from etl import audit, db

PREFIX = "cchc-sao-luu-"


class BackupError(ValueError):
    """A backup or restore that cannot be done (message in Vietnamese)."""


def _stamp() -> str:
    return datetime.now(audit.VN_TZ).strftime("%Y%m%d-%H%M%S")


def check_file(path: Path) -> dict:
    """Open a warehouse file read-only and say what it holds; BackupError when it is not one."""
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp '{path}'.")
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            version = db.schema_version(con)
            if version == 0:
                raise BackupError(f"Tệp '{path}' không phải kho dữ liệu CCHC (không có phiên bản lược đồ).")
            counts = {
                t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 (fixed names)
                for t in ("batches", "users", "unit_aliases", "observations")
            }
            counts["audit_log"] = con.execute("SELECT count(*) FROM audit_log").fetchone()[0] if version >= 5 else 0
    except duckdb.Error as exc:
        raise BackupError(f"Tệp '{path}' không đọc được như kho DuckDB: {exc}") from exc
    return {"schema_version": version, **counts}


def backup(folder: Path | str | None = None, path: Path | str | None = None) -> tuple[Path, dict]:
    """Write a consistent copy of the warehouse into `folder` (default data/backups); return it and its counts."""
    source = Path(path or db.warehouse_path())
    if not source.exists():
        raise db.WarehouseMissing(str(source))
    target_dir = Path(folder) if folder else source.parent / "backups"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{PREFIX}{_stamp()}.duckdb"
    partial = target.with_suffix(".part")
    with db.connect(source, read_only=True, wait_seconds=120):
        # Holding the file read-only: no writer in any process until the copy is done.
        shutil.copyfile(source, partial)
        wal = source.with_name(source.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, partial.with_name(partial.name + ".wal"))
    os.chmod(partial, 0o600)  # it holds password hashes and the signing key
    try:
        counts = check_file(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    part_wal = partial.with_name(partial.name + ".wal")
    if part_wal.exists():
        os.replace(part_wal, target.with_name(target.name + ".wal"))
    return target, counts


def restore(file: Path | str, actor: str, path: Path | str | None = None) -> tuple[Path | None, dict]:
    """Replace the warehouse by a backup; return where the previous warehouse was kept and the counts."""
    file = Path(file)
    counts = check_file(file)
    current = Path(path or db.warehouse_path())
    kept = None
    staged = current.with_name(current.name + ".khoi-phuc.part")
    shutil.copyfile(file, staged)
    wal = file.with_name(file.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, staged.with_name(staged.name + ".wal"))
    if current.exists():
        kept = current.with_name(f"{current.name}.truoc-khoi-phuc-{_stamp()}")
        # An exclusive connection first: no one else is using the warehouse while it is swapped.
        with db.connect(current, wait_seconds=120) as con:
            con.execute("CHECKPOINT")
            shutil.copyfile(current, kept)
        os.chmod(kept, 0o600)
    current_wal = current.with_name(current.name + ".wal")
    current_wal.unlink(missing_ok=True)
    os.replace(staged, current)
    staged_wal = staged.with_name(staged.name + ".wal")
    if staged_wal.exists():
        os.replace(staged_wal, current_wal)
    with db.connect(current) as con:
        db.migrate(con)  # a backup from an older version is brought up to date
        audit.record(
            con,
            actor,
            "restore",
            f"kho {current.name}",
            None,
            {"from_file": str(file), "previous_kept_as": str(kept) if kept else None, **counts},
        )
    return kept, counts
