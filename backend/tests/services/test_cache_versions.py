"""The tokens that invalidate cached reports live in the database and change in the transaction of
the write, whatever path it takes, so no cache outage can bring back a report from before it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from pms.cache import MemoryCache
from pms.db.models import FxRate, Transaction
from pms.market.providers.base import Bar
from pms.market.store import store_prices
from pms.services import cache_versions
from pms.services.ledger import create_transaction
from pms.services.portfolio import caching
from tests.market.factories import make_account, make_instrument, make_user

PARAMETERS: dict[str, caching.Parameter] = {"as_of": date(2024, 1, 5), "currency": "EUR"}


def test_a_write_changes_the_users_token_when_it_commits(session: Session) -> None:
    cache = MemoryCache()
    user = make_user(session)
    other = make_user(session, "bob")
    account = make_account(session, user, "EUR")
    account.track_cash = True
    session.commit()
    before = caching.response_key(session, user.id, "summary", PARAMETERS)
    theirs = cache_versions.versions(session, other.id)
    deposit = {"account_id": account.id, "type": "DEPOSIT", "date": date(2024, 1, 2)}
    create_transaction(session, cache, user, deposit | {"amount": Decimal(100)})

    # Flushed, not committed: what a report computes now is filed under the old token.
    assert caching.response_key(session, user.id, "summary", PARAMETERS) == before
    session.commit()
    assert caching.response_key(session, user.id, "summary", PARAMETERS) != before
    # Another user's ledger token stays; the market's too.
    assert cache_versions.versions(session, other.id) == theirs


def test_a_write_no_service_knows_of_is_seen_too(session: Session) -> None:
    """A row added straight through the session — a write path written tomorrow — still moves
    the token: the hooks see every flush, not the services' calls."""
    user = make_user(session)
    account = make_account(session, user, "EUR")
    session.commit()
    ledger, market = cache_versions.versions(session, user.id)
    session.add(
        Transaction(
            user_id=user.id,
            account_id=account.id,
            type="DEPOSIT",
            date=date(2024, 1, 2),
            amount=Decimal(5),
            currency="EUR",
        )
    )
    session.commit()
    after = cache_versions.versions(session, user.id)
    assert after[0] != ledger
    assert after[1] == market


def test_market_writes_change_every_users_token(session: Session) -> None:
    user = make_user(session)
    instrument = make_instrument(session, "AAPL")
    session.commit()
    ledger, market = cache_versions.versions(session, user.id)

    # A bulk upsert (no ORM object) through the session.
    store_prices(session, instrument.id, [Bar(date(2024, 1, 2), Decimal("185.64"))], "yahoo")
    session.commit()
    after_prices = cache_versions.versions(session, user.id)
    assert (after_prices[0], after_prices[1] != market) == (ledger, True)

    session.add(FxRate(base="EUR", quote="USD", date=date(2024, 1, 2), rate=Decimal("1.0956")))
    session.commit()
    assert cache_versions.versions(session, user.id)[1] != after_prices[1]


def test_a_rolled_back_write_changes_nothing(session: Session) -> None:
    user = make_user(session)
    account = make_account(session, user, "EUR")
    session.commit()
    before = cache_versions.versions(session, user.id)
    session.add(
        Transaction(
            user_id=user.id,
            account_id=account.id,
            type="DEPOSIT",
            date=date(2024, 1, 2),
            amount=Decimal(5),
            currency="EUR",
        )
    )
    session.flush()
    session.rollback()
    session.commit()
    assert cache_versions.versions(session, user.id) == before


def test_a_read_changes_nothing(session: Session) -> None:
    user = make_user(session)
    make_account(session, user, "EUR")
    session.commit()
    before = cache_versions.versions(session, user.id)
    caching.cached_response(MemoryCache(), session, user.id, "summary", PARAMETERS, lambda: b"x")
    session.commit()
    assert cache_versions.versions(session, user.id) == before
