"""Invariants of the portfolio engine on generated ledgers (issue 3, item 5): value adds up,
TWR without flows is the price return, splits change no value, FIFO and average agree on cost
while nothing is sold, the absolute gain adds up in one currency without tracked cash, and the
open lots add up to the holdings under either method."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pms.analytics import (
    Portfolio,
    holdings,
    open_lots,
    performance,
    realized_gains,
    summary,
)
from pms.enums import CostBasisMethod
from tests.analytics.builders import Book

D = Decimal
START = date(2024, 1, 1)
DAYS = 21
CENT = D("0.01")
KINDS = ("BUY", "BUY", "BUY", "SELL", "SELL", "DIVIDEND", "FEE", "TAX", "DEPOSIT", "TRANSFER")

SETTINGS = settings(max_examples=40, deadline=None)


@dataclass
class Plan:
    """What a generated ledger is made of, so that variants of it can be built."""

    currencies: list[str]
    accounts: list[tuple[str, bool]]
    closes: list[dict[int, Decimal]]
    rates: dict[str, dict[int, Decimal]]
    actions: list[tuple[int, str, int, int, int, int, int, int]]
    splits: list[tuple[int, int, int, int]] = field(default_factory=list)

    def book(self, *, restated: tuple[int, int, int, int] | None = None) -> Book:
        """The ledger of the plan. Sales and transfers take a share of what is held, so no plan
        oversells. `restated` = (instrument, day, numerator, denominator) adds that split and
        states closes and trades from its day on in the new units: the same portfolio."""
        book = Book()
        accounts = [book.account(ccy, track_cash=tracked) for ccy, tracked in self.accounts]
        instruments = [book.instrument(ccy) for ccy in self.currencies]
        for ccy, rates in self.rates.items():
            for day, rate in rates.items():
                book.rate(f"EUR/{ccy}", START + timedelta(days=day), rate)

        def ratio(k: int, day: int) -> Decimal:
            if restated is not None and restated[0] == k and day >= restated[1]:
                return D(restated[2]) / D(restated[3])
            return D(1)

        for k, closes in enumerate(self.closes):
            for day, close in closes.items():
                book.close(instruments[k], START + timedelta(days=day), close / ratio(k, day))
        for k, day, numerator, denominator in [*self.splits, *([restated] if restated else [])]:
            book.split(instruments[k], START + timedelta(days=day), numerator, denominator)
        # What is held, in the units of the plan (its own splits applied, not `restated`).
        held: dict[tuple[int, int], Decimal] = {}
        splits = sorted(self.splits, key=lambda s: s[1])
        for day, kind, a, k, quantity, cents, fee_cents, share in self.actions:
            while splits and splits[0][1] <= day:
                split_k, _, numerator, denominator = splits.pop(0)
                for key in held:
                    if key[1] == split_k:
                        held[key] = held[key] * numerator / denominator
            on, scale = str(START + timedelta(days=day)), ratio(k, day)
            account, instrument = accounts[a], instruments[k]
            price, fee = D(cents) / 100 / scale, D(fee_cents) / 100
            key = (a, k)
            if kind == "BUY":
                book.buy(account, instrument, on, D(quantity) * scale, price, fee=fee)
                held[key] = held.get(key, D(0)) + quantity
            elif kind in ("SELL", "TRANSFER"):
                units = (held.get(key, D(0)) * share / 100).quantize(D(1), rounding=ROUND_DOWN)
                target = (a + 1) % len(accounts)
                if units <= 0 or (kind == "TRANSFER" and target == a):
                    continue
                if kind == "SELL":
                    book.sell(account, instrument, on, units * scale, price, fee=fee, tax=fee / 2)
                else:
                    book.transfer(account, accounts[target], instrument, on, units * scale, price)
                    held[(target, k)] = held.get((target, k), D(0)) + units
                held[key] -= units
            elif kind == "DIVIDEND":
                if held.get(key, D(0)) > 0:
                    amount = D(cents) / 100
                    withheld = (amount * D("0.15")).quantize(CENT)
                    book.dividend(account, instrument, on, amount, tax=withheld)
            elif kind in ("FEE", "TAX"):
                book.cash(kind, account, on, D(fee_cents + 1) / 100)
            else:
                book.cash("DEPOSIT", account, on, D(cents))
        return book


money = st.integers(min_value=100, max_value=50_000)


@st.composite
def plans(
    draw: st.DrawFn,
    *,
    currencies: tuple[str, ...] = ("EUR", "USD", "GBP"),
    track_cash: bool = True,
    kinds: tuple[str, ...] = KINDS,
    splits: bool = True,
    first_day_only: bool = False,
) -> Plan:
    n_instruments = draw(st.integers(1, 3))
    chosen = [draw(st.sampled_from(currencies)) for _ in range(n_instruments)]
    accounts = [
        (draw(st.sampled_from(currencies)), track_cash and draw(st.booleans()))
        for _ in range(draw(st.integers(1, 3)))
    ]
    closes = [
        {
            day: D(draw(money)) / 100
            for day in range(DAYS)
            if day == 0 or draw(st.integers(0, 4)) > 0
        }
        for _ in chosen
    ]
    rates = {
        ccy: {day: D(draw(st.integers(50, 200))) / 100 for day in range(0, DAYS, 3)}
        for ccy in {"USD", "GBP"} & set(currencies)
    }
    action = st.tuples(
        st.just(0) if first_day_only else st.integers(0, DAYS - 1),
        st.sampled_from(kinds),
        st.integers(0, len(accounts) - 1),
        st.integers(0, n_instruments - 1),
        st.integers(1, 40),
        money,
        st.integers(0, 999),
        st.integers(1, 100),
    )
    actions = sorted(draw(st.lists(action, min_size=1, max_size=25)), key=lambda a: a[0])
    split_list = []
    if splits and draw(st.booleans()):
        split_list.append(
            (
                draw(st.integers(0, n_instruments - 1)),
                draw(st.integers(1, DAYS - 1)),
                draw(st.integers(1, 4)),
                draw(st.integers(1, 4)),
            )
        )
    return Plan(chosen, accounts, closes, rates, actions, split_list)


def as_of() -> date:
    return START + timedelta(days=DAYS - 1)


@given(plans())
@SETTINGS
def test_value_is_the_sum_of_the_holdings_and_the_cash(plan: Plan) -> None:
    book = plan.book()
    portfolio = Portfolio(book.data(), currency="EUR", as_of=as_of())
    result = summary(portfolio)
    rows = holdings(portfolio)
    assert abs(result.market_value - sum(h.market_value for h in rows) - result.cash) <= D("1E-8")
    assert abs(result.unrealized_gain - sum(h.unrealized_gain for h in rows)) <= D("1E-8")
    # The float matrix agrees with the exact figure.
    assert float(result.market_value) == pytest.approx(
        portfolio.timeline.value[-1], rel=1e-9, abs=1e-6
    )


@given(plans(kinds=("BUY",), track_cash=False, first_day_only=True))
@SETTINGS
def test_without_flows_the_twr_is_the_price_return(plan: Plan) -> None:
    book = plan.book()
    portfolio = Portfolio(book.data(), currency="EUR", as_of=as_of())
    period = performance(portfolio, start=START)
    values = period.series.value
    assert period.twr == pytest.approx(values[-1] / values[0] - 1, rel=1e-9, abs=1e-12)


@given(plans(splits=False), st.data())
@SETTINGS
def test_a_split_changes_no_value(plan: Plan, data: st.DataObject) -> None:
    instrument = data.draw(st.integers(0, len(plan.currencies) - 1))
    day = data.draw(st.integers(1, DAYS - 1))
    numerator, denominator = data.draw(st.sampled_from([(2, 1), (4, 1), (1, 10), (3, 2)]))
    before = Portfolio(plan.book().data(), currency="EUR", as_of=as_of())
    split = plan.book(restated=(instrument, day, numerator, denominator))
    after = Portfolio(split.data(), currency="EUR", as_of=as_of())
    assert after.timeline.value.tolist() == pytest.approx(
        before.timeline.value.tolist(), rel=1e-9, abs=1e-6
    )
    a, b = summary(before), summary(after)
    for name in ("market_value", "cost_basis", "realized_gain", "cash", "net_invested"):
        assert float(getattr(b, name)) == pytest.approx(float(getattr(a, name)), abs=1e-6), name


@given(plans(kinds=("BUY", "BUY", "TRANSFER", "DIVIDEND", "DEPOSIT")))
@SETTINGS
def test_fifo_and_average_agree_on_total_cost_while_nothing_is_sold(plan: Plan) -> None:
    book = plan.book()
    data = book.data()
    fifo = Portfolio(data, currency="EUR", as_of=as_of(), method=CostBasisMethod.FIFO)
    average = Portfolio(data, currency="EUR", as_of=as_of(), method=CostBasisMethod.AVERAGE)
    assert abs(summary(fifo).cost_basis - summary(average).cost_basis) <= D("1E-8")


@given(plans(currencies=("EUR",), track_cash=False))
@SETTINGS
def test_in_one_currency_without_cash_the_gain_is_realized_unrealized_and_income(
    plan: Plan,
) -> None:
    book = plan.book()
    portfolio = Portfolio(book.data(), currency="EUR", as_of=as_of())
    result = summary(portfolio)
    charges = sum(
        (tx.amount or D(0) for tx in book.transactions if tx.type in ("FEE", "TAX")), D(0)
    )
    expected = result.realized_gain + result.unrealized_gain + result.income - charges
    gain = performance(portfolio, start=portfolio.first_day).absolute_gain
    assert gain == pytest.approx(float(expected), abs=1e-6)
    # Rows are rounded one by one to 10 places, the total once.
    assert abs(sum(r.gain for r in realized_gains(portfolio)) - result.realized_gain) <= D("1E-8")


@given(plans(), st.sampled_from(list(CostBasisMethod)))
@SETTINGS
def test_the_open_lots_add_up_to_the_holdings(plan: Plan, method: CostBasisMethod) -> None:
    portfolio = Portfolio(plan.book().data(), currency="EUR", as_of=as_of(), method=method)
    lots = open_lots(portfolio)
    for holding in holdings(portfolio):
        mine = [
            lot
            for lot in lots
            if (lot.account_id, lot.instrument_id) == (holding.account_id, holding.instrument_id)
        ]
        assert mine, "every open position has a lot"
        assert [lot.acquired for lot in mine] == sorted(lot.acquired for lot in mine)
        assert abs(sum(lot.quantity for lot in mine) - holding.quantity) <= D("1E-12")
        for name in ("cost_basis", "market_value", "unrealized_gain"):
            total = sum(getattr(lot, name) for lot in mine)
            assert abs(total - getattr(holding, name)) <= D("1E-8"), name
    assert all(lot.quantity > 0 for lot in lots)
