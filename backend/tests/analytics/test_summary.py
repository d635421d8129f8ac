"""The summary: its figures, what is stale, and the exact ledger against the float series."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pms.analytics import Portfolio, PortfolioData, StalePrice, summary
from tests.analytics.builders import Book

D = Decimal


def test_an_empty_portfolio_is_all_zero_with_no_money_weighted_return() -> None:
    empty = PortfolioData(accounts=(), instruments=(), transactions=())
    result = summary(Portfolio(empty, currency="EUR", as_of=date(2024, 1, 5)))
    assert (result.market_value, result.cash, result.net_invested) == (D(0), D(0), D(0))
    assert (result.twr, result.mwr, result.stale) == (0.0, None, ())


def weekly(as_of: date, last_close: str) -> Portfolio:
    book = Book()
    a = book.account()
    x, y = book.instrument(symbol="FRESH"), book.instrument(symbol="OLD")
    book.buy(a, x, "2024-03-04", 1, 10)
    book.buy(a, y, "2024-03-04", 1, 10)
    book.closes(x, {"2024-03-04": 10, "2024-03-08": 11})
    book.closes(y, {"2024-03-04": 10, last_close: 12})
    return Portfolio(book.data(), currency="EUR", as_of=as_of)


def test_a_friday_close_is_fresh_over_the_weekend() -> None:
    assert summary(weekly(date(2024, 3, 10), "2024-03-08")).stale == ()


def test_an_older_close_is_reported_with_its_date() -> None:
    result = summary(weekly(date(2024, 3, 10), "2024-03-07"))
    assert result.stale == (StalePrice(102, "OLD", date(2024, 3, 7), True),)


def mixed() -> Portfolio:
    book = Book()
    a = book.account("EUR", track_cash=True)
    b = book.account("USD")
    x, y = book.instrument("EUR"), book.instrument("USD")
    book.cash("DEPOSIT", a, "2024-01-02", "10000")
    book.buy(a, x, "2024-01-02", "12.5", "101.37", fee="3.90")
    book.buy(b, y, "2024-01-03", 7, "55.55", fee=1)
    book.sell(a, x, "2024-02-05", 4, "99.10", fee="3.90", tax="0.71")
    book.dividend(b, y, "2024-02-15", "4.20", tax="0.63")
    book.closes(x, {"2024-01-02": "101.50", "2024-02-28": "104.11"})
    book.closes(y, {"2024-01-03": "55.60", "2024-02-27": "58.02", "2024-02-28": "57.31"})
    book.rate("EUR/USD", "2024-01-02", "1.0921").rate("EUR/USD", "2024-02-15", "1.0773")
    book.rate("EUR/USD", "2024-02-28", "1.0822")
    return Portfolio(book.data(), currency="EUR", as_of=date(2024, 2, 28))


def test_the_summary_adds_up() -> None:
    portfolio = mixed()
    result = summary(portfolio)
    positions = sum(p.market_value for p in portfolio.open_positions)
    assert result.market_value == (positions + portfolio.cash_value).quantize(D("1E-10"))
    assert result.unrealized_gain == result.market_value - result.cash - result.cost_basis
    # 7 × (57.31 − 58.02) USD at 1/1.0822 + 8.5 × (104.11 − 101.50) (the previous close).
    expected_change = D(7) * D("-0.71") / D("1.0822") + D("8.5") * D("2.61")
    assert result.day_change == expected_change.quantize(D("1E-10"))


def test_the_exact_figures_agree_with_the_float_series_to_a_millionth() -> None:
    portfolio = mixed()
    result = summary(portfolio)
    series = portfolio.timeline
    assert float(result.market_value) == pytest.approx(series.value[-1], abs=1e-6)
    assert float(result.cash) == pytest.approx(series.valuation.cash[-1], abs=1e-6)
    assert float(result.net_invested) == pytest.approx(series.net_invested[-1], abs=1e-6)
