"""The exact ledger: cost basis (FIFO and moving average), splits, transfers, cash, realized gains,
and the order of events within a day. Numbers are worked by hand in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pms.analytics import (
    InsufficientUnits,
    LedgerError,
    Portfolio,
    holdings,
    realized_gains,
    summary,
)
from pms.enums import CostBasisMethod
from tests.analytics.builders import Book

D = Decimal
FIFO, AVERAGE = CostBasisMethod.FIFO, CostBasisMethod.AVERAGE


def two_buys_and_a_sale() -> tuple[Book, int, int]:
    """Buy 10 @ 100 + 5 fee (1005), buy 10 @ 120 + 5 fee (1205), sell 15 @ 130 − 5 fee (1945)."""
    book = Book()
    a = book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 10, 100, fee=5)
    book.buy(a, x, "2024-02-01", 10, 120, fee=5)
    book.sell(a, x, "2024-03-01", 15, 130, fee=5)
    book.close(x, "2024-03-01", 131)
    return book, a, x


def test_fifo_sells_the_oldest_lots_and_realizes_per_lot() -> None:
    book, _a, _x = two_buys_and_a_sale()
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 3, 1), method=FIFO)
    rows = realized_gains(portfolio)
    # 10 of the first lot (cost 1005) and 5 of the second (cost 602.5); proceeds shared 10:5.
    assert [(r.acquired, r.quantity, r.cost) for r in rows] == [
        (date(2024, 1, 2), D(10), D(1005)),
        (date(2024, 2, 1), D(5), D("602.5")),
    ]
    assert rows[0].proceeds == D("1296.6666666667")
    assert rows[1].proceeds == D("648.3333333333")
    assert sum(r.gain for r in rows) == D("337.5")
    [holding] = holdings(portfolio)
    # 5 left of the 120 lot: cost 602.5, average 120.5; worth 5 × 131 = 655.
    assert (holding.quantity, holding.cost_basis, holding.average_cost) == (
        D(5),
        D("602.5"),
        D("120.5"),
    )
    assert (holding.market_value, holding.unrealized_gain) == (D(655), D("52.5"))


def test_moving_average_realizes_against_the_average_cost() -> None:
    book, _a, _x = two_buys_and_a_sale()
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 3, 1), method=AVERAGE)
    # Average 2210 / 20 = 110.5; 15 sold cost 1657.5; gain 1945 − 1657.5 = 287.5; one row per sale.
    [row] = realized_gains(portfolio)
    assert (row.acquired, row.sold, row.quantity) == (date(2024, 1, 2), date(2024, 3, 1), D(15))
    assert (row.proceeds, row.cost, row.gain) == (D(1945), D("1657.5"), D("287.5"))
    [holding] = holdings(portfolio)
    assert (holding.cost_basis, holding.average_cost, holding.unrealized_gain) == (
        D("552.5"),
        D("110.5"),
        D("102.5"),
    )


def test_purchase_fees_and_taxes_are_part_of_cost_and_counted_as_fees_and_taxes() -> None:
    book = Book()
    a = book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 3, "10.00", fee="1.50", tax="0.30")
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 2))
    result = summary(portfolio)
    assert (result.cost_basis, result.fees, result.taxes) == (D("31.80"), D("1.50"), D("0.30"))


@pytest.mark.parametrize(
    ("numerator", "denominator", "quantity", "average"),
    [(4, 1, D(40), D("25.025")), (1, 10, D(1), D(1001)), (3, 2, D(15), D("66.7333333333"))],
)
def test_a_split_changes_units_and_unit_cost_but_not_the_total_cost(
    numerator: int, denominator: int, quantity: Decimal, average: Decimal
) -> None:
    book = Book()
    a = book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 10, 100, fee=1)
    book.split(x, "2024-02-01", numerator, denominator)
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 3, 1))
    [holding] = holdings(portfolio)
    assert holding.quantity == quantity
    assert holding.cost_basis == D(1001)
    assert holding.average_cost == average


def test_a_split_applies_before_the_trades_of_its_day() -> None:
    book = Book()
    a = book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 10, 100)
    book.split(x, "2024-02-01", 2)
    # Sold in post-split units on the split day: 20 are held by then.
    book.sell(a, x, "2024-02-01", 20, 55)
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 2, 1))
    assert holdings(portfolio) == []
    assert summary(portfolio).realized_gain == D(100)


def test_transactions_of_a_day_apply_in_the_order_they_were_recorded() -> None:
    book = Book()
    a = book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 10, 100)
    book.sell(a, x, "2024-01-02", 10, 101)
    book.buy(a, x, "2024-01-02", 10, 102)
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 2))
    [holding] = holdings(portfolio)
    assert (holding.quantity, holding.cost_basis) == (D(10), D(1020))
    assert summary(portfolio).realized_gain == D(10)


def test_selling_more_than_is_held_is_reported_with_the_transaction() -> None:
    book = Book()
    a = book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 10, 100)
    sale = book.sell(a, x, "2024-01-03", 11, 100)
    with pytest.raises(InsufficientUnits) as refused:
        Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 3))
    assert refused.value.transaction_id == sale


def test_a_trade_without_a_price_is_reported() -> None:
    book = Book()
    a = book.account()
    x = book.instrument()
    book.add("BUY", a, "2024-01-02", instrument=x, quantity=1)
    with pytest.raises(LedgerError, match="needs instrument_id, quantity and price"):
        Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 3))


def transfer_book() -> tuple[Book, int, int, int]:
    """A buys 10 @ 100 and 10 @ 110, moves 15 to B on 03-01 (close 120), B sells 12 @ 130."""
    book = Book()
    a, b = book.account(), book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 10, 100)
    book.buy(a, x, "2024-02-01", 10, 110)
    book.transfer(a, b, x, "2024-03-01", 15)
    book.sell(b, x, "2024-04-02", 12, 130)
    book.closes(x, {"2024-03-01": 120, "2024-04-02": 130})
    return book, a, b, x


def test_a_transfer_carries_lots_with_their_cost_and_acquisition_dates() -> None:
    book, a, b, _x = transfer_book()
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 4, 2))
    rows = realized_gains(portfolio)
    # B sells the first lot (10 @ 100, bought 01-02) and 2 of the second (@ 110, bought 02-01).
    assert [(r.account_id, r.acquired, r.quantity, r.cost) for r in rows] == [
        (b, date(2024, 1, 2), D(10), D(1000)),
        (b, date(2024, 2, 1), D(2), D(220)),
    ]
    positions = {(h.account_id, h.quantity, h.cost_basis) for h in holdings(portfolio)}
    assert positions == {(a, D(5), D(550)), (b, D(3), D(330))}


def test_a_transfer_is_no_flow_for_the_portfolio_but_a_flow_for_each_account_alone() -> None:
    book, a, b, _x = transfer_book()
    data = book.data()
    whole = Portfolio(data, currency="EUR", as_of=date(2024, 4, 2))
    only_a = Portfolio(data, currency="EUR", as_of=date(2024, 4, 2), accounts=[a])
    only_b = Portfolio(data, currency="EUR", as_of=date(2024, 4, 2), accounts=[b])
    # Whole: in 1000 + 1100, out 12 × 130 = 1560. A: in 2100, out 15 × 120 (the transfer) = 1800.
    # B: in 1800 (the transfer), out 1560.
    assert summary(whole).net_invested == D(540)
    assert summary(only_a).net_invested == D(300)
    assert summary(only_b).net_invested == D(240)
    # B's cost basis still comes from A's purchases.
    [holding] = holdings(only_b)
    assert holding.cost_basis == D(330)


def test_a_transfer_from_outside_is_a_new_lot_at_its_price_and_an_inflow_at_the_close() -> None:
    book = Book()
    a = book.account()
    x = book.instrument()
    book.add("TRANSFER_IN", a, "2024-01-02", instrument=x, quantity=10, price=80)
    book.close(x, "2024-01-02", 95)
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 2))
    result = summary(portfolio)
    assert (result.cost_basis, result.market_value, result.net_invested) == (D(800), D(950), D(950))


def test_cash_is_kept_per_account_and_currency() -> None:
    book = Book()
    a = book.account("EUR", track_cash=True)
    x = book.instrument("USD")
    book.cash("DEPOSIT", a, "2024-01-02", 1000)
    book.buy(a, x, "2024-01-02", 2, 100)  # paid in USD from the account's USD cash
    book.rate("EUR/USD", "2024-01-02", "1.25")
    book.close(x, "2024-01-02", 100)
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 2))
    assert portfolio.cash_balances == {(a, "EUR"): D(1000), (a, "USD"): D(-200)}
    result = summary(portfolio)
    # 1000 EUR − 200 USD / 1.25 + 2 × 100 USD / 1.25 = 1000
    assert (result.cash, result.market_value) == (D(840), D(1000))


def test_a_foreign_trade_with_an_fx_rate_settles_in_the_account_currency() -> None:
    book = Book()
    a = book.account("EUR", track_cash=True)
    x = book.instrument("USD")
    book.cash("DEPOSIT", a, "2024-01-02", 1000)
    # 2 × 100 USD at 0.9 EUR per USD: 180 EUR leave the EUR cash; the market says 1/1.25 = 0.8.
    book.buy(a, x, "2024-01-02", 2, 100, fx_rate="0.9")
    book.rate("EUR/USD", "2024-01-02", "1.25")
    book.close(x, "2024-01-02", 100)
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 2))
    assert portfolio.cash_balances == {(a, "EUR"): D(820)}
    [holding] = holdings(portfolio)
    assert (holding.cost_basis, holding.average_cost, holding.market_value) == (
        D(180),
        D(100),
        D(160),
    )


def test_realized_gain_converts_proceeds_and_cost_at_their_own_dates() -> None:
    book = Book()
    a = book.account("USD")
    x = book.instrument("USD")
    book.buy(a, x, "2024-01-02", 10, 100)  # 1000 USD at 1.25 = 800 EUR
    book.sell(a, x, "2024-06-03", 10, 100)  # 1000 USD at 1.00 = 1000 EUR
    book.rate("EUR/USD", "2024-01-02", "1.25").rate("EUR/USD", "2024-06-03", "1.00")
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 6, 3))
    [row] = realized_gains(portfolio)
    # No gain in dollars, a 200 EUR gain from the currency.
    assert (row.proceeds, row.cost, row.gain) == (D(1000), D(800), D(200))
    in_usd = Portfolio(book.data(), currency="USD", as_of=date(2024, 6, 3))
    assert realized_gains(in_usd)[0].gain == 0


def test_a_transfer_recorded_in_before_out_still_carries_the_lots() -> None:
    book = Book()
    a, b = book.account(), book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 10, 100)
    book.add("TRANSFER_IN", b, "2024-03-01", instrument=x, quantity=4, price=0, transfer_id="m")
    book.add("TRANSFER_OUT", a, "2024-03-01", instrument=x, quantity=4, price=0, transfer_id="m")
    book.close(x, "2024-03-01", 120)
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 3, 1))
    positions = {(h.account_id, h.quantity, h.cost_basis) for h in holdings(portfolio)}
    assert positions == {(a, D(6), D(600)), (b, D(4), D(400))}
    assert summary(portfolio).net_invested == D(1000)


def test_legs_that_do_not_match_stand_alone() -> None:
    book = Book()
    a, b = book.account(), book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 10, 100)
    # Same transfer id, different quantities: A delivers 4 out of the portfolio, B receives 3
    # from outside at 90 each.
    book.add("TRANSFER_OUT", a, "2024-03-01", instrument=x, quantity=4, transfer_id="m")
    book.add("TRANSFER_IN", b, "2024-03-01", instrument=x, quantity=3, price=90, transfer_id="m")
    book.close(x, "2024-03-01", 120)
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 3, 1))
    positions = {(h.account_id, h.quantity, h.cost_basis) for h in holdings(portfolio)}
    assert positions == {(a, D(6), D(600)), (b, D(3), D(270))}
    result = summary(portfolio)
    # In 1000 (buy), out 4 × 120, in 3 × 120; a delivery is no sale.
    assert (result.net_invested, result.realized_gain) == (D(880), D(0))
