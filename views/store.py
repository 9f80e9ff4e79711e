"""The data-access layer's cache: results computed once per warehouse data version and arguments,
shared by every session of the server (and by the command-line exports, which see one version).

The data version is taken here, inside the layer, from the warehouse file's size and modification
time (and its write-ahead log's), so a load from the command line shows on the next rerun and no
caller threads a version through its calls. Concurrent callers of the same key wait for the one
computing it (30 people opening the meeting link compute the period once, not 30 times).
Cached values are shared: callers must treat frames as read-only (copy before changing).
"""

from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from core import db

T = TypeVar("T")


def data_version() -> tuple:
    """Changes whenever the warehouse file (or its write-ahead log) changes."""
    path = db.warehouse_path()
    stats = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            s = os.stat(p)
            stats.append((s.st_size, s.st_mtime_ns))
        except FileNotFoundError:
            stats.append(None)
    return (str(path), *stats)


class _Memo:
    def __init__(self, func: Callable, maxsize: int):
        self.func, self.maxsize = func, maxsize
        self.values: OrderedDict = OrderedDict()
        self.locks: dict = {}
        self.guard = threading.Lock()

    def __call__(self, *args, **kwargs):
        key = (data_version(), args, tuple(sorted(kwargs.items())))
        with self.guard:
            if key in self.values:
                self.values.move_to_end(key)
                return self.values[key]
            lock = self.locks.setdefault(key, threading.Lock())
        with lock:
            with self.guard:
                if key in self.values:
                    return self.values[key]
            value = self.func(*args, **kwargs)
            with self.guard:
                self.values[key] = value
                self.locks.pop(key, None)
                while len(self.values) > self.maxsize:
                    self.values.popitem(last=False)
            return value

    def clear(self) -> None:
        with self.guard:
            self.values.clear()


_ALL: list[_Memo] = []


def cached(maxsize: int = 64) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Memoise a pure data function by (data version, arguments); arguments must be hashable."""

    def wrap(func):
        memo = _Memo(func, maxsize)
        _ALL.append(memo)

        @functools.wraps(func)
        def call(*args, **kwargs):
            return memo(*args, **kwargs)

        call.cache_clear = memo.clear
        return call

    return wrap


def clear_all() -> None:
    """Forget everything (tests that rewrite a warehouse within one modification-time tick)."""
    for memo in _ALL:
        memo.clear()
