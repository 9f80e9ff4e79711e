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
