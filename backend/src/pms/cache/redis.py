from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import redis
from redis.exceptions import RedisError

from pms.cache.base import Cache, CacheStatus
from pms.cache.memory import MemoryCache
from pms.logs import get_logger

log = get_logger(__name__)
T = TypeVar("T")

#: After a failure, Redis is not asked again for this long (the fallback answers meanwhile).
RETRY_AFTER_SECONDS = 5.0

_RELEASE_SCRIPT = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end
"""


class RedisCache(Cache):
    """Redis with an in-process fallback: when Redis fails, the failure is logged, `status()` says so,
    and every call is answered by the fallback until Redis is back."""

    def __init__(self, url: str, prefix: str = "pms", *, timeout: float = 0.5) -> None:
        self._client = redis.Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            health_check_interval=30,
        )
        self._prefix = prefix.rstrip(":") + ":"
        self._fallback = MemoryCache()
        self._down_since: float | None = None
        self._last_error = ""

    def _key(self, key: str) -> str:
        return self._prefix + key

    def _call(self, action: Callable[[], T], fallback: Callable[[], T]) -> T:
        now = time.monotonic()
        if self._down_since is not None and now - self._down_since < RETRY_AFTER_SECONDS:
            return fallback()
        try:
            result = action()
        except RedisError as exc:
            if self._down_since is None:
                log.warning("redis_unavailable", error=str(exc))
            self._down_since = now
            self._last_error = str(exc)
            return fallback()
        if self._down_since is not None:
            log.info("redis_recovered")
            self._down_since = None
            self._fallback.clear()
        return result

    def get(self, key: str) -> bytes | None:
        def action() -> bytes | None:
            value = self._client.get(self._key(key))
            return value if isinstance(value, bytes) else None

        return self._call(action, lambda: self._fallback.get(key))

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        self._call(
            lambda: self._client.set(self._key(key), value, ex=ttl_seconds) and None,
            lambda: self._fallback.set(key, value, ttl_seconds),
        )

    def delete(self, *keys: str) -> None:
        if not keys:
            return
        self._fallback.delete(*keys)
        self._call(
            lambda: self._client.delete(*(self._key(k) for k in keys)) and None,
            lambda: None,
        )

    def incr(self, key: str, ttl_seconds: int) -> int:
        def action() -> int:
            pipe = self._client.pipeline()
            full = self._key(key)
            pipe.incr(full)
            pipe.expire(full, ttl_seconds, nx=True)
            count, _ = pipe.execute()
            return int(count)

        return self._call(action, lambda: self._fallback.incr(key, ttl_seconds))

    @contextmanager
    def lock(self, name: str, ttl_seconds: int) -> Iterator[bool]:
        token = uuid.uuid4().hex
        full = self._key("lock:" + name)
        used_redis = True

        def acquire() -> bool:
            return bool(self._client.set(full, token, nx=True, ex=ttl_seconds))

        def acquire_locally() -> bool:
            nonlocal used_redis
            used_redis = False
            return True

        acquired = self._call(acquire, acquire_locally)
        if not used_redis:
            with self._fallback.lock(name, ttl_seconds) as local:
                yield local
            return
        try:
            yield acquired
        finally:
            if acquired:
                self._call(lambda: self._client.eval(_RELEASE_SCRIPT, 1, full, token), lambda: 0)

    def status(self) -> CacheStatus:
        try:
            self._client.ping()
        except RedisError as exc:
            self._down_since = self._down_since or time.monotonic()
            self._last_error = str(exc)
            return CacheStatus(backend="redis", ok=False, detail=f"unavailable: {exc}")
        self._down_since = None
        return CacheStatus(backend="redis", ok=True, detail="connected")

    def close(self) -> None:
        self._client.close()


def create_cache(redis_url: str | None, prefix: str) -> Cache:
    return RedisCache(redis_url, prefix) if redis_url else MemoryCache()
