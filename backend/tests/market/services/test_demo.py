"""The demo portfolio: real prices as traded, consistent transactions, loaded without network."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.db.models import FxRate, Instrument, Price, Transaction
from pms.enums import TransactionType
from pms.errors import Conflict
from pms.market import demo as demo_data
from pms.market.providers.base import Bar
from pms.market.store import store_prices
from pms.runtime import Runtime
from pms.services.demo import load_demo
from tests.market.factories import make_account, make_instrument, make_user

DEMO = demo_data.read_demo()


def closes(symbol: str) -> dict[date, Decimal]:
    (spec,) = [i for i in DEMO.instruments if i.symbol == symbol]
    return {b.date: b.close for b in spec.bars}


def test_the_demo_data_is_small() -> None:
    folder = Path(demo_data.__file__).parent / "demo_data"
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    assert size < 2 * 1024 * 1024


def test_demo_prices_are_as_traded_in_the_major_currency() -> None:
    apple = closes("AAPL")
    assert apple[date(2020, 8, 28)] == Decimal("499.23")  # before the 4:1 split
    assert apple[date(2020, 8, 31)] == Decimal("129.04")
    shell = next(i for i in DEMO.instruments if i.symbol == "SHEL.L")
    assert shell.currency == "GBP"
    assert closes("SHEL.L")[date(2024, 2, 16)] == Decimal("24.97")  # 2497 GBp
    assert DEMO.rates[("EUR", "USD")][-1].rate == Decimal("1.0768")
    assert DEMO.rates[("EUR", "GBP")][-1].rate == Decimal("0.85605")


def test_demo_dividends_are_per_share_as_paid() -> None:
    (apple,) = [i for i in DEMO.instruments if i.symbol == "AAPL"]
    paid = {d.date: d.amount for d in apple.dividends}
    assert paid[date(2020, 8, 7)] == Decimal("0.82")  # 0.205 after the split × 4
    assert paid[date(2020, 11, 6)] == Decimal("0.205")


def test_demo_transactions_add_up() -> None:
    """No position or tracked cash balance ever goes below zero, trades are priced within 2 % of
    that day's close, and each dividend is the shares held times the dividend per share."""
    accounts = {a.key: a for a in DEMO.accounts}
    by_symbol = {i.symbol: i for i in DEMO.instruments}
    held: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    cash: dict[str, Decimal] = defaultdict(Decimal)
    splits_done: set[tuple[str, str, date]] = set()
    for tx in sorted(DEMO.transactions, key=lambda t: t.date):
        for (account, symbol), quantity in list(held.items()):
            if not symbol:
                continue
            for split in by_symbol[symbol].splits:
                if split.date <= tx.date and (account, symbol, split.date) not in splits_done:
                    held[(account, symbol)] = quantity * split.numerator / split.denominator
                    splits_done.add((account, symbol, split.date))
        key = (tx.account, tx.instrument or "")
        if tx.type in (TransactionType.BUY, TransactionType.SELL):
            assert tx.quantity is not None
            assert tx.price is not None
            close = {b.date: b.close for b in by_symbol[tx.instrument or ""].bars}[tx.date]
            assert abs(tx.price / close - 1) < Decimal("0.02"), (tx, close)
            sign = 1 if tx.type == TransactionType.BUY else -1
            held[key] += sign * tx.quantity
            cash[tx.account] -= sign * tx.quantity * tx.price + tx.fee + tx.tax
        elif tx.type == TransactionType.DIVIDEND:
            assert tx.amount is not None
            per_share = {d.date: d.amount for d in by_symbol[tx.instrument or ""].dividends}[
                tx.date
            ]
            assert tx.amount == (held[key] * per_share).quantize(Decimal("0.01"))
            cash[tx.account] += tx.amount - tx.tax
        elif tx.type == TransactionType.DEPOSIT:
            cash[tx.account] += tx.amount or 0
        else:
            cash[tx.account] -= tx.amount or 0
        assert held[key] >= 0, tx
        if accounts[tx.account].track_cash:
            assert cash[tx.account] >= 0, tx
    assert held[("broker", "AAPL")] == 50  # 20 bought, ×4 at the split, 30 sold
    assert {t.type for t in DEMO.transactions} >= {
        TransactionType.BUY,
        TransactionType.SELL,
        TransactionType.DIVIDEND,
        TransactionType.DEPOSIT,
        TransactionType.WITHDRAWAL,
        TransactionType.FEE,
    }


def test_loading_fills_in_missing_days_and_keeps_stored_prices(
    runtime: Runtime, session: Session
) -> None:
    apple = make_instrument(session, "AAPL")
    store_prices(session, apple.id, [Bar(date(2020, 8, 28), Decimal("499.25"))], "yahoo")
    user = make_user(session)

    summary = load_demo(session, user)
    session.commit()

    assert (summary.accounts, summary.instruments, summary.transactions) == (3, 6, 49)
    stored = {
        p.date: p.close
        for p in session.scalars(select(Price).where(Price.instrument_id == apple.id))
    }
    assert stored[date(2020, 8, 28)] == Decimal("499.25")  # what was there stays
    assert stored[date(2020, 8, 27)] == Decimal("500.04")
    assert len(session.scalars(select(Instrument).where(Instrument.symbol == "AAPL")).all()) == 1
    rate = session.get(FxRate, ("EUR", "USD", date(2024, 2, 16)))
    assert rate is not None
    assert (rate.rate, rate.source) == (Decimal("1.0768"), "ecb")


def test_a_second_user_gets_the_demo_on_the_same_catalogue(
    runtime: Runtime, session: Session
) -> None:
    load_demo(session, make_user(session, "first"))
    prices = len(session.scalars(select(Price)).all())

    summary = load_demo(session, make_user(session, "second"))

    assert summary.prices == 0
    assert len(session.scalars(select(Price)).all()) == prices
    assert len(session.scalars(select(Instrument)).all()) == 6


def test_the_demo_is_refused_for_a_user_with_data(runtime: Runtime, session: Session) -> None:
    user = make_user(session)
    make_account(session, user)

    with pytest.raises(Conflict):
        load_demo(session, user)


def test_demo_trades_go_through_the_ledger_rules(runtime: Runtime, session: Session) -> None:
    user = make_user(session)
    load_demo(session, user)
    trades = session.scalars(
        select(Transaction).where(
            Transaction.user_id == user.id, Transaction.type.in_(["BUY", "SELL"])
        )
    ).all()
    assert trades
    for trade in trades:
        assert trade.quantity is not None
        assert trade.price is not None
        assert trade.amount == trade.quantity * trade.price
        instrument = session.get(Instrument, trade.instrument_id)
        assert instrument is not None
        assert trade.currency == instrument.currency
