"""Versions bumped when a write happens and again when its transaction ends, so an answer computed
while the write was on its way to the database is never served after it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from pms.cache import MemoryCache
from pms.services import cache_versions
from pms.services.ledger import create_transaction
from pms.services.portfolio import caching
from tests.market.factories import make_account, make_user

PARAMETERS: dict[str, caching.Parameter] = {"as_of": date(2024, 1, 5), "currency": "EUR"}


class CountingCache(MemoryCache):
    def __init__(self) -> None:
        super().__init__()
        self.written: list[str] = []

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        self.written.append(key)
        super().set(key, value, ttl_seconds)


def test_a_read_between_flush_and_commit_leaves_no_entry_under_the_new_version(
    session: Session,
) -> None:
    cache = MemoryCache()
    user = make_user(session)
    account = make_account(session, user, "EUR")
    session.commit()
    deposit = {"account_id": account.id, "type": "DEPOSIT", "date": date(2024, 1, 2)}
    create_transaction(session, cache, user, deposit | {"amount": Decimal(100)})

    # Flushed and bumped, not committed: a concurrent request takes the key of this moment and
    # stores what it computed from the ledger without the deposit.
    during = caching.response_key(cache, user.id, "summary", PARAMETERS)
    cache.set(during, b"cash 0", caching.TTL_SECONDS)
    assert caching.cached_response(cache, user.id, "summary", PARAMETERS, lambda: b"") == b"cash 0"
    session.commit()

    after = caching.response_key(cache, user.id, "summary", PARAMETERS)
    assert after != during
    body = caching.cached_response(cache, user.id, "summary", PARAMETERS, lambda: b"cash 100")
    assert body == b"cash 100"


def test_a_rolled_back_write_moves_the_version_on_as_well(session: Session) -> None:
    # Its own session may have computed an answer from the entry that is then rolled back.
    cache = MemoryCache()
    user = make_user(session)
    cache_versions.bump_ledger(cache, user.id, session=session)
    during = cache_versions.ledger_version(cache, user.id)
    session.rollback()
    assert cache_versions.ledger_version(cache, user.id) != during


def test_a_savepoint_is_not_the_end_of_the_transaction(session: Session) -> None:
    cache = MemoryCache()
    savepoint = session.begin_nested()
    cache_versions.bump_market(cache, session=session)
    during = cache_versions.market_version(cache)
    savepoint.commit()
    assert cache_versions.market_version(cache) == during
    session.commit()
    assert cache_versions.market_version(cache) != during


def test_each_version_is_bumped_once_more_when_the_transaction_ends(session: Session) -> None:
    cache = CountingCache()
    ledger = "version:ledger:7"
    for _ in range(3):
        cache_versions.bump_ledger(cache, 7, session=session)
        cache_versions.bump_market(cache, session=session)
    assert cache.written == [ledger, cache_versions.MARKET_KEY] * 3
    session.commit()
    assert cache.written[6:] == [ledger, cache_versions.MARKET_KEY]
    # The next transaction of the same session bumps only what it wrote.
    session.commit()
    cache_versions.bump_ledger(cache, 8, session=session)
    session.commit()
    assert cache.written[8:] == ["version:ledger:8", "version:ledger:8"]


def test_without_a_session_a_version_is_bumped_once(session: Session) -> None:
    cache = CountingCache()
    cache_versions.bump_ledger(cache, 7)
    session.commit()
    assert cache.written == ["version:ledger:7"]
