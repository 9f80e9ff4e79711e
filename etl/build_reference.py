"""Developer tool: rebuild `data/reference/` from the shared extracts and the GSO list.

Run once when the sources change (`python -m etl.build_reference ../shared`); the
app and `etl init` only ever read the CSV files this writes, never `../shared`.
Communes come from the PyPI package `vietnam-provinces` (province 66); their
portal codes are joined by name from the portal capture. A name that does not
match is an error unless `data/reference/alias_overrides.csv` (reviewed by a
person) says which unit it is.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pandas as pd

from core.names import clean_text, split_name

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "data" / "reference"
SAMPLES = ROOT / "data" / "samples" / "portal766"
PROVINCE_GSO = 66
HOME_PORTAL_CODE = "H15"
CAPTURE = "2026-10-10"


def communes() -> pd.DataFrame:
    from vietnam_provinces import Ward

    rows = []
    for ward in Ward.iter_all():
        if int(ward.province_code) != PROVINCE_GSO:
            continue
        rows.append(
            {
                "gso_code": f"{int(ward.code):05d}",
                "name": clean_text(ward.name),
                "subkind": "phuong" if ward.division_type.value == "phường" else "xa",
            }
        )
    return pd.DataFrame(rows).sort_values("gso_code").reset_index(drop=True)


def build(shared: Path) -> None:
    portal = pd.read_csv(shared / "reference" / "portal766" / f"units-{CAPTURE}.csv", dtype=str)
    overrides = pd.read_csv(REF / "alias_overrides.csv", dtype=str)
    overrides = overrides.fillna("")
    override_gso = {split_name(a)[1]: g for a, g in zip(overrides.alias, overrides.gso_code) if g}
    override_unit = {split_name(a)[1]: u for a, u in zip(overrides.alias, overrides.unit_id) if u}

    gso = communes()
    by_key = {split_name(n)[1]: code for n, code in zip(gso.name, gso.gso_code)}
    portal_communes = portal[portal.department_type == "COMMUNE_PEOPLE_COMMITTEE"]
    portal_of_gso, aliases = {}, []
    for name, code in zip(portal_communes.department_name, portal_communes.department_code):
        key = split_name(name)[1]
        gso_code = by_key.get(key) or override_gso.get(key)
        if gso_code is None:
            sys.exit(f"Commune name not in the GSO list and not reviewed: {name!r}")
        portal_of_gso[gso_code] = code
        aliases.append({"unit_id": code, "alias": clean_text(name), "source": "portal766"})

    units = [
        {
            "unit_id": HOME_PORTAL_CODE,
            "kind": "province",
            "subkind": "tinh",
            "name": "UBND tỉnh Đắk Lắk",
            "short_name": "Đắk Lắk",
            "gso_code": f"{PROVINCE_GSO}",
            "portal_code": HOME_PORTAL_CODE,
            "valid_from": "2025-07-01",
            "valid_to": "",
        }
    ]
    aliases += [
        {"unit_id": HOME_PORTAL_CODE, "alias": a, "source": "reference"}
        for a in ("Tỉnh Đắk Lắk", "Đắk Lắk", "UBND tỉnh Đắk Lắk")
    ]
    # The other 33 provinces, for the national ranking (portal codes and names).
    national = json.loads((shared / "reference" / "portal766" / f"provinces-{CAPTURE}.json").read_text("utf-8"))
    for prov in national["provinces"]:
        if prov["departmentCode"] == HOME_PORTAL_CODE:
            continue
        name = clean_text(prov["departmentName"])
        short = re.sub(r"^UBND\s+", "", name)
        short = short[:1].upper() + short[1:]
        units.append(
            {
                "unit_id": prov["departmentCode"],
                "kind": "province",
                "subkind": "peer",
                "name": name,
                "short_name": short,
                "gso_code": "",
                "portal_code": prov["departmentCode"],
                "valid_from": "2025-07-01",
                "valid_to": "",
            }
        )
    for row in gso.itertuples():
        code = portal_of_gso.get(row.gso_code, f"X{row.gso_code}")
        units.append(
            {
                "unit_id": code,
                "kind": "commune",
                "subkind": row.subkind,
                "name": row.name,
                "short_name": row.name,
                "gso_code": row.gso_code,
                "portal_code": portal_of_gso.get(row.gso_code, ""),
                "valid_from": "2025-07-01",
                "valid_to": "",
            }
        )

    departments = portal[portal.department_type == "PROVINCIAL_DEPARTMENT"]
    dept_key = {}
    for name, code in zip(departments.department_name, departments.department_code):
        canonical = clean_text(name.replace(" - Tỉnh Đắk Lắk", ""))
        units.append(
            {
                "unit_id": code,
                "kind": "department",
                "subkind": "so",
                "name": canonical,
                "short_name": canonical,
                "gso_code": "",
                "portal_code": code,
                "valid_from": "2025-07-01",
                "valid_to": "",
            }
        )
        aliases.append({"unit_id": code, "alias": clean_text(name), "source": "portal766"})
        dept_key[split_name(canonical)[1]] = code

    # Other bodies that lead tasks (seed 001) or are named in the plans: kind "agency".
    agencies = pd.read_csv(shared / "reference" / "agencies.csv", dtype=str).fillna("")
    for n, row in enumerate(agencies.itertuples(), start=1):
        name = clean_text(row.name_vi)
        key = split_name(name)[1]
        known = dept_key.get(key) or override_unit.get(key)
        if known:
            aliases.append({"unit_id": known, "alias": name, "source": "agencies"})
            continue
        if row.kind in ("ubnd_xa", "ubnd_huyen", "ubnd_cap_xa") or name.startswith("UBND cấp"):
            continue
        units.append(
            {
                "unit_id": f"CQ{n:02d}",
                "kind": "agency",
                "subkind": row.kind or "other",
                "name": name,
                "short_name": name,
                "gso_code": "",
                "portal_code": "",
                "valid_from": "",
                "valid_to": "",
            }
        )
    for row in overrides.itertuples():
        unit_id = row.unit_id or portal_of_gso.get(row.gso_code, f"X{row.gso_code}")
        aliases.append({"unit_id": unit_id, "alias": clean_text(row.alias), "source": "reviewed"})

    REF.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(units).to_csv(REF / "units.csv", index=False)
    pd.DataFrame(aliases).drop_duplicates(subset=["unit_id", "alias"]).to_csv(REF / "unit_aliases.csv", index=False)

    criteria = pd.read_csv(shared / "reference" / "criteria.csv", dtype=str)
    criteria.to_csv(REF / "criteria.csv", index=False)
    for name in ("facts.csv", "glossary.csv", "agencies.csv"):
        shutil.copy(shared / "reference" / name, REF / name)
    SAMPLES.mkdir(parents=True, exist_ok=True)
    for path in (shared / "reference" / "portal766").iterdir():
        shutil.copy(path, SAMPLES / path.name)
    print(f"{len(units)} units, {len(aliases)} aliases, {len(criteria)} criteria written to {REF}")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared"))
