"""Sign-in limits and the first administrator under truly parallel requests (a real server on
loopback over PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from pms.db.models import User
from pms.services import passwords
from tests.conftest import PASSWORD
from tests.live.conftest import REQUEST_TIMEOUT, LiveServer

LOGIN = "/api/v1/auth/login"
REGISTER = "/api/v1/auth/register"


class CountingHasher:
    """Wraps the password hasher and counts the password checks (Argon2 verifications)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._mutex = threading.Lock()
        self.verifications = 0

    def verify(self, password_hash: str, password: str) -> bool:
        with self._mutex:
            self.verifications += 1
        result: bool = self._inner.verify(password_hash, password)
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@pytest.fixture
def counting_hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counter = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", counter)
    return counter


def test_parallel_wrong_sign_ins_check_at_most_five_passwords(
    live: LiveServer, counting_hasher: CountingHasher
) -> None:
    live.sign_up("victim")
    limit = live.runtime.settings.login_max_attempts
    counting_hasher.verifications = 0

    def wrong(client: httpx.Client) -> httpx.Response:
        return client.post(LOGIN, json={"username": "victim", "password": "wrong password!"})

    responses = live.parallel([wrong] * 30)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [401] * limit + [429] * (30 - limit)
    assert counting_hasher.verifications == limit
    refused = next(r for r in responses if r.status_code == 429)
    assert refused.headers["content-type"] == "application/problem+json"
    assert 0 < int(refused.headers["retry-after"]) <= live.runtime.settings.login_window_seconds

    # The pair (victim, 127.0.0.1) is locked, even with the right password...
    with live.client() as client:
        locked = client.post(LOGIN, json={"username": "victim", "password": PASSWORD})
        assert locked.status_code == 429
    # ...but someone else's failures do not lock the user out from another address.
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(base_url=live.url, transport=transport, timeout=REQUEST_TIMEOUT) as other:
        signed_in = other.post(LOGIN, json={"username": "victim", "password": PASSWORD})
        assert signed_in.status_code == 200, signed_in.text
        assert signed_in.json()["access_token"]


def test_ten_parallel_first_sign_ups_make_exactly_one_admin(live: LiveServer) -> None:
    def sign_up(index: int) -> Any:
        return lambda client: client.post(
            REGISTER, json={"username": f"first{index}", "password": PASSWORD}
        )

    responses = live.parallel([sign_up(i) for i in range(10)])

    assert [r.status_code for r in responses] == [201] * 10, [r.text for r in responses]
    roles = sorted(r.json()["role"] for r in responses)
    assert roles == ["admin"] + ["user"] * 9
    with live.runtime.session_factory() as session:
        admins = session.scalar(select(func.count()).select_from(User).where(User.role == "admin"))
        assert admins == 1
        assert session.scalar(select(func.count()).select_from(User)) == 10
