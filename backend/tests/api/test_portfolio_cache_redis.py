"""Portfolio responses cached in Redis (database 15, a key prefix of this test's own): served byte
for byte, and recomputed after a write."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient

from pms.cache import RedisCache
from pms.market.context import MarketContext
from pms.market.providers.offline import OfflineProvider
from pms.market.runner import JobRunner
from pms.runtime import Runtime
from pms.settings import Settings
from tests import factories
from tests.api.portfolio_scenarios import PORTFOLIO
from tests.conftest import REDIS_TEST_URL, Backend, require_service


def redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def prefix() -> str:
    require_service(redis_available(), "Redis")
    return f"pms-test-{uuid.uuid4().hex}"


@pytest.fixture
def runtime(settings: Settings, backend: Backend, prefix: str) -> Iterator[Runtime]:
    """The app's runtime with a Redis cache under a prefix of its own, removed afterwards."""
    cache = RedisCache(REDIS_TEST_URL, prefix)
    market = MarketContext(provider=OfflineProvider(), cache=cache, runner=JobRunner(inline=True))
    yield Runtime(
        settings=settings,
        engine=backend.engine,
        session_factory=backend.session_factory,
        cache=cache,
        secret_key=settings.effective_secret_key,
        market_context=market,
    )
    client = redis.Redis.from_url(REDIS_TEST_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    cache.close()


def test_responses_are_cached_in_redis(
    client: TestClient,
    alice: dict[str, str],
    runtime: Runtime,
    prefix: str,
) -> None:
    account = factories.account(client, alice)["id"]
    instrument = factories.instrument(client, alice)["id"]
    client.put(
        f"/api/v1/instruments/{instrument}/prices",
        headers=alice,
        json=[{"date": "2024-01-02", "close": "12.5"}],
    )
    factories.buy(client, alice, account, instrument, "2024-01-02", "8", "12")
    params = {"as_of": "2024-01-05"}

    first = client.get(f"{PORTFOLIO}/summary", headers=alice, params=params)
    stored = list(redis.Redis.from_url(REDIS_TEST_URL).scan_iter(match=f"{prefix}:portfolio:*"))
    second = client.get(f"{PORTFOLIO}/summary", headers=alice, params=params)

    assert runtime.cache.status().ok
    assert first.json()["market_value"] == "100.00"
    assert second.content == first.content
    assert len(stored) == 1
    factories.buy(client, alice, account, instrument, "2024-01-03", "2", "12")
    third = client.get(f"{PORTFOLIO}/summary", headers=alice, params=params)
    assert third.json()["market_value"] == "125.00"
