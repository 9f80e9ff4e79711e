"""Load the reference data shipped in `data/reference/` into the warehouse.

Idempotent: units, criteria, indices and tasks are replaced by the shipped
version on every `etl init`; aliases learned from users are kept; the catalogue
targets are loaded once as an ordinary batch (format "targets"), so a later
target upload supersedes them and undo brings them back.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from core.db import transaction
from core.formula import load_formulas
from core.names import clean_text, name_key, split_name

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "data" / "reference"
REFERENCE_USER = "hệ thống"

INDICES = [
    ("SVC766", "Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)", "realtime", 100.0),
    ("PAR", "Chỉ số cải cách hành chính (PAR Index)", "yearly", 100.0),
    ("SIPAS", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)", "yearly", 100.0),
    ("PAPI", "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)", "yearly", 80.0),
    ("TTHC", "Báo cáo tiếp nhận, giải quyết hồ sơ TTHC", "monthly", None),
]

# Figures of the monthly TTHC report (import format 3), stored as observations.
TTHC_ITEMS = [
    ("TTHC.RECEIVED_CARRIED", "Số hồ sơ kỳ trước chuyển qua"),
    ("TTHC.RECEIVED_ONLINE", "Số hồ sơ mới tiếp nhận trực tuyến"),
    ("TTHC.RECEIVED_DIRECT", "Số hồ sơ mới tiếp nhận trực tiếp, qua bưu chính"),
    ("TTHC.RESOLVED_EARLY", "Số hồ sơ đã giải quyết trước hạn"),
    ("TTHC.RESOLVED_ON_TIME", "Số hồ sơ đã giải quyết đúng hạn"),
    ("TTHC.RESOLVED_LATE", "Số hồ sơ đã giải quyết quá hạn"),
    ("TTHC.PENDING_WITHIN", "Số hồ sơ đang giải quyết trong hạn"),
    ("TTHC.PENDING_OVERDUE", "Số hồ sơ đang giải quyết quá hạn"),
    ("TTHC.APOLOGIES", "Số hồ sơ quá hạn đã xin lỗi"),
]

COMPARATOR_OF_DIRECTION = {
    "at_least": "at_least",
    "higher_better": "at_least",
    "reach_100": "reach_100",
    "lower_better": "at_most",
}
_SCOPE_OF_CODE = {"SVC766.SCORE.SO": "department", "SVC766.SCORE.XA": "commune"}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / name, dtype=str, keep_default_na=False)


def _nullable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.replace({"": None})


def load_units(con: duckdb.DuckDBPyConnection) -> None:
    units = _nullable(_read("units.csv"))
    con.register("ref_units", units)
    # Units an admin added (python -m etl unit add) stay, unless the reference now ships them.
    con.execute(
        "DELETE FROM units WHERE coalesce(source, 'reference') <> 'admin' OR unit_id IN (SELECT unit_id FROM ref_units)"
    )
    con.execute("""
        INSERT INTO units (unit_id, kind, subkind, name, short_name, gso_code, portal_code, valid_from, valid_to,
                           source)
        SELECT unit_id, kind, subkind, name, short_name, gso_code, portal_code,
               CAST(valid_from AS DATE), CAST(valid_to AS DATE), 'reference'
        FROM ref_units""")
    con.unregister("ref_units")

    aliases = _read("unit_aliases.csv")
    names = units[["unit_id", "name"]].rename(columns={"name": "alias"}).assign(source="reference")
    aliases = pd.concat([aliases, names], ignore_index=True)
    aliases["alias"] = aliases["alias"].map(clean_text)
    aliases["alias_key"] = aliases["alias"].map(name_key)
    aliases = aliases.drop_duplicates(subset=["alias_key", "unit_id"])
    # Keep what users taught; replace what the reference ships.
    con.execute("DELETE FROM unit_aliases WHERE source <> 'user'")
    con.register("ref_aliases", aliases)
    con.execute("""
        INSERT INTO unit_aliases (alias, alias_key, unit_id, source)
        SELECT alias, alias_key, unit_id, source FROM ref_aliases a
        WHERE NOT EXISTS (SELECT 1 FROM unit_aliases u
                          WHERE u.alias_key = a.alias_key AND u.unit_id = a.unit_id)""")
    con.unregister("ref_aliases")


def _criterion_versions() -> pd.DataFrame:
    """Every formula version's row per 766 group and indicator (a later version may change points or names)."""
    rows = []
    for formula in load_formulas():
        for group in formula.groups:
            rows.append(
                {
                    "code": group.criterion_code,
                    "formula_version": formula.version,
                    "valid_from": formula.valid_from,
                    "parent_code": "SVC766",
                    "level": 1,
                    "name_vi": group.name,
                    "max_points": float(group.max_points),
                }
            )
        for ind in formula.indicators:
            rows.append(
                {
                    "code": ind.criterion_code,
                    "formula_version": formula.version,
                    "valid_from": formula.valid_from,
                    "parent_code": formula.group(ind.group).criterion_code,
                    "level": 2,
                    "name_vi": ind.name,
                    "max_points": float(ind.max_points),
                }
            )
    return pd.DataFrame(rows)


def _criteria_frame() -> pd.DataFrame:
    cat = _read("criteria.csv")
    rows = pd.DataFrame(
        {
            "code": cat.code,
            "index_code": cat.index_code,
            "parent_code": cat.parent_code,
            "level": cat.level.astype(int),
            "name_vi": cat.name_vi.map(clean_text),
            "unit": cat.unit,
            "direction": cat.direction,
            "max_points": pd.to_numeric(cat.max_points, errors="coerce"),
            "xhh_survey": cat.xhh_survey.eq("yes"),
            "lead_agency": cat.lead_agency_vi,
            "formula_version": "",
            "sort_order": range(len(cat)),
        }
    )
    extra = []
    order = len(rows)
    for formula in reversed(load_formulas()):  # newest first: `criteria` keeps the version in force last
        for group in formula.groups:
            order += 1
            extra.append(
                {
                    "code": group.criterion_code,
                    "index_code": "SVC766",
                    "parent_code": "SVC766",
                    "level": 1,
                    "name_vi": group.name,
                    "unit": "points",
                    "direction": "higher_better",
                    "max_points": group.max_points,
                    "xhh_survey": False,
                    "lead_agency": "",
                    "formula_version": formula.version,
                    "sort_order": order,
                }
            )
        for ind in formula.indicators:
            order += 1
            extra.append(
                {
                    "code": ind.criterion_code,
                    "index_code": "SVC766",
                    "parent_code": formula.group(ind.group).criterion_code,
                    "level": 2,
                    "name_vi": ind.name,
                    "unit": "percent",
                    "direction": "higher_better",
                    "max_points": ind.max_points,
                    "xhh_survey": False,
                    "lead_agency": "",
                    "formula_version": formula.version,
                    "sort_order": order,
                }
            )
    for code, name in TTHC_ITEMS:
        order += 1
        extra.append(
            {
                "code": code,
                "index_code": "TTHC",
                "parent_code": "",
                "level": 1,
                "name_vi": name,
                "unit": "count",
                "direction": "",
                "max_points": None,
                "xhh_survey": False,
                "lead_agency": "",
                "formula_version": "",
                "sort_order": order,
            }
        )
    rows = pd.concat([rows, pd.DataFrame(extra)], ignore_index=True)
    return _nullable(rows.drop_duplicates(subset=["code"], keep="first"))


def load_criteria(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM indices")
    con.executemany("INSERT INTO indices VALUES (?, ?, ?, ?)", INDICES)
    con.execute("DELETE FROM criteria")
    con.register("ref_criteria", _criteria_frame())
    con.execute("""
        INSERT INTO criteria (code, index_code, parent_code, level, name_vi, unit, direction,
                              max_points, xhh_survey, lead_agency, formula_version, sort_order)
        SELECT code, index_code, parent_code, level, name_vi, unit, direction,
               max_points, xhh_survey, lead_agency, formula_version, sort_order FROM ref_criteria""")
    con.unregister("ref_criteria")
    con.execute("DELETE FROM criterion_versions")
    con.register("ref_versions", _criterion_versions())
    con.execute(
        "INSERT INTO criterion_versions (code, formula_version, valid_from, parent_code, level, name_vi,"
        " max_points) SELECT code, formula_version, valid_from, parent_code, level, name_vi, max_points"
        " FROM ref_versions"
    )
    con.unregister("ref_versions")


def reference_targets() -> pd.DataFrame:
    """The 2025 and 2026 targets of the catalogue and the relative ones, one row per criterion, year and scope."""
    cat = _read("criteria.csv")
    rows = []
    for r in cat.itertuples():
        comparator = COMPARATOR_OF_DIRECTION.get(r.direction)
        for year, raw in ((2025, r.target_2025), (2026, r.target_2026)):
            if not raw or comparator is None:
                continue
            rows.append(
                {
                    "criterion_code": r.code,
                    "year": year,
                    "scope": _SCOPE_OF_CODE.get(r.code, "province"),
                    "unit_id": None,
                    "comparator": comparator,
                    "value": float(raw),
                    "relative_base_year": None,
                    "relative_mode": None,
                    "text_vi": clean_text(r.target_text_vi) or None,
                }
            )
    # Targets relative to a base year ("+3 % over 2024") are written out in their own file.
    relative = _nullable(_read("targets_relative.csv")).astype({"year": int, "value": float, "relative_base_year": int})
    return pd.concat([pd.DataFrame(rows), relative], ignore_index=True)


def load_reference_targets(con: duckdb.DuckDBPyConnection) -> int | None:
    """Load the catalogue targets as a batch, once per content version."""
    targets = reference_targets()
    digest = hashlib.sha256(targets.to_csv(index=False).encode()).hexdigest()
    seen = con.execute("SELECT batch_id FROM batches WHERE sha256 = ? AND format = 'targets'", [digest]).fetchone()
    if seen:
        return None
    batch_id = con.execute(
        """
        INSERT INTO batches (format, file_name, sha256, source_label, loaded_by, row_count, note)
        VALUES ('targets', 'data/reference/criteria.csv', ?, 'Kế hoạch của UBND tỉnh (danh mục tiêu chí)',
                ?, ?, 'Chỉ tiêu năm 2025, 2026 trong danh mục tiêu chí') RETURNING batch_id""",
        [digest, REFERENCE_USER, len(targets)],
    ).fetchone()[0]
    con.register("ref_targets", targets.assign(batch_id=batch_id))
    con.execute("""
        INSERT INTO targets (batch_id, criterion_code, year, scope, unit_id, comparator, value,
                             relative_base_year, relative_mode, text_vi)
        SELECT batch_id, criterion_code, year, scope, unit_id, comparator, value,
               relative_base_year, relative_mode, text_vi FROM ref_targets""")
    con.unregister("ref_targets")
    from etl import audit  # every load is in the audit log, the reference targets too

    audit.record(
        con,
        REFERENCE_USER,
        "load",
        f"lô {batch_id}",
        None,
        {"format": "targets", "file_name": "data/reference/criteria.csv", "row_count": len(targets)},
    )
    return batch_id


def _deadline(text: str) -> date | None:
    match = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text or "")
    if match:
        return date(int(match[3]), int(match[2]), int(match[1]))
    match = re.search(r"năm (\d{4})", text or "", re.I)
    return date(int(match[1]), 12, 31) if match else None


def load_tasks(con: duckdb.DuckDBPyConnection) -> None:
    """Tasks of the plan appendix (seed 001): one per criterion with a lead agency."""
    cat = _read("criteria.csv")
    aliases = con.execute("SELECT alias_key, unit_id FROM unit_aliases").fetchall()
    unit_of_key = {}
    for key, unit_id in aliases:
        unit_of_key.setdefault(key, unit_id)
    rows = []
    for r in cat.itertuples():
        # Level 0 is a whole index's goal, not a task of the appendix.
        if not r.lead_agency_vi or "001" not in r.source_seed or r.level == "0":
            continue
        parts = [p.strip() for p in re.split(r"[;,]", r.lead_agency_vi)]
        parts += [q for p in parts for q in re.split(r"\s+và\s+", p)]
        lead_unit = next((unit_of_key[k] for k in (split_name(p)[1] for p in parts) if k in unit_of_key), None)
        rows.append(
            {
                "task_id": r.code,
                "criterion_code": r.code,
                "title": clean_text(r.name_vi),
                "content": clean_text(r.target_text_vi) or None,
                "lead_unit_id": lead_unit,
                "lead_text": clean_text(r.lead_agency_vi),
                "executing_text": clean_text(r.executing_vi) or None,
                "deadline_text": clean_text(r.deadline_vi) or None,
                "deadline": _deadline(r.deadline_vi),
                "source": "Phụ lục Kế hoạch tháng 9/2025 (seed 001)",
            }
        )
    con.execute("DELETE FROM tasks")
    con.register("ref_tasks", pd.DataFrame(rows))
    con.execute(
        "INSERT INTO tasks SELECT task_id, criterion_code, title, content, lead_unit_id, lead_text,"
        " executing_text, deadline_text, deadline, source FROM ref_tasks"
    )
    con.unregister("ref_tasks")


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    with transaction(con):
        load_units(con)
        load_criteria(con)
        load_tasks(con)
        load_reference_targets(con)
