from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from pms.cache.base import Cache, CacheStatus


class MemoryCache(Cache):
    """A thread-safe in-process TTL cache with a bound on its entries (least recently used go)."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._data: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._max = max_entries
        self._mutex = threading.Lock()
        self._locks: dict[str, float] = {}

    def _alive(self, key: str, now: float) -> tuple[float, bytes] | None:
        entry = self._data.get(key)
        if entry is None:
            return None
        if entry[0] <= now:
            del self._data[key]
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
            self._data[key] = (time.monotonic() + ttl_seconds, value)
            self._data.move_to_end(key)
            while len(self._data) > self._max:
                self._data.popitem(last=False)

    def delete(self, *keys: str) -> None:
        with self._mutex:
            for key in keys:
                self._data.pop(key, None)

    def incr(self, key: str, ttl_seconds: int) -> int:
        with self._mutex:
            now = time.monotonic()
            entry = self._alive(key, now)
            if entry is None:
                count, expires = 1, now + ttl_seconds
            else:
                count, expires = int(entry[1]) + 1, entry[0]
            self._data[key] = (expires, str(count).encode())
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

    def status(self) -> CacheStatus:
        return CacheStatus(backend="memory", ok=True, detail="in-process")
