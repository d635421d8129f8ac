"""The value bridge: V(T) − V(F) = net flows + price effect + currency effect + income − fees −
taxes, in total and per row (each instrument, and cash), against hand-worked numbers."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pms.analytics import Portfolio, performance, xirr
from pms.analytics.explain import Bridge, BridgeRow, explain, holding_performance, positions
from tests.analytics.builders import Book
from tests.analytics.test_performance import cash_story
from tests.analytics.test_properties import DAYS, SETTINGS, START, Plan, as_of, plans

D = Decimal


def identity_holds(bridge: Bridge | BridgeRow) -> None:
    gain = bridge.end_value - bridge.start_value
    parts = bridge.net_flows + bridge.price_effect + bridge.currency_effect
    assert gain == parts + bridge.income - bridge.fees - bridge.taxes


def rows_add_up(bridge: Bridge) -> None:
    for name in ("start_value", "end_value", "income", "fees", "taxes", "price_effect"):
        assert sum((getattr(r, name) for r in bridge.rows), D(0)) == getattr(bridge, name), name
    assert sum((r.net_flows for r in bridge.rows), D(0)) == bridge.net_flows
    for row in bridge.rows:
        identity_holds(row)
        if row.price_parts is not None:
            assert float(row.price_effect) == pytest.approx(row.price_parts, abs=1e-6)


def test_a_tracked_cash_account_in_one_currency() -> None:
    # Deposit 1000, buy 5 at 100 (fee 1) closing 100, dividend 10 gross (1.5 withheld), fee 2,
    # withdraw 100; the close rises to 104: 5 × 4 = 20 from prices.
    bridge = explain(cash_story(track_cash=True), start=date(2024, 1, 1), with_parts=True)

    assert (bridge.start_value, bridge.end_value) == (D(0), D("925.5"))
    assert (bridge.inflows, bridge.outflows, bridge.net_flows) == (D(1000), D(100), D(900))
    assert (bridge.income, bridge.fees, bridge.taxes) == (D(10), D(3), D("1.5"))
    assert (bridge.price_effect, bridge.currency_effect) == (D(20), D(0))
    assert bridge.absolute_gain == D("25.5")
    identity_holds(bridge)
    rows_add_up(bridge)
    holding, cash = bridge.rows
    assert (holding.instrument_id, holding.net_flows, holding.end_value) == (
        101,
        D("492.5"),
        D(520),
    )
    assert (holding.income, holding.fees, holding.taxes, holding.price_effect) == (
        D(10),
        D(1),
        D("1.5"),
        D(20),
    )
    # The cash row: 900 deposited net, 492.5 of it into the holding; the fee of 2 paid from it.
    assert (cash.instrument_id, cash.net_flows, cash.end_value) == (None, D("407.5"), D("405.5"))
    assert (cash.fees, cash.price_effect) == (D(2), D(0))
    # The returns are the performance's own.
    result = performance(cash_story(track_cash=True), start=date(2024, 1, 1))
    assert (bridge.twr, bridge.mwr) == (result.twr, result.mwr)


def test_an_account_without_cash_has_its_trades_and_income_as_flows() -> None:
    bridge = explain(cash_story(track_cash=False), start=date(2024, 1, 1), with_parts=True)

    assert (bridge.inflows, bridge.outflows) == (D(503), D("8.5"))
    assert (bridge.end_value, bridge.price_effect, bridge.currency_effect) == (D(520), D(20), D(0))
    identity_holds(bridge)
    rows_add_up(bridge)
    _, cash = bridge.rows
    # The stand-alone fee came in from outside and was paid: nothing stays in the cash row.
    assert (cash.net_flows, cash.fees, cash.end_value, cash.price_effect) == (D(2), D(2), 0, 0)


def two_currencies() -> Portfolio:
    """A USD account reported in EUR: deposit 1000 USD and buy 10 at 50 on Jan 2 at 1.25 USD per
    EUR; on Jan 3 the close is 55 and the rate 1.00."""
    book = Book()
    usd = book.account("USD", track_cash=True)
    x = book.instrument("USD")
    book.rate("EUR/USD", "2024-01-01", "1.25").rate("EUR/USD", "2024-01-03", "1")
    book.cash("DEPOSIT", usd, "2024-01-02", 1000)
    book.buy(usd, x, "2024-01-02", 10, 50)
    book.closes(x, {"2024-01-02": 50, "2024-01-03": 55})
    return Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 3))


def test_price_and_currency_effects_of_two_currencies_to_the_cent() -> None:
    bridge = explain(two_currencies(), start=date(2024, 1, 1), with_parts=True)

    # V: 800 on Jan 2 (1000 USD at 0.80), 1050 on Jan 3 (550 + 500 USD at 1.00).
    assert (bridge.start_value, bridge.end_value, bridge.net_flows) == (D(0), D(1050), D(800))
    # Prices: 10 × (55 − 50) × 0.80 = 40. Rates: the position 10 × 55 × (1.00 − 0.80) = 110 and
    # the cash 500 × 0.20 = 100.
    assert bridge.price_effect == D(40)
    assert bridge.currency_effect == D(210)
    identity_holds(bridge)
    rows_add_up(bridge)
    holding, cash = bridge.rows
    assert (holding.net_flows, holding.price_effect, holding.currency_effect) == (
        D(400),
        D(40),
        D(110),
    )
    assert (cash.net_flows, cash.price_effect, cash.currency_effect) == (D(400), D(0), D(100))


def test_a_later_period_starts_from_the_value_at_its_first_close() -> None:
    bridge = explain(two_currencies(), start=date(2024, 1, 2))

    assert (bridge.start_value, bridge.end_value, bridge.net_flows) == (D(800), D(1050), D(0))
    assert (bridge.price_effect, bridge.currency_effect) == (D(40), D(210))
    assert bridge.twr == pytest.approx(1050 / 800 - 1)


def test_a_trade_away_from_the_close_is_a_price_effect_and_a_split_moves_nothing() -> None:
    book = Book()
    a = book.account(track_cash=True)
    x = book.instrument()
    book.cash("DEPOSIT", a, "2024-01-02", 1000)
    book.buy(a, x, "2024-01-02", 10, 98)  # closes at 100: +20 at once
    book.split(x, "2024-01-03", 2)  # 20 units; no close on the split day
    book.closes(x, {"2024-01-02": 100, "2024-01-04": 51})
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 4))

    bridge = explain(portfolio, start=date(2024, 1, 1), with_parts=True)

    # 20 on the trade day, nothing on the split day (100 restated as 50), 20 × 1 on Jan 4.
    assert bridge.price_effect == D(40)
    assert (bridge.end_value, bridge.net_flows) == (D(1040), D(1000))
    rows_add_up(bridge)
    on_split_day = explain(portfolio, start=date(2024, 1, 2), end=date(2024, 1, 3))
    assert (on_split_day.price_effect, on_split_day.start_value, on_split_day.end_value) == (
        D(0),
        D(1020),
        D(1020),
    )


def test_one_holding_is_a_portfolio_of_its_own_even_once_closed() -> None:
    # Bought 10 at 100, a dividend of 5, sold at 110: gain 100 + 5 − fees 2.
    book = Book()
    a = book.account(track_cash=True)
    x = book.instrument()
    book.cash("DEPOSIT", a, "2024-01-02", 2000)
    book.buy(a, x, "2024-01-02", 10, 100, fee=1)
    book.dividend(a, x, "2024-01-03", 5)
    book.sell(a, x, "2024-01-04", 10, 110, fee=1)
    book.closes(x, {"2024-01-02": 100, "2024-01-03": 104, "2024-01-04": 111})
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 5))

    bridge = explain(portfolio, start=date(2024, 1, 1), instrument_id=x)

    assert (bridge.start_value, bridge.end_value) == (D(0), D(0))
    # In: 1001 (the buy with its fee); out: the dividend 5 and the sale's 1099 net.
    assert (bridge.inflows, bridge.outflows) == (D(1001), D(1104))
    assert bridge.absolute_gain == D(103)
    assert (bridge.income, bridge.fees, bridge.price_effect) == (D(5), D(2), D(100))
    identity_holds(bridge)
    # TWR: Jan 2 (1000 on 1001 in), Jan 3 (1040 + 5 out on 1000), Jan 4 (0 + 1099 out on 1040).
    expected = (1000 / 1001) * (1045 / 1000) * (1099 / 1040) - 1
    assert bridge.twr == pytest.approx(expected, abs=1e-12)
    flows = [(date(2024, 1, 2), -1001.0), (date(2024, 1, 3), 5.0), (date(2024, 1, 4), 1099.0)]
    assert bridge.mwr == pytest.approx(xirr(flows), rel=1e-9)


# -- generated ledgers ---------------------------------------------------------------------------


@given(plans(), st.data())
@SETTINGS
def test_the_bridge_adds_up_on_generated_ledgers(plan: Plan, data: st.DataObject) -> None:
    book = plan.book()
    accounts = data.draw(st.sampled_from([None, *[[a.id] for a in book.accounts]]))
    portfolio = Portfolio(book.data(), currency="EUR", as_of=as_of(), accounts=accounts)
    start = START + timedelta(days=data.draw(st.integers(-1, DAYS - 2)))

    bridge = explain(portfolio, start=start, with_parts=True)

    identity_holds(bridge)
    rows_add_up(bridge)
    assert all(row.price_parts is not None for row in bridge.rows[:-1])
    # The cash row holds no price effect: its changes are flows, payments, charges and rates.
    assert float(bridge.rows[-1].price_effect) == pytest.approx(0, abs=1e-6)
    period = performance(portfolio, start=start)
    values = period.series.value
    assert float(bridge.start_value) == pytest.approx(values[0], rel=1e-9, abs=1e-6)
    assert float(bridge.end_value) == pytest.approx(values[-1], rel=1e-9, abs=1e-6)
    assert float(bridge.absolute_gain) == pytest.approx(period.absolute_gain, rel=1e-9, abs=1e-6)
    assert (bridge.twr, bridge.mwr) == (period.twr, period.mwr)
    # Each holding alone adds up too, with finite returns.
    for row in bridge.rows[:-1]:
        assert row.instrument_id is not None
        alone = explain(portfolio, start=start, instrument_id=row.instrument_id)
        identity_holds(alone)
        assert (alone.start_value, alone.end_value) == (row.start_value, row.end_value)
        assert alone.net_flows == pytest.approx(row.net_flows, abs=D("1E-7"))
        assert math.isfinite(alone.twr)


@given(plans(currencies=("EUR",)))
@SETTINGS
def test_in_the_reporting_currency_alone_nothing_is_a_currency_effect(plan: Plan) -> None:
    portfolio = Portfolio(plan.book().data(), currency="EUR", as_of=as_of())
    bridge = explain(portfolio, start=START - timedelta(days=1))
    assert all(row.currency_effect == 0 for row in bridge.rows)
    identity_holds(bridge)


def closed_and_open() -> Portfolio:
    """X bought 10 at 100 (fee 1), a dividend of 5 (0.75 withheld), sold at 110 (fee 1); Y bought
    4 at 50 and still held at 55."""
    book = Book()
    a = book.account(track_cash=True)
    x, y = book.instrument(symbol="XX"), book.instrument(symbol="YY")
    book.cash("DEPOSIT", a, "2024-01-02", 2000)
    book.buy(a, x, "2024-01-02", 10, 100, fee=1)
    book.dividend(a, x, "2024-01-03", 5, tax="0.75")
    book.sell(a, x, "2024-01-04", 10, 110, fee=1)
    book.buy(a, y, "2024-01-03", 4, 50)
    book.closes(x, {"2024-01-02": 100, "2024-01-03": 104, "2024-01-04": 111})
    book.closes(y, {"2024-01-03": 50, "2024-01-05": 55})
    return Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 5))


def test_every_position_ever_held_with_its_lifetime_result() -> None:
    portfolio = closed_and_open()

    closed, held = positions(portfolio)

    assert (closed.instrument_id, closed.is_open, closed.quantity) == (101, False, 0)
    assert (closed.first_trade, closed.last_trade) == (date(2024, 1, 2), date(2024, 1, 4))
    assert (closed.bought, closed.sold, closed.income) == (D(1001), D(1099), D("4.25"))
    assert (closed.fees, closed.taxes, closed.realized_gain) == (D(2), D("0.75"), D(98))
    assert (closed.market_value, closed.unrealized_gain) == (D(0), D(0))
    assert closed.twr == pytest.approx((1000 / 1001) * (1044.25 / 1000) * (1099 / 1040) - 1)
    flows = [(date(2024, 1, 2), -1001.0), (date(2024, 1, 3), 4.25), (date(2024, 1, 4), 1099.0)]
    assert closed.mwr == pytest.approx(xirr(flows), rel=1e-9)
    assert (held.instrument_id, held.is_open, held.quantity) == (102, True, D(4))
    assert (held.cost_basis, held.market_value, held.unrealized_gain) == (D(200), D(220), D(20))
    assert held.twr == pytest.approx(0.1)


def test_the_performance_of_one_holding_has_its_own_series() -> None:
    portfolio = closed_and_open()

    result = holding_performance(portfolio, 101, start=date(2024, 1, 1))

    assert result.series.value.tolist() == pytest.approx([0, 1000, 1040, 0, 0])
    assert result.series.net_invested.tolist() == pytest.approx([0, 1001, 996.75, -102.25, -102.25])
    bridge = explain(portfolio, start=date(2024, 1, 1), instrument_id=101)
    assert (result.twr, result.mwr) == (bridge.twr, bridge.mwr)
    assert result.absolute_gain == pytest.approx(float(bridge.absolute_gain))
    # A later start counts what was invested before it.
    later = holding_performance(portfolio, 101, start=date(2024, 1, 3))
    assert later.series.net_invested.tolist() == pytest.approx([996.75, -102.25, -102.25])
