"""What the market-data services of one process share: the provider, the cache, the breaker, the
background runner and the policies (time to live, back-off). Built once from the settings; tests
build one around a fake provider."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from pms.cache import Cache
from pms.market.providers.base import Provider
from pms.market.providers.offline import OfflineProvider
from pms.market.providers.yahoo import YahooProvider
from pms.market.resilience import Backoff, Breaker, Deadline, Throttle
from pms.market.runner import JobRunner
from pms.settings import Settings

#: After a successful fetch an instrument is not asked for again for this long (a second click on
#: "refresh" does not hit the provider again).
MIN_REFRESH_INTERVAL_SECONDS = 600
#: How long the breaker stays open after the provider could not be reached.
BREAKER_COOLDOWN_SECONDS = 60


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class MarketContext:
    provider: Provider
    cache: Cache
    runner: JobRunner
    quote_ttl: int = 300
    lookup_ttl: int = 24 * 3600
    retries: int = 3
    backoff_seconds: float = 5.0
    min_refresh_interval: int = MIN_REFRESH_INTERVAL_SECONDS
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], datetime] = _utcnow
    deadline: Deadline | None = None
    #: Where background work opens its sessions; the runtime binds its own.
    session_factory: sessionmaker[Session] | None = None
    breaker: Breaker = field(init=False)

    def __post_init__(self) -> None:
        self.breaker = Breaker(self.cache, "yahoo", cooldown=BREAKER_COOLDOWN_SECONDS)

    def sessions(self) -> sessionmaker[Session]:
        if self.session_factory is None:
            raise RuntimeError("the market context is not bound to a database")
        return self.session_factory

    def today(self) -> date:
        return self.now().date()

    def backoff(self) -> Backoff:
        return Backoff(retries=self.retries, base=self.backoff_seconds, sleep=self.sleep)

    @classmethod
    def from_settings(cls, settings: Settings, cache: Cache) -> MarketContext:
        deadline = None
        provider: Provider
        if settings.market_offline:
            provider = OfflineProvider()
        else:
            deadline = Deadline()
            provider = YahooProvider(
                timeout=settings.market_timeout_seconds,
                history_timeout=settings.market_history_timeout_seconds,
                throttle=Throttle(settings.market_request_interval_seconds),
                deadline=deadline,
                cache_dir=settings.data_dir / "yfinance",
            )
        return cls(
            provider=provider,
            cache=cache,
            runner=JobRunner(),
            quote_ttl=settings.market_quote_ttl_seconds,
            lookup_ttl=settings.market_lookup_ttl_seconds,
            retries=settings.market_max_retries,
            backoff_seconds=settings.market_backoff_seconds,
            deadline=deadline,
        )

    def close(self) -> None:
        self.runner.close()
        if self.deadline is not None:
            self.deadline.close()
