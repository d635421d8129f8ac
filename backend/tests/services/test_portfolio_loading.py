"""Loading a user's portfolio: one query per table, and records equal to the stored rows (on
SQLite and PostgreSQL, whose closes travel by different paths)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from pms.analytics import (
    AccountRecord,
    FxRateRecord,
    InstrumentRecord,
    PortfolioData,
    PriceRecord,
    SplitRecord,
    TransactionRecord,
)
from pms.db.models import Account, FxRate, Instrument, Price, Split, Transaction
from pms.enums import TransactionType
from pms.errors import NotFound
from pms.services.portfolio.loading import load_portfolio
from tests import factories
from tests.api.portfolio_scenarios import Built, build
from tests.conftest import Backend

CASES = Path(__file__).parents[1] / "fixtures" / "reference_cases"
#: Two accounts (USD, EUR with cash), AAPL (USD, a 4-for-1 split) and ASML (EUR), EUR/USD rates.
SPLIT_DIVIDENDS = json.loads((CASES / "multi-currency-split-dividends.json").read_text())[
    "scenario"
]
END = date(2020, 12, 31)


@pytest.fixture
def book(client: TestClient, alice: dict[str, str], bob: dict[str, str]) -> Built:
    built = build(client, alice, SPLIT_DIVIDENDS)
    # What must not be loaded: another user's instrument and its closes, a pair not involved,
    # closes after the end.
    other = factories.instrument(client, bob, symbol="OTHER", name="Other")["id"]
    client.put(
        f"/api/v1/instruments/{other}/prices",
        headers=bob,
        json=[{"date": "2020-09-01", "close": "7"}],
    )
    factories.rates(client, "GBP/JPY", [("2020-09-01", "137.5")])
    client.put(
        f"/api/v1/instruments/{built.instruments['ASML']}/prices",
        headers=alice,
        json=[{"date": "2021-01-04", "close": "400.1"}],
    )
    return built


@pytest.fixture
def statements(backend: Backend) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(backend.engine, "before_cursor_execute", record)
    yield seen
    event.remove(backend.engine, "before_cursor_execute", record)


def user_id(session: Session, built: Built) -> int:
    account = session.get(Account, built.accounts["B"])
    assert account is not None
    return account.user_id


def test_a_portfolio_loads_in_one_query_per_table(
    session: Session, book: Built, statements: list[str]
) -> None:
    owner = user_id(session, book)
    statements.clear()

    loaded = load_portfolio(
        session, owner, end=END, currency="EUR", benchmark=book.instruments["ASML"]
    )

    # the stored closes and rates, each followed by the user's own over them
    tables = [
        "accounts",
        "transactions",
        "instruments",
        "splits",
        "prices",
        "user_prices",
        "fx_rates",
        "user_fx_rates",
    ]
    assert len(statements) == len(tables)
    for statement, table in zip(statements, tables, strict=True):
        assert f"FROM {table}" in statement, statement
    assert loaded.account_names == {book.accounts["B"]: "B", book.accounts["C"]: "C"}


def test_loaded_records_are_the_stored_rows(session: Session, book: Built) -> None:
    owner = user_id(session, book)
    data = load_portfolio(session, owner, end=END, currency="EUR").data
    expected = stored_rows(session, owner)

    assert data.accounts == expected.accounts
    assert data.instruments == expected.instruments
    assert data.transactions == expected.transactions
    assert [t.type for t in data.transactions][:3] == [
        TransactionType.DEPOSIT,
        TransactionType.BUY,
        TransactionType.BUY,
    ]
    assert (
        data.splits
        == expected.splits
        == (SplitRecord(book.instruments["AAPL"], date(2020, 8, 31), 4, 1),)
    )
    assert data.prices.keys() == expected.prices.keys()
    for key, series in expected.prices.items():
        assert np.array_equal(data.prices[key].days, series.days), key
        assert np.array_equal(data.prices[key].values, series.values), key
    assert data.fx.keys() == expected.fx.keys() == {("EUR", "USD")}
    assert np.array_equal(data.fx["EUR", "USD"].values, expected.fx["EUR", "USD"].values)
    assert data.prices[book.instruments["AAPL"]].values.tolist() == [
        500.04,
        499.23,
        129.04,
        134.18,
        132.69,
    ]


def test_a_benchmark_of_another_user_is_not_found(
    session: Session, book: Built, client: TestClient, bob: dict[str, str]
) -> None:
    hidden = factories.instrument(client, bob, symbol="HIDDEN", name="Hidden")["id"]
    with pytest.raises(NotFound, match=f"instrument {hidden}"):
        load_portfolio(session, user_id(session, book), end=END, currency="EUR", benchmark=hidden)
    with pytest.raises(NotFound, match="instrument 2147483647"):
        load_portfolio(
            session, user_id(session, book), end=END, currency="EUR", benchmark=2_147_483_647
        )


def stored_rows(session: Session, owner: int) -> PortfolioData:
    """The same data read the plain way: ORM rows turned into records one by one."""
    accounts = session.scalars(select(Account).where(Account.user_id == owner).order_by(Account.id))
    transactions = list(
        session.scalars(
            select(Transaction)
            .where(Transaction.user_id == owner, Transaction.date <= END)
            .order_by(Transaction.date, Transaction.id)
        )
    )
    ids = sorted({t.instrument_id for t in transactions if t.instrument_id is not None})
    instruments = session.scalars(
        select(Instrument).where(Instrument.id.in_(ids)).order_by(Instrument.id)
    )
    return PortfolioData.from_records(
        accounts=[AccountRecord(a.id, a.currency, a.track_cash) for a in accounts],
        instruments=[
            InstrumentRecord(i.id, i.currency, i.asset_class, i.sector, i.country, i.symbol, i.name)
            for i in instruments
        ],
        transactions=[
            TransactionRecord(
                t.id,
                t.account_id,
                TransactionType(t.type),
                t.date,
                t.currency,
                t.instrument_id,
                t.quantity,
                t.price,
                t.amount,
                t.fee,
                t.tax,
                t.fx_rate,
                t.transfer_id,
            )
            for t in transactions
        ],
        splits=[
            SplitRecord(s.instrument_id, s.date, s.numerator, s.denominator)
            for s in session.scalars(select(Split).where(Split.instrument_id.in_(ids)))
        ],
        prices=[
            PriceRecord(p.instrument_id, p.date, p.close)
            for p in session.scalars(
                select(Price).where(Price.instrument_id.in_(ids), Price.date <= END)
            )
        ],
        fx_rates=[
            FxRateRecord(r.base, r.quote, r.date, r.rate)
            for r in session.scalars(
                select(FxRate).where(FxRate.base == "EUR", FxRate.quote == "USD")
            )
        ],
    )
