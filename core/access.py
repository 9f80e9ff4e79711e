"""Who may see what: the rule every data-layer entry point applies (not only the pages).

A focal officer (`don_vi`) sees the province's overview and rankings and the detail of their
own unit only; every other role sees every unit. `Viewer.local()` is the app in local mode
(no account exists yet, bound to 127.0.0.1) and command-line use by the operator.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("quan_tri", "can_bo", "lanh_dao", "don_vi")


class AccessDenied(PermissionError):
    """The viewer may not see this (the message is Vietnamese, for the page)."""


@dataclass(frozen=True)
class Viewer:
    username: str | None
    role: str
    unit_id: str | None = None

    @classmethod
    def local(cls) -> Viewer:
        return cls(username=None, role="quan_tri")

    @property
    def sees_every_unit(self) -> bool:
        return self.role != "don_vi"


def can_view_unit(viewer: Viewer | None, unit_id: str | None) -> bool:
    """Detail of one unit (its page, its indicators, its exports)."""
    if viewer is None:
        return False
    if viewer.sees_every_unit or unit_id is None:
        return True
    return unit_id == viewer.unit_id


def require_unit(viewer: Viewer | None, unit_id: str | None) -> None:
    if not can_view_unit(viewer, unit_id):
        raise AccessDenied("Tài khoản của bạn chỉ xem được chi tiết của đơn vị mình.")
