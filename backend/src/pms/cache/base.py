from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class CacheStatus:
    backend: Literal["memory", "redis"]
    ok: bool
    detail: str = ""


class Cache(ABC):
    """Bytes in, bytes out, with a time to live. Keys are namespaced by the implementation."""

    @abstractmethod
    def get(self, key: str) -> bytes | None: ...

    @abstractmethod
    def set(self, key: str, value: bytes, ttl_seconds: int) -> None: ...

    @abstractmethod
    def delete(self, *keys: str) -> None: ...

    @abstractmethod
    def incr(self, key: str, ttl_seconds: int) -> int:
        """Add one to a counter and return it; a new counter lives `ttl_seconds`."""

    @abstractmethod
    def lock(self, name: str, ttl_seconds: int) -> AbstractContextManager[bool]:
        """A best-effort exclusive lock: yields True when this holder got it, False otherwise."""

    @abstractmethod
    def status(self) -> CacheStatus: ...

    def get_many(self, keys: list[str]) -> Iterator[bytes | None]:
        return (self.get(k) for k in keys)

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""
