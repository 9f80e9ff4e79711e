"""One error wrapper for both command-line tools (`python -m etl`, `python -m metrics`, `python -m reports`).

Exit codes, the same everywhere:
  0  done (also when the output was piped into `head` and closed early)
  1  the warehouse is busy, or an internal error (one line; the traceback with CCHC_DEBUG=1)
  2  the user's request cannot be met: a `UsageError`, or no warehouse yet
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable

from core import db
from core.text import visible


class UsageError(Exception):
    """A user error: printed in Vietnamese, exit status 2."""


def run(command: Callable[[], int | None]) -> int:
    """Run a command and turn every failure into a Vietnamese line on stderr and an exit code."""
    try:
        return command() or 0
    except UsageError as exc:
        print(visible(exc), file=sys.stderr)
        return 2
    except db.WarehouseMissing:
        print(db.MISSING_MESSAGE, file=sys.stderr)
        return 2
    except db.WarehouseBusy:
        print(db.BUSY_MESSAGE, file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head`: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal error: one line for people, the traceback on request
        print(f"Lỗi nội bộ ({type(exc).__name__}): {visible(exc)}", file=sys.stderr)
        if os.environ.get("CCHC_DEBUG"):
            traceback.print_exc()
        return 1


def choose_period(text: str | None, known: list):
    """The period a user named (any text `core.periods.parse_period` reads) among `known` (newest first), or
    the newest when none is named; a `UsageError` in Vietnamese otherwise. Shared by every command-line tool."""
    from core.periods import parse_period

    if not known:
        raise UsageError("Kho dữ liệu chưa có số liệu Bộ chỉ số 766. Hãy nạp dữ liệu trước.")
    if not text:
        return known[0]
    wanted = parse_period(text)
    if wanted is None:
        raise UsageError(f"Không hiểu kỳ “{text}”. Ví dụ: 10/10/2026, Tháng 9/2026, Quý III/2026, 2026.")
    if wanted not in known:
        offered = ", ".join(p.label for p in known[:6])
        raise UsageError(f"Không có dữ liệu kỳ {wanted.label}. Các kỳ có dữ liệu: {offered}.")
    return wanted
