"""The valuation's building blocks: step matrices, daily flows, and the fallback on trade prices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from pms.analytics import Portfolio
from pms.analytics.valuation import day_range, flows_by_day, step_matrix
from tests.analytics.builders import Book

NAN = np.nan


def ints(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_a_step_matrix_holds_each_value_until_the_next_of_its_column() -> None:
    matrix = step_matrix((2, 5), ints(0, 1, 0), ints(1, 0, 3), np.array([1.0, 7.0, 2.0]))
    assert np.array_equal(matrix, np.array([[NAN, 1, 1, 2, 2], [7, 7, 7, 7, 7]]), equal_nan=True)


def test_in_a_step_matrix_the_last_value_given_for_a_cell_wins() -> None:
    matrix = step_matrix((1, 3), ints(0, 0, 0), ints(1, 1, 2), np.array([1.0, 5.0, 6.0]))
    assert np.array_equal(matrix, np.array([[NAN, 5, 6]]), equal_nan=True)


def test_a_column_without_values_stays_empty() -> None:
    matrix = step_matrix((2, 2), ints(1), ints(0), np.array([3.0]))
    assert np.array_equal(matrix, np.array([[NAN, NAN], [3, 3]]), equal_nan=True)


def test_flows_split_into_inflows_and_outflows_per_day() -> None:
    days = day_range(date(2024, 1, 1), date(2024, 1, 3))
    inflow, outflow = flows_by_day(
        days,
        [date(2024, 1, 2), date(2024, 1, 2), date(2024, 1, 3)],
        [Decimal(100), Decimal(-40), Decimal(5)],
    )
    assert inflow.tolist() == [0, 100, 5]
    assert outflow.tolist() == [0, 40, 0]


def test_an_instrument_without_closes_is_valued_at_its_last_trade_price() -> None:
    book = Book()
    a, b = book.account(), book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 10, 50)
    book.buy(b, x, "2024-01-04", 5, 60)
    book.split(x, "2024-01-05", 2)
    book.close(x, "2024-01-07", 35)
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 8))
    values = portfolio.timeline.value.tolist()
    # 01-01: nothing; 01-02..03: 10 × 50; 01-04: 15 × 60; 01-05..06: 30 × 30 (split-adjusted);
    # 01-07..08: 30 × 35, the first close.
    assert values == [0, 500, 500, 900, 900, 900, 1050, 1050]


def test_with_no_close_yet_a_holding_shows_the_trade_price_and_is_stale() -> None:
    book = Book()
    a = book.account()
    x = book.instrument(symbol="NEW")
    book.buy(a, x, "2024-01-02", 10, 50)
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 3))
    [position] = portfolio.open_positions
    assert position.quote is not None
    assert (position.quote.price, position.quote.date, position.quote.has_close) == (
        Decimal(50),
        date(2024, 1, 2),
        False,
    )
    [stale] = portfolio.stale_prices()
    assert (stale.symbol, stale.price_date, stale.has_close) == ("NEW", date(2024, 1, 2), False)


def test_value_is_quantity_times_close_times_rate_every_day() -> None:
    book = Book()
    a = book.account("USD")
    x = book.instrument("USD")
    book.buy(a, x, "2024-01-02", 10, 100)
    book.closes(x, {"2024-01-02": 100, "2024-01-03": 110})
    book.rate("EUR/USD", "2024-01-02", "1.25").rate("EUR/USD", "2024-01-04", "1.10")
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 4))
    assert portfolio.timeline.value.tolist() == pytest.approx([0, 800, 880, 1000])


def test_a_transfer_without_a_price_is_no_trade_price() -> None:
    book = Book()
    a, b = book.account(), book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 10, 50)
    book.transfer(a, b, x, "2024-01-03", 10)  # price 0: lots carried, nothing traded
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 3))
    assert portfolio.timeline.value.tolist() == [0, 500, 500]
