"""Vietnamese number formatting for the pages: the rules live in `core.format` (shared with the exports)."""

from __future__ import annotations

from core.format import (  # noqa: F401  (re-exported for the pages)
    MISSING,
    fmt_compact,
    fmt_delta,
    fmt_int,
    fmt_movement,
    fmt_num,
    fmt_pct,
    fmt_rank,
    md_escape,
)
