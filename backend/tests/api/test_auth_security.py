"""Sign-in limits per (username, address) pair, bounded password hashing, sessions after a password
change, and pruning of dead tokens."""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.api.routes import auth as auth_routes
from pms.db.base import utcnow
from pms.db.models import AuthToken, User
from pms.runtime import Runtime
from pms.services import passwords
from pms.services.auth import (
    LocalLoginThrottle,
    LoginThrottle,
    RedisLoginThrottle,
    token_digest,
)
from tests.conftest import PASSWORD, REDIS_TEST_URL, require_service

LOGIN = "/api/v1/auth/login"
WRONG = "wrong password!"


@pytest.fixture
def from_address(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    """Test clients that each come from an address of their own, by name."""
    clients: dict[str, TestClient] = {}

    class Clients(dict[str, TestClient]):
        def __missing__(self, address: str) -> TestClient:
            client = TestClient(app, raise_server_exceptions=False, client=(address, 50000))
            clients[address] = client
            self[address] = client
            return client

    yield Clients()
    for client in clients.values():
        client.close()


def _login(client: TestClient, password: str, username: str = "admin") -> int:
    return client.post(LOGIN, json={"username": username, "password": password}).status_code


def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(
    admin: dict[str, str], from_address: dict[str, TestClient], runtime: Runtime
) -> None:
    attacker, owner = from_address["203.0.113.7"], from_address["198.51.100.20"]
    limit = runtime.settings.login_max_attempts
    assert [_login(attacker, WRONG) for _ in range(limit)] == [401] * limit
    # Refused attempts do not count against the username's ceiling either.
    assert {_login(attacker, PASSWORD) for _ in range(60)} == {429}
    assert _login(owner, PASSWORD) == 200
    assert _login(attacker, PASSWORD) == 429


def test_the_username_has_a_ceiling_across_addresses(
    admin: dict[str, str], from_address: dict[str, TestClient], runtime: Runtime
) -> None:
    per_pair = runtime.settings.login_max_attempts
    addresses = [f"192.0.2.{i}" for i in range(1, 11)]  # 10 × 5 = the ceiling of 50
    for address in addresses:
        assert [_login(from_address[address], WRONG) for _ in range(per_pair)] == [401] * per_pair
    refused = from_address["198.51.100.1"].post(
        LOGIN, json={"username": "admin", "password": PASSWORD}
    )
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) <= runtime.settings.login_window_seconds
    # Other users are not affected by it.
    assert _login(from_address["198.51.100.1"], WRONG, username="carol") == 401


def test_ipv6_clients_are_counted_by_their_64_prefix(
    admin: dict[str, str], from_address: dict[str, TestClient], runtime: Runtime
) -> None:
    for i in range(runtime.settings.login_max_attempts):
        assert _login(from_address[f"2001:db8:1:2::{i + 1:x}"], WRONG) == 401
    assert _login(from_address["2001:db8:1:2::ffff"], PASSWORD) == 429
    assert _login(from_address["2001:db8:1:3::1"], PASSWORD) == 200


def _check_atomic(throttle: LoginThrottle, key: str) -> None:
    granted = []
    barrier = threading.Barrier(20)

    def attempt(_: int) -> int:
        barrier.wait(timeout=10)
        return throttle.reserve([(key + ":pair", 5), (key + ":user", 50)], 60)

    with ThreadPoolExecutor(max_workers=20) as pool:
        granted = [wait for wait in pool.map(attempt, range(20)) if wait == 0]
    assert len(granted) == 5
    refused = throttle.reserve([(key + ":pair", 5)], 60)
    assert 0 < refused <= 60
    # A success gives its reservation back.
    throttle.cancel([key + ":pair"])
    assert throttle.reserve([(key + ":pair", 5)], 60) == 0
    throttle.forget([key + ":pair", key + ":user"])
    assert throttle.reserve([(key + ":pair", 1)], 60) == 0


def test_the_in_process_throttle_reserves_atomically() -> None:
    _check_atomic(LocalLoginThrottle(), "local")


def test_the_redis_throttle_reserves_atomically() -> None:
    throttle = RedisLoginThrottle(REDIS_TEST_URL, f"pms-test-throttle-{time.time_ns()}")
    try:
        available = throttle._call(lambda: bool(throttle._client.ping()), lambda: False)
        require_service(available, "Redis")
        _check_atomic(throttle, "redis")
        assert throttle._down_since is None  # Redis answered every call (no fallback)
    finally:
        throttle.close()


def test_sign_in_uses_redis_counters_when_redis_is_configured(
    runtime: Runtime, app: FastAPI, admin: dict[str, str]
) -> None:
    runtime.settings.redis_url = REDIS_TEST_URL
    runtime.settings.cache_prefix = f"pms-test-{time.time_ns()}"
    runtime.login_throttle = throttle = RedisLoginThrottle(
        REDIS_TEST_URL, runtime.settings.cache_prefix
    )
    try:
        require_service(
            throttle._call(lambda: bool(throttle._client.ping()), lambda: False), "Redis"
        )
        with TestClient(app, raise_server_exceptions=False) as client:
            for _ in range(runtime.settings.login_max_attempts):
                assert _login(client, WRONG) == 401
            assert _login(client, PASSWORD) == 429
        keys = throttle._client.keys(runtime.settings.cache_prefix + ":login-fail:*")
        assert len(keys) == 3
    finally:
        throttle.close()


@pytest.fixture
def one_hash_slot(monkeypatch: pytest.MonkeyPatch) -> threading.BoundedSemaphore:
    slots = threading.BoundedSemaphore(1)
    monkeypatch.setattr(passwords, "_slots", slots)
    monkeypatch.setattr(passwords, "HASH_WAIT_SECONDS", 0.2)
    return slots


def test_password_checks_are_bounded_and_a_full_house_answers_busy(
    client: TestClient,
    admin: dict[str, str],
    runtime: Runtime,
    one_hash_slot: threading.BoundedSemaphore,
) -> None:
    assert one_hash_slot.acquire(timeout=1)  # another request is hashing
    try:
        for _ in range(runtime.settings.login_max_attempts + 2):
            started = time.monotonic()
            busy = client.post(LOGIN, json={"username": "admin", "password": PASSWORD})
            assert busy.status_code == 503
            assert busy.headers["content-type"] == "application/problem+json"
            assert busy.json()["title"] == "Busy, retry"
            assert busy.headers["retry-after"] == str(passwords.RETRY_AFTER_SECONDS)
            assert 0.2 <= time.monotonic() - started < 5
    finally:
        one_hash_slot.release()
    # The refused attempts checked no password, so they did not count as failures.
    assert client.post(LOGIN, json={"username": "admin", "password": PASSWORD}).status_code == 200


def test_routes_that_hash_passwords_run_in_the_threadpool() -> None:
    for route in (auth_routes.login, auth_routes.register, auth_routes.update_me):
        assert not inspect.iscoroutinefunction(route), route.__name__


def _sign_in(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post(LOGIN, json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_a_password_change_signs_out_the_other_sessions_only(
    client: TestClient, alice: dict[str, str], admin: dict[str, str]
) -> None:
    laptop = _sign_in(client, "alice")
    changed = client.patch(
        "/api/v1/auth/me",
        headers=alice,
        json={"current_password": PASSWORD, "new_password": "an entirely new passphrase"},
    )
    assert changed.status_code == 200
    assert client.get("/api/v1/auth/me", headers=alice).status_code == 200
    signed_out = client.get("/api/v1/auth/me", headers=laptop)
    assert signed_out.status_code == 401
    assert client.get("/api/v1/auth/me", headers=admin).status_code == 200  # not another user's


def test_sign_in_prunes_expired_and_revoked_tokens(
    client: TestClient, admin: dict[str, str], session: Session, runtime: Runtime
) -> None:
    user = session.scalars(select(User)).one()
    now = utcnow()
    for i in range(3):
        session.add(
            AuthToken(
                user_id=user.id,
                token_hash=token_digest(runtime.secret_key, f"expired-{i}"),
                created_at=now - timedelta(days=30),
                expires_at=now - timedelta(days=1, seconds=i),
            )
        )
    session.add(
        AuthToken(
            user_id=user.id,
            token_hash=token_digest(runtime.secret_key, "revoked"),
            created_at=now,
            expires_at=now + timedelta(days=1),
            revoked_at=now,
        )
    )
    session.commit()
    assert session.scalar(select(func.count()).select_from(AuthToken)) == 5

    fresh = _sign_in(client, "admin")

    session.expire_all()
    hashes = set(session.scalars(select(AuthToken.token_hash)))
    assert len(hashes) == 2  # the admin fixture's token and the new one
    assert token_digest(runtime.secret_key, "revoked") not in hashes
    assert client.get("/api/v1/auth/me", headers=admin).status_code == 200
    assert client.get("/api/v1/auth/me", headers=fresh).status_code == 200
