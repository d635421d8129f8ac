"""Market-data fixtures: yfinance pointed at a fake Yahoo (no network), and its caches isolated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pms.market.providers.yahoo import YahooProvider, configure_yfinance, forget_yfinance_responses
from pms.market.resilience import Deadline, Throttle
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
