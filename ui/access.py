"""Who may see which unit's detail (until core/access.py lands: same names, so only the import changes).

A focal officer (role don_vi) sees the province overview and rankings, the province itself,
and the detail of their own unit only; every other role sees every unit. The data functions
in ui/data.py call `require_unit` before returning a unit's detail, so a page that forgets
to narrow still cannot show another unit (docs/063).
"""
from __future__ import annotations

from dataclasses import dataclass


class AccessDenied(PermissionError):
    """A request for data the viewer may not see (message in Vietnamese)."""


@dataclass(frozen=True)
class Viewer:
    username: str
    role: str
    unit_id: str | None = None


LOCAL = Viewer("", "local")      # local mode (no account exists yet): 127.0.0.1 only, sees everything


def can_view_unit(viewer: Viewer | None, unit_id: str | None, home: str | None = None) -> bool:
    if viewer is None:
        return False
    if viewer.role != "don_vi":
        return True
    return unit_id is not None and (unit_id == viewer.unit_id or (home is not None and unit_id == home))


def require_unit(viewer: Viewer | None, unit_id: str | None, home: str | None = None) -> None:
    if not can_view_unit(viewer, unit_id, home):
        raise AccessDenied(f"Tài khoản này chỉ xem được chi tiết của đơn vị mình, không xem được đơn vị '{unit_id}'.")
