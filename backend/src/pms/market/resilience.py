"""Living with an unreliable provider: a deadline on every call, a minimum spacing between requests,
exponential back-off with jitter after a rate limit, and a breaker that answers at once while the
provider is known to be down (shared through the cache, so every replica knows)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import TypeVar

from pms.cache import Cache
from pms.errors import ProviderUnavailable
from pms.logs import get_logger
from pms.market.providers.base import RateLimited

T = TypeVar("T")
log = get_logger(__name__)


class Deadline:
    """Runs provider calls on a few worker threads and stops waiting after `seconds`.

    A library call that hangs (a slow DNS answer, a half-open connection) cannot hold a request
    longer than the deadline: the caller gets `ProviderUnavailable` and the worker finishes or
    times out on its own."""

    def __init__(self, workers: int = 4) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="provider")

    def run(self, action: Callable[[], T], seconds: float, what: str) -> T:
        future: Future[T] = self._pool.submit(action)
        try:
            return future.result(timeout=seconds)
        except FutureTimeout:
            future.cancel()
            raise ProviderUnavailable(
                detail=f"{what}: no answer from the provider within {seconds:g} s",
                headers={"Retry-After": "30"},
            ) from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class Throttle:
    """At most one request every `interval` seconds (plus up to 25 % jitter), process-wide."""

    def __init__(
        self,
        interval: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self._sleep = sleep
        self._clock = clock
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if self.interval <= 0:
            return
        with self._lock:
            now = self._clock()
            delay = self._next - now
            start = max(now, self._next)
            self._next = start + self.interval * (1 + random.uniform(0, 0.25))  # noqa: S311
        if delay > 0:
            self._sleep(delay)


@dataclass
class Backoff:
    """Retries after a rate limit, waiting `base × 2^attempt` seconds with ±50 % jitter (and at
    least what the provider asked for), never longer than `cap`."""

    retries: int = 3
    base: float = 2.0
    cap: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    delays: list[float] = field(default_factory=list)

    def delay(self, attempt: int, asked: float = 0.0) -> float:
        jittered = self.base * (2.0**attempt) * random.uniform(0.5, 1.5)  # noqa: S311
        return min(self.cap, max(asked, jittered))

    def call(self, action: Callable[[], T], on_wait: Callable[[float], None] | None = None) -> T:
        attempt = 0
        while True:
            try:
                return action()
            except RateLimited as exc:
                if attempt >= self.retries:
                    raise
                wait = self.delay(attempt, exc.retry_after)
                log.warning("provider_rate_limited", attempt=attempt + 1, wait_seconds=wait)
                if on_wait is not None:
                    on_wait(wait)
                self.delays.append(wait)
                if wait > 0:
                    self.sleep(wait)
                attempt += 1


class Breaker:
    """Remembers for a while that the provider is down or rate-limiting, so that interactive
    requests answer 503 at once instead of waiting for another timeout."""

    def __init__(self, cache: Cache, name: str, *, cooldown: int = 60) -> None:
        self._cache = cache
        self._key = f"market:breaker:{name}"
        self.cooldown = cooldown

    def trip(self, reason: str, seconds: float | None = None) -> None:
        ttl = max(1, int(seconds if seconds is not None else self.cooldown))
        self._cache.set(self._key, reason.encode(), ttl)

    def reset(self) -> None:
        self._cache.delete(self._key)

    def check(self) -> None:
        """Raise `ProviderUnavailable` while the breaker is tripped."""
        reason = self._cache.get(self._key)
        if reason is not None:
            raise ProviderUnavailable(
                detail=f"the market data provider is unavailable ({reason.decode(errors='replace')}); "
                "stored data is still served",
                headers={"Retry-After": str(self.cooldown)},
            )
