"""What one running PMS process holds: its settings, database engine, session factory, cache and
market-data context."""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pms.cache import Cache, MemoryCache, create_cache
from pms.db.session import create_db_engine, make_session_factory
from pms.market.context import MarketContext
from pms.services.auth import LoginThrottle, create_login_throttle
from pms.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    cache: Cache
    secret_key: str
    #: A ready market-data context (tests pass one around a fake provider); else built from settings.
    market_context: InitVar[MarketContext | None] = None
    market: MarketContext = field(init=False)
    #: Sign-in attempt counters: in Redis when configured (shared by workers), else in-process.
    login_throttle: LoginThrottle = field(init=False)

    def __post_init__(self, market_context: MarketContext | None) -> None:
        self.login_throttle = create_login_throttle(
            self.settings.redis_url, self.settings.cache_prefix
        )
        self.market = market_context or MarketContext.from_settings(self.settings, self.cache)
        if self.market.session_factory is None:
            self.market.session_factory = self.session_factory

    @classmethod
    def build(cls, settings: Settings, *, cache: Cache | None = None) -> Runtime:
        if settings.embedded:
            settings.ensure_data_dir()
        engine = create_db_engine(
            settings.effective_database_url,
            connect_timeout=settings.db_connect_timeout_seconds,
            statement_timeout=settings.db_statement_timeout_seconds or None,
            pool_timeout=settings.db_pool_timeout_seconds,
            busy_timeout=settings.db_busy_timeout_seconds,
        )
        if cache is None:
            cache = (
                create_cache(settings.redis_url, settings.cache_prefix)
                if settings.redis_url
                else MemoryCache(max_bytes=settings.cache_memory_max_bytes)
            )
        return cls(
            settings=settings,
            engine=engine,
            session_factory=make_session_factory(engine),
            cache=cache,
            secret_key=settings.effective_secret_key,
        )

    def close(self) -> None:
        self.market.close()
        self.login_throttle.close()
        self.cache.close()
        self.engine.dispose()
