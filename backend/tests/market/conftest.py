"""Market-data fixtures: yfinance pointed at a fake Yahoo (no network), and its caches isolated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pms.cache import MemoryCache
from pms.market.context import MarketContext
from pms.market.providers.yahoo import YahooProvider, configure_yfinance, forget_yfinance_responses
from pms.market.resilience import Deadline, Throttle
from pms.market.runner import JobRunner
from pms.runtime import Runtime
from pms.settings import Settings
from tests.conftest import Backend
from tests.market.fake_yahoo import FakeYahoo


@pytest.fixture(scope="session", autouse=True)
def _yfinance_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("yfinance")
    configure_yfinance(path)
    return path


@pytest.fixture(autouse=True)
def _fresh_yfinance_responses() -> Iterator[None]:
    forget_yfinance_responses()
    yield
    forget_yfinance_responses()


@pytest.fixture(autouse=True)
def _fresh_yfinance_state() -> Iterator[None]:
    """yfinance keeps one process-wide `YfData` (cookie, crumb and cookie strategy); a test that
    answered its consent/crumb dance one way must not decide how the next test's fake is asked."""
    from yfinance.data import YfData

    YfData._instances.pop(YfData, None)  # type: ignore[attr-defined]
    forget_yfinance_responses()
    yield
    YfData._instances.pop(YfData, None)  # type: ignore[attr-defined]


@pytest.fixture
def fake_yahoo() -> FakeYahoo:
    return FakeYahoo()


@pytest.fixture
def deadline() -> Iterator[Deadline]:
    pool = Deadline()
    yield pool
    pool.close()


@pytest.fixture
def yahoo(fake_yahoo: FakeYahoo, deadline: Deadline) -> YahooProvider:
    return YahooProvider(
        session=fake_yahoo,
        timeout=2.0,
        history_timeout=2.0,
        throttle=Throttle(0),
        deadline=deadline,
    )


@pytest.fixture
def sleeps() -> list[float]:
    """Seconds the code under test asked to sleep (it does not: tests do not wait)."""
    return []


@pytest.fixture
def market(yahoo: YahooProvider, sleeps: list[float], runtime_cache: MemoryCache) -> MarketContext:
    return MarketContext(
        provider=yahoo,
        cache=runtime_cache,
        runner=JobRunner(inline=True),
        backoff_seconds=2.0,
        sleep=sleeps.append,
    )


@pytest.fixture
def runtime_cache() -> MemoryCache:
    return MemoryCache()


@pytest.fixture
def runtime(
    settings: Settings, backend: Backend, market: MarketContext, runtime_cache: MemoryCache
) -> Runtime:
    """The app's runtime with the market data coming from the fake Yahoo."""
    return Runtime(
        settings=settings,
        engine=backend.engine,
        session_factory=backend.session_factory,
        cache=runtime_cache,
        secret_key=settings.effective_secret_key,
        market_context=market,
    )
