from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from pms.cache.base import Cache, CacheStatus

#: The default budget: what the stored keys and values may take together.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: What one entry costs beyond its key and value (the dict slot, the tuple, the objects' headers).
ENTRY_OVERHEAD_BYTES = 200


def _entry_size(key: str, value: bytes) -> int:
    return len(key) + len(value) + ENTRY_OVERHEAD_BYTES


class MemoryCache(Cache):
    """A thread-safe in-process TTL cache bounded by the bytes it holds: when a new value would take
    it past `max_bytes`, the least recently used entries go. A value larger than the whole budget is
    not kept. `max_entries` optionally bounds the number of entries as well."""

    def __init__(
        self, max_bytes: int = DEFAULT_MAX_BYTES, *, max_entries: int | None = None
    ) -> None:
        self._data: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._max_bytes = max_bytes
        self._max_entries = max_entries
        self._bytes = 0
        self._mutex = threading.Lock()
        self._locks: dict[str, float] = {}

    @property
    def size_bytes(self) -> int:
        """What the entries take now, as counted against `max_bytes`."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._data)

    def _drop(self, key: str) -> None:
        entry = self._data.pop(key, None)
        if entry is not None:
            self._bytes -= _entry_size(key, entry[1])

    def _store(self, key: str, expires: float, value: bytes) -> None:
        self._drop(key)
        size = _entry_size(key, value)
        if size > self._max_bytes:
            return
        while self._data and (
            self._bytes + size > self._max_bytes
            or (self._max_entries is not None and len(self._data) >= self._max_entries)
        ):
            oldest, (_, old_value) = self._data.popitem(last=False)
            self._bytes -= _entry_size(oldest, old_value)
        self._data[key] = (expires, value)
        self._bytes += size

    def _alive(self, key: str, now: float) -> tuple[float, bytes] | None:
        entry = self._data.get(key)
        if entry is None:
            return None
        if entry[0] <= now:
            self._drop(key)
            return None
        return entry

    def get(self, key: str) -> bytes | None:
        with self._mutex:
            entry = self._alive(key, time.monotonic())
            if entry is None:
                return None
            self._data.move_to_end(key)
            return entry[1]

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        with self._mutex:
            self._store(key, time.monotonic() + ttl_seconds, value)

    def delete(self, *keys: str) -> None:
        with self._mutex:
            for key in keys:
                self._drop(key)

    def incr(self, key: str, ttl_seconds: int) -> int:
        with self._mutex:
            now = time.monotonic()
            entry = self._alive(key, now)
            if entry is None:
                count, expires = 1, now + ttl_seconds
            else:
                count, expires = int(entry[1]) + 1, entry[0]
            self._store(key, expires, str(count).encode())
            return count

    @contextmanager
    def lock(self, name: str, ttl_seconds: int) -> Iterator[bool]:
        now = time.monotonic()
        with self._mutex:
            held_until = self._locks.get(name, 0.0)
            acquired = held_until <= now
            if acquired:
                self._locks[name] = now + ttl_seconds
        try:
            yield acquired
        finally:
            if acquired:
                with self._mutex:
                    self._locks.pop(name, None)

    def clear(self) -> None:
        with self._mutex:
            self._data.clear()
            self._bytes = 0

    def status(self) -> CacheStatus:
        return CacheStatus(backend="memory", ok=True, detail="in-process")
