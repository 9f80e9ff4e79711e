"""Units the portal starts to score: an admin adds them (code, name, kind, valid from).

The portal's list drifts (119 units on 17/09/2026, 116 on 05/10; new codes appear). An added
unit is an ordinary registry row with `source = 'admin'`, who added it and when; `etl init`
keeps it unless the shipped reference later lists the same code (docs/045).
"""

from __future__ import annotations

from datetime import date

import duckdb

from core.names import clean_text, name_key, normalise_code, split_name
from etl import db

KINDS = {"department": "sở, ban, ngành", "commune": "xã, phường"}
_CODE_SHAPE = r"^H[0-9]{2}(\.[0-9A-Z]+)+$"


class UnitRefused(ValueError):
    """A unit that cannot be added (the message is Vietnamese, for the user)."""


def _subkind(kind: str, name: str) -> str:
    if kind == "department":
        return "so"
    hint = split_name(name)[0]
    return hint or "xa"


def add_unit(con: duckdb.DuckDBPyConnection, code: str, name: str, kind: str, valid_from: date, user: str) -> str:
    """Add a unit (its id is its portal code); return the id. Refused: a malformed or known code,
    a name another unit of the same kind already has, an unknown kind."""
    unit_id = normalise_code(code)
    name = clean_text(name or "")
    if kind not in KINDS:
        raise UnitRefused(
            f"Loại đơn vị '{kind}' không hợp lệ; chọn department (sở, ban, ngành) hoặc commune (xã, phường)."
        )
    if not unit_id or not con.execute("SELECT regexp_full_match(?, ?)", [unit_id, _CODE_SHAPE]).fetchone()[0]:
        raise UnitRefused(f"Mã đơn vị '{code}' không đúng dạng mã trên Cổng DVCQG (ví dụ H15.147).")
    if len(name) < 3 or len(name) > 200:
        raise UnitRefused("Tên đơn vị phải có từ 3 đến 200 ký tự.")
    known = con.execute(
        "SELECT name FROM units WHERE unit_id = ? OR upper(replace(portal_code, ' ', '')) = ?", [unit_id, unit_id]
    ).fetchone()
    if known:
        raise UnitRefused(f"Mã {unit_id} đã có trong danh mục: {known[0]}.")
    same = con.execute("SELECT unit_id, name FROM units WHERE kind = ?", [kind]).fetchall()
    key = name_key(name)
    clash = [f"{u} ({n})" for u, n in same if name_key(n) == key and split_name(n)[0] == split_name(name)[0]]
    if clash:
        raise UnitRefused(f"Tên '{name}' trùng với đơn vị đã có: {', '.join(clash)}.")
    # One row: the matcher reads names from `units` itself, so no alias is needed.
    con.execute(
        """INSERT INTO units (unit_id, kind, subkind, name, portal_code, valid_from, source,
                                      added_by, added_at)
                   VALUES (?, ?, ?, ?, ?, ?, 'admin', ?, current_timestamp)""",
        [unit_id, kind, _subkind(kind, name), name, unit_id, valid_from, user],
    )
    from etl import audit  # every change is in the audit log (docs/062)

    audit.record(
        con,
        user,
        "unit_add",
        f"đơn vị {unit_id}",
        None,
        {"unit_id": unit_id, "name": name, "kind": kind, "valid_from": valid_from},
    )
    return unit_id


def add_unit_at(path, code: str, name: str, kind: str, valid_from: date, user: str) -> str:
    with db.connect(path) as con:
        return add_unit(con, code, name, kind, valid_from, user)
