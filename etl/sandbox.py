"""Parsing a workbook in a child process with memory and CPU limits.

The spreadsheet parser (calamine, in Rust) aborts the whole process when an
allocation fails, and no Python `except` can catch that. So it never runs in the
process that serves the pages or runs the load: a short-lived child
(`python -m etl.sandbox`) gets the file's bytes and the guard's facts on stdin,
limits its own address space and CPU time, parses, and writes the sheets back on
stdout. Whatever happens to the child (abort, MemoryError, CPU limit, timeout) the
caller gets a `Rejected` saying the file cannot be read; the server lives on.

The answer is unpickled with an allow-list of the few classes a grid holds, so
even a child subverted by a hostile file cannot make the parent run code.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import subprocess
import sys
from pathlib import Path

from etl.problems import Rejected

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
MEMORY_LIMIT = 768 * MB  # the child's address space (the grid is bounded far below by guard.MAX_CELLS)
CPU_SECONDS = 60  # the child's CPU time
WALL_SECONDS = 120  # and its life, if it sleeps or waits
OK, REJECTED, NO_MEMORY = 0, 3, 4

log = logging.getLogger("cchc.sandbox")
log.addHandler(logging.NullHandler())  # the server's log gets the child's last words; a terminal never does

_ALLOWED = {
    ("etl.xlsx", "Sheet"),
    ("etl.xlsx", "CellError"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
}


class _GridUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a grid")
        return super().find_class(module, name)


def unreadable(name: str) -> Rejected:
    return Rejected(
        f"Tệp '{name}' không đọc được: trình đọc Excel phải dừng khi mở tệp (tệp hỏng, hoặc cần quá "
        "nhiều bộ nhớ hay thời gian). Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi tải lên; "
        "nếu vẫn lỗi, hãy chép phần bảng số liệu sang một tệp mới."
    )


def read_workbook(name: str, data: bytes, facts) -> list:
    """`etl.xlsx.parse_workbook` in a limited child process; Rejected for any failure of the child."""
    payload = pickle.dumps((name, data, facts), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "etl.sandbox"],
            input=payload,
            capture_output=True,
            cwd=ROOT,
            timeout=WALL_SECONDS,
            check=False,
            env={**os.environ, "RUST_BACKTRACE": "0"},
        )
    except subprocess.TimeoutExpired:
        log.warning("parser child for %r killed after %s s", name, WALL_SECONDS)
        raise unreadable(name) from None
    if proc.returncode == REJECTED:
        raise Rejected(proc.stdout.decode("utf-8", "replace"))
    if proc.returncode != OK:
        log.warning(
            "parser child for %r ended with %s: %s",
            name,
            proc.returncode,
            proc.stderr.decode("utf-8", "replace")[-500:],
        )
        raise unreadable(name)
    try:
        return _GridUnpickler(io.BytesIO(proc.stdout)).load()
    except Exception:  # noqa: BLE001 (a child that answers nonsense is a file that cannot be read)
        log.warning("parser child for %r answered something that is not a grid", name)
        raise unreadable(name) from None


def _limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main() -> int:
    _limit()
    name, data, facts = pickle.loads(sys.stdin.buffer.read())  # from our parent: trusted
    from etl.xlsx import parse_workbook

    try:
        sheets = parse_workbook(name, data, facts)
    except Rejected as exc:
        sys.stdout.buffer.write(str(exc).encode("utf-8"))
        return REJECTED
    except MemoryError:
        return NO_MEMORY
    sys.stdout.buffer.write(pickle.dumps(sheets, protocol=pickle.HIGHEST_PROTOCOL))
    return OK


if __name__ == "__main__":
    sys.stdout.flush()
    os._exit(main())  # no interpreter teardown: the answer is written, nothing else matters
