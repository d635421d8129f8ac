"""Pausing Python's cyclic garbage collector while the analytics build many small objects.

The replay of the ledger and the holdings allocate some hundred thousand short-lived objects
(lots, tuples, records) that form no reference cycles; every few hundred allocations the
collector would walk the young ones, and now and then everything the request holds (the loaded
rows). Pausing it during that work saves about a sixth of a large report (`make bench`); reference
counting still frees everything as usual, and the collector runs again when the last pause ends.

The collector is process-wide, so pauses from several threads nest: it is enabled again when the
last one ends, and only if it was enabled when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
