"""Small builders for the rows market-data tests need (the ledger's own services are not used:
these tests are about market data, and build exactly the rows they mean)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from pms.db.models import Account, Instrument, Transaction, User


def make_user(session: Session, username: str = "alice", base_currency: str = "EUR") -> User:
    user = User(username=username, password_hash="not-a-real-hash", base_currency=base_currency)
    session.add(user)
    session.flush()
    return user


def make_account(
    session: Session, user: User, currency: str = "USD", *, name: str | None = None
) -> Account:
    account = Account(
        user_id=user.id, name=name or f"{currency} account", kind="brokerage", currency=currency
    )
    session.add(account)
    session.flush()
    return account


def make_instrument(
    session: Session,
    symbol: str,
    currency: str = "USD",
    *,
    owner: User | None = None,
    asset_class: str = "equity",
) -> Instrument:
    instrument = Instrument(
        symbol=symbol,
        name=symbol,
        currency=currency,
        asset_class=asset_class,
        data_source="manual" if owner else "yahoo",
        owner_id=owner.id if owner else None,
    )
    session.add(instrument)
    session.flush()
    return instrument


def make_buy(
    session: Session,
    account: Account,
    instrument: Instrument,
    day: date,
    quantity: str = "10",
    price: str = "100",
) -> Transaction:
    trade = Transaction(
        user_id=account.user_id,
        account_id=account.id,
        instrument_id=instrument.id,
        type="BUY",
        date=day,
        quantity=Decimal(quantity),
        price=Decimal(price),
        currency=instrument.currency,
    )
    session.add(trade)
    session.flush()
    return trade
