"""Holdings per position and per instrument, day change, weights and allocation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pms.analytics import Portfolio, allocation, holdings
from tests.analytics.builders import Book

D = Decimal


def two_accounts() -> tuple[Portfolio, int, int, int, int]:
    """A (EUR, cash tracked) and B (USD) hold X (EUR, equity, Tech, DE) and Y (USD, bond, US)."""
    book = Book()
    a = book.account("EUR", track_cash=True)
    b = book.account("USD")
    x = book.instrument("EUR", symbol="X", sector="Tech", country="DE")
    y = book.instrument("USD", symbol="Y", asset_class="bond", country="US")
    book.cash("DEPOSIT", a, "2024-01-02", 2000)
    book.buy(a, x, "2024-01-02", 10, 100)
    book.buy(b, x, "2024-01-03", 5, 110)
    book.buy(b, y, "2024-01-03", 4, 250)
    book.closes(x, {"2024-01-03": 120, "2024-01-04": 126})
    book.closes(y, {"2024-01-03": 250, "2024-01-04": 240})
    book.rate("EUR/USD", "2024-01-02", "1.25")
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 4))
    return portfolio, a, b, x, y


def test_holdings_are_one_row_per_open_position() -> None:
    portfolio, a, b, x, y = two_accounts()
    rows = {(h.account_id, h.instrument_id): h for h in holdings(portfolio)}
    assert set(rows) == {(a, x), (b, x), (b, y)}
    bond = rows[(b, y)]
    # 4 × 240 USD / 1.25 = 768 EUR; cost 1000 USD / 1.25 = 800 EUR.
    assert (bond.price, bond.price_date, bond.currency) == (D(240), date(2024, 1, 4), "USD")
    assert (bond.market_value, bond.cost_basis, bond.unrealized_gain) == (D(768), D(800), D(-32))
    assert bond.unrealized_gain_pct == pytest.approx(-0.04)
    assert bond.fx_rate == D("0.8")
    assert bond.day_change == D(-32)  # 4 × (240 − 250) × 0.8


def test_weights_are_shares_of_the_whole_value_cash_included() -> None:
    portfolio, _a, _b, _x, _y = two_accounts()
    # A: 1260 + 1000 cash; B: 630 + 768 → V = 3658.
    rows = holdings(portfolio)
    assert portfolio.market_value == D(3658)
    assert [h.weight for h in rows] == pytest.approx([1260 / 3658, 630 / 3658, 768 / 3658])


def test_holdings_merged_per_instrument_add_up_the_accounts() -> None:
    portfolio, _a, _b, x, _y = two_accounts()
    merged = {h.instrument_id: h for h in holdings(portfolio, "instrument")}
    stock = merged[x]
    assert stock.account_id is None
    assert (stock.quantity, stock.cost_basis, stock.market_value) == (D(15), D(1550), D(1890))
    assert stock.average_cost == D("103.3333333333")
    assert stock.day_change == D(90)  # 15 × (126 − 120)


def test_day_change_restates_the_previous_close_after_a_split() -> None:
    book = Book()
    a = book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 10, 100)
    book.closes(x, {"2024-01-02": 100, "2024-01-03": 26}).split(x, "2024-01-03", 4)
    [row] = holdings(Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 3)))
    assert (row.quantity, row.day_change) == (D(40), D(40))  # 40 × (26 − 100 / 4)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("asset_class", {"equity": D(1890), "cash": D(1000), "bond": D(768)}),
        ("sector", {"Tech": D(1890), None: D(1768)}),
        ("country", {"DE": D(1890), None: D(1000), "US": D(768)}),
        ("currency", {"EUR": D(2890), "USD": D(768)}),
        ("account", {1: D(2260), 2: D(1398)}),
        ("instrument", {101: D(1890), None: D(1000), 102: D(768)}),
    ],
)
def test_allocation_groups_the_value_and_puts_cash_where_it_belongs(
    by: str, expected: dict[object, Decimal]
) -> None:
    portfolio, *_ = two_accounts()
    slices = allocation(portfolio, by)
    assert {s.key: s.market_value for s in slices} == expected
    assert [s.market_value for s in slices] == sorted(expected.values(), reverse=True)
    assert sum(s.weight or 0 for s in slices) == pytest.approx(1.0)
