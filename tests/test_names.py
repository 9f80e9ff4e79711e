"""Unit-name matching: the spellings staff and the portal really use."""

from __future__ import annotations

import duckdb
import pytest

from core.names import UnitMatcher, name_key, split_name


@pytest.fixture(scope="module")
def matcher(empty_db_template):
    with duckdb.connect(str(empty_db_template), read_only=True) as con:
        entries = con.execute("""SELECT a.alias, a.unit_id, u.subkind FROM unit_aliases a
                                 JOIN units u USING (unit_id)""").fetchall()
        labels = dict(con.execute("SELECT unit_id, name FROM units").fetchall())
    return UnitMatcher(entries, labels)


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("UBND phường Buôn Ma Thuột", "Phường Buôn Ma Thuột"),
        ("P. Buôn Ma Thuột", "Phường Buôn Ma Thuột"),
        ("Phường  Buôn Ma Thuột", "Phường Buôn Ma Thuột"),
        ("xã Ea H'leo", "Xã Ea H’leo"),
        ("UBND xã Ea H'Leo", "Xã Ea H’leo"),
        ("UBND xã Ea Kao", None),  # Ea Kao is a phường: the prefix must not win over the registry
        ("Sở Y tế - Tỉnh Đắk Lắk", "Sở Y tế"),
        ("sở y tế", "Sở Y tế"),
        ("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh Đắk Lắk"),
        ("UBND xã Ea Knuếk", "Xã Ea Knuếc"),
        ("Xã Hoà Phú", "Xã Hòa Phú"),
    ],
)
def test_real_spellings_resolve_to_one_unit(matcher, written, canonical):
    match = matcher.match(written)
    if canonical is None:
        assert match.status == "ok" and matcher.labels[match.unit_id] == "Phường Ea Kao"
    else:
        assert match.status == "ok", match
        assert matcher.labels[match.unit_id] == canonical


def test_unknown_names_are_not_guessed(matcher):
    match = matcher.match("xã Ea Knuệch")
    assert match.status == "unknown" and match.unit_id is None
    assert "Xã Ea Knuếc" in match.candidates


def test_ambiguous_names_ask():
    m = UnitMatcher(
        [("Xã Tân An", "A", "xa"), ("Phường Tân An", "B", "phuong")], {"A": "Xã Tân An", "B": "Phường Tân An"}
    )
    assert m.match("Tân An").status == "ambiguous"
    assert m.match("P. Tân An").unit_id == "B"
    assert m.match("xã Tân An").unit_id == "A"


def test_keys_fold_apostrophes_case_and_suffix():
    assert name_key("Xã Ea H’Leo") == name_key("xã  ea h'leo") == name_key("UBND xã Ea H'Leo - Tỉnh Đắk Lắk")
    assert split_name("P. Tân An") == ("phuong", "tân an")
