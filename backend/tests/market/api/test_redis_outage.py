"""Killing Redis mid-run changes nothing a user sees: the same requests give the same answers, and
only /health says the cache is degraded. Runs against the real Redis (database 15, a prefix of its
own) through a proxy the test can cut."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.cache import RedisCache
from pms.cache import redis as redis_cache
from pms.db.models import User
from tests.conftest import REDIS_TEST_URL, require_service
from tests.market.factories import make_account, make_buy, make_instrument
from tests.market.fake_yahoo import FakeYahoo, chart_payload, recorded_chart
from tests.market.tcp_proxy import TcpProxy

pytestmark = pytest.mark.redis


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def prefix() -> str:
    return f"pms-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def direct() -> Iterator[redis.Redis]:
    require_service(_redis_available(), "Redis")
    client = redis.Redis.from_url(REDIS_TEST_URL)
    yield client
    client.close()


@pytest.fixture
def proxy(direct: redis.Redis) -> Iterator[TcpProxy]:
    url = redis.connection.parse_url(REDIS_TEST_URL)
    tunnel = TcpProxy(url.get("host", "127.0.0.1"), int(url.get("port", 6379)))
    yield tunnel
    tunnel.kill()


@pytest.fixture
def runtime_cache(proxy: TcpProxy, prefix: str, direct: redis.Redis) -> Iterator[RedisCache]:
    database = redis.connection.parse_url(REDIS_TEST_URL).get("db", 15)
    cache = RedisCache(f"redis://127.0.0.1:{proxy.port}/{database}", prefix)
    yield cache
    cache.close()
    keys = list(direct.scan_iter(f"{prefix}:*"))
    if keys:
        direct.delete(*keys)


def visible(response: Any) -> tuple[int, Any]:
    """What a user sees of a response (a job's id and times differ from run to run)."""
    body = response.json()
    if isinstance(body, dict):
        body = {
            k: v
            for k, v in body.items()
            if k not in ("id", "created_at", "started_at", "finished_at")
        }
    return response.status_code, body


def test_killing_redis_mid_run_changes_nothing_a_user_sees(
    client: TestClient,
    alice: dict[str, str],
    session: Session,
    fake_yahoo: FakeYahoo,
    proxy: TcpProxy,
    direct: redis.Redis,
    prefix: str,
) -> None:
    fake_yahoo.searches["aapl"] = recorded_chart("search-AAPL.json")
    fake_yahoo.add_chart(
        "AAPL", recorded_chart("chart-AAPL-2020-08-24-to-2020-11-07-composed.json")
    )
    fake_yahoo.add_chart("USDEUR=X", chart_payload("USDEUR=X", "EUR", [(date(2020, 9, 1), 0.8388)]))
    user = session.scalar(select(User).where(User.username == "alice"))
    assert user is not None
    make_buy(
        session, make_account(session, user), make_instrument(session, "AAPL"), date(2020, 9, 1)
    )
    session.commit()

    def look_around() -> list[tuple[int, Any]]:
        job_id = client.post("/api/v1/market/refresh", headers=alice).json()["job_id"]
        return [
            visible(client.get("/api/v1/instruments/lookup", params={"q": "AAPL"}, headers=alice)),
            visible(client.get(f"/api/v1/jobs/{job_id}", headers=alice)),
            visible(
                client.get("/api/v1/market/status", params={"as_of": "2020-11-09"}, headers=alice)
            ),
            visible(client.get("/api/v1/auth/me", headers=alice)),
        ]

    before = look_around()
    assert client.get("/api/v1/health").json()["status"] == "ok"
    assert any(
        k.decode().startswith(f"{prefix}:market:lookup:") for k in direct.scan_iter(f"{prefix}:*")
    )

    proxy.kill()
    after = look_around()

    assert after == before
    assert [status for status, _ in after] == [200, 200, 200, 200]
    assert after[1][1]["status"] == "done"
    login = client.post(
        "/api/v1/auth/login", json={"username": "alice", "password": "correct horse battery staple"}
    )
    assert login.status_code == 200
    health = client.get("/api/v1/health")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["cache"]["status"] == "degraded"


def test_a_write_while_redis_is_down_is_not_hidden_by_a_report_cached_before(
    client: TestClient,
    alice: dict[str, str],
    proxy: TcpProxy,
    direct: redis.Redis,
    prefix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Cache a summary, lose Redis, write, get Redis back: the summary shows the write (the tokens
    that key cached reports change in the database, with the write)."""
    monkeypatch.setattr(redis_cache, "RETRY_AFTER_SECONDS", 0.0)
    account = client.post(
        "/api/v1/accounts",
        headers=alice,
        json={"name": "Cash", "currency": "EUR", "track_cash": True},
    ).json()["id"]
    deposit = {"account_id": account, "type": "DEPOSIT", "date": "2024-01-02", "amount": "100"}
    assert client.post("/api/v1/transactions", headers=alice, json=deposit).status_code == 201
    params = {"as_of": "2024-01-05"}

    def cash() -> str:
        response = client.get("/api/v1/portfolio/summary", headers=alice, params=params)
        assert response.status_code == 200, response.text
        value: str = response.json()["cash"]
        return value

    assert cash() == "100.00"
    assert any(
        k.decode().startswith(f"{prefix}:portfolio:") for k in direct.scan_iter(f"{prefix}:*")
    )

    proxy.kill()
    more = deposit | {"amount": "50"}
    assert client.post("/api/v1/transactions", headers=alice, json=more).status_code == 201
    proxy.revive()

    assert cash() == "150.00"
    assert client.get("/api/v1/health").json()["cache"]["status"] == "ok"
