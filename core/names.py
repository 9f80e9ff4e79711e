"""Unit-name normalisation and matching.

Staff, the national portal and the GSO list write the same unit in many ways:
"UBND phường Buôn Ma Thuột", "Phường  Buôn Ma Thuột", "P. Buôn Ma Thuột",
"xã Ea H'leo" (straight apostrophe) vs "Ea H’Leo", "Sở Y tế - Tỉnh Đắk Lắk",
"Hoà" vs "Hòa". `name_key` folds all of these to one comparison key; `kind_hint`
keeps what the prefix said (xã / phường) so that a xã and a phường sharing a
base name are still told apart.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = dict.fromkeys(map(ord, "’‘ʼ`´ʹ′"), "'")

# Old-style tone placement ("hoà") folded to the new style ("hòa"): both are
# written by staff, only one by the GSO list.
_TONE_PLACEMENT = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(_TONE_PLACEMENT))

_SUFFIX_RE = re.compile(r"(\s*[-–,]\s*tỉnh)?\s+(đắk lắk|đắc lắc|dak lak)\s*$")
_UBND_RE = re.compile(r"^(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+")
_KIND_RE = re.compile(r"^(xã|x\.|phường|p\.|phuong|xa)\s*")
_KIND_OF_PREFIX = {"xã": "xa", "x.": "xa", "xa": "xa", "phường": "phuong", "p.": "phuong", "phuong": "phuong"}


@lru_cache(maxsize=8192)
def fold(text) -> tuple[str, ...]:
    """Header words: NFC, lower case, punctuation dropped ("Cơ quan, đơn vị" → ("cơ", "quan", "đơn", "vị"))."""
    text = unicodedata.normalize("NFC", str(text)).lower()
    return tuple(re.sub(r"[^\w]+", " ", text).split())


def clean_text(text: str) -> str:
    """NFC, single spaces, trimmed: how names are stored."""
    text = unicodedata.normalize("NFC", str(text))
    return re.sub(r"\s+", " ", text).strip()


def _fold(text: str) -> str:
    text = clean_text(text).lower().translate(_APOSTROPHES)
    text = _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group(0)], text)
    return re.sub(r"\s*'\s*", "'", text)


def normalise_code(code) -> str | None:
    """A portal unit code as the registry keeps it: spaces dropped, upper case ("h15. 147" → "H15.147")."""
    if code is None or (isinstance(code, float) and code != code):
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFC", str(code))).upper()
    return text or None


def split_name(text: str) -> tuple[str | None, str]:
    """Return (kind hint 'xa'/'phuong'/None, comparison key) for a unit name."""
    key = _fold(text)
    key = _SUFFIX_RE.sub("", key).strip()
    key = _UBND_RE.sub("", key)
    hint = None
    match = _KIND_RE.match(key)
    if match:
        hint = _KIND_OF_PREFIX[match.group(1)]
        key = key[match.end() :]
    return hint, key.strip(" -.,")


def name_key(text: str) -> str:
    """The comparison key of a name, without its kind prefix."""
    return split_name(text)[1]


@dataclass(frozen=True)
class Match:
    name: str
    unit_id: str | None
    status: str  # "ok", "unknown", "ambiguous"
    candidates: tuple[str, ...] = ()


class UnitMatcher:
    """Resolve free-text names to unit ids using the registry and learned aliases.

    `entries` are (name, unit_id, kind_hint) triples: canonical names, portal names
    and aliases alike. Never guesses: no exact key match means "unknown", several
    means "ambiguous", each with the closest candidates for the user to choose from.
    """

    def __init__(self, entries: list[tuple[str, str, str | None]], labels: dict[str, str]):
        self.labels = labels
        self._seen: dict[tuple[str, bool], Match] = {}  # each distinct name is matched once per load
        self._by_key: dict[str, dict[str, str | None]] = {}
        for name, unit_id, hint in entries:
            name_hint, key = split_name(name)
            self._by_key.setdefault(key, {})[unit_id] = hint or name_hint

    def match(self, name: str, fuzzy: bool = True) -> Match:
        """`fuzzy=False` skips the search for close candidates (an unknown name then has none)."""
        if (name, fuzzy) not in self._seen:
            self._seen[(name, fuzzy)] = self._match(name, fuzzy)
        return self._seen[(name, fuzzy)]

    def _match(self, name: str, fuzzy: bool) -> Match:
        hint, key = split_name(name)
        found = self._by_key.get(key, {})
        ids = list(found)
        if hint and len(ids) > 1:
            ids = [u for u in ids if found[u] in (hint, None)] or ids
        if len(ids) == 1:
            return Match(name, ids[0], "ok")
        if len(ids) > 1:
            return Match(name, None, "ambiguous", tuple(self.labels.get(u, u) for u in ids))
        if not fuzzy:
            return Match(name, None, "unknown")
        close = difflib.get_close_matches(key, list(self._by_key), n=3, cutoff=0.6)
        cands = []
        for k in close:
            cands.extend(self.labels.get(u, u) for u in self._by_key[k])
        return Match(name, None, "unknown", tuple(dict.fromkeys(cands)))
