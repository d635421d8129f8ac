"""Cost-basis methods through the ledger: a method per account, holding periods and terms of the
realized rows, lot ids, and — on generated ledgers — what every method must agree on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pms.analytics import Portfolio, open_lots, realized_gains, summary
from pms.enums import CostBasisMethod
from tests.analytics.builders import Book
from tests.analytics.test_properties import SETTINGS, Plan, as_of, plans

D = Decimal


def book_of_three() -> tuple[Book, int, int]:
    """One account: 10 bought at 100 (2022-01-03), 10 at 120 (2023-06-01), 10 at 90 (2024-01-02),
    and 15 sold at 130 on 2024-03-01."""
    book = Book()
    a = book.account()
    x = book.instrument(symbol="XX")
    book.buy(a, x, "2022-01-03", 10, 100)
    book.buy(a, x, "2023-06-01", 10, 120)
    book.buy(a, x, "2024-01-02", 10, 90)
    book.sell(a, x, "2024-03-01", 15, 130)
    book.close(x, "2024-03-01", 130)
    return book, a, x


def sold(book: Book, method: CostBasisMethod) -> list[tuple[int | None, str, Decimal, Decimal]]:
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 3, 1), method=method)
    return [
        (row.lot_id, row.acquired.isoformat(), row.quantity, row.gain)
        for row in realized_gains(portfolio)
    ]


def test_each_method_sells_its_own_lots() -> None:
    book, _, _ = book_of_three()
    # Lot ids are the buys' transaction ids: 1, 2, 3.
    assert sold(book, CostBasisMethod.FIFO) == [
        (1, "2022-01-03", D(10), D(300)),
        (2, "2023-06-01", D(5), D(50)),
    ]
    assert sold(book, CostBasisMethod.LIFO) == [
        (3, "2024-01-02", D(10), D(400)),
        (2, "2023-06-01", D(5), D(50)),
    ]
    assert sold(book, CostBasisMethod.HIFO) == [
        (2, "2023-06-01", D(10), D(100)),
        (1, "2022-01-03", D(5), D(150)),
    ]
    # The moving average: one row, 15 × (130 − 103.33…).
    ((lot, acquired, quantity, gain),) = sold(book, CostBasisMethod.AVERAGE)
    assert (lot, acquired, quantity) == (None, "2022-01-03", D(15))
    assert gain.quantize(D("0.01")) == D("400.00")


def test_an_accounts_own_method_wins_over_the_portfolios() -> None:
    book, a, _ = book_of_three()
    book.accounts[0] = replace(book.accounts[0], cost_basis_method="lifo")
    assert sold(book, CostBasisMethod.FIFO)[0][0] == 3
    assert book.accounts[0].id == a


def test_holding_days_and_terms_against_the_threshold() -> None:
    book, _, _ = book_of_three()
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 3, 1))
    rows = realized_gains(portfolio, long_term_days=365)
    # 2022-01-03 → 2024-03-01 is 788 days; 2023-06-01 → 2024-03-01 is 274.
    assert [(r.holding_days, r.term) for r in rows] == [(788, "long"), (274, "short")]
    assert [r.term for r in realized_gains(portfolio, long_term_days=274)] == ["long", "short"]
    assert [r.term for r in realized_gains(portfolio, long_term_days=0)] == [None, None]
    assert [r.transaction_id for r in rows] == [4, 4]


def test_a_lot_moved_by_a_transfer_keeps_its_date_and_id_through_a_split() -> None:
    book = Book()
    a, b = book.account(), book.account()
    x = book.instrument()
    book.buy(a, x, "2022-01-03", 10, 100)
    book.buy(a, x, "2023-06-01", 10, 120)
    book.transfer(a, b, x, "2023-07-01", 10)  # FIFO: the 2022 lot moves
    book.split(x, "2023-09-01", 2)  # 20 units of it
    book.sell(b, x, "2024-03-01", 5, 70)
    book.close(x, "2024-03-01", 70)
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 3, 1))

    (row,) = realized_gains(portfolio)

    assert (row.account_id, row.lot_id, row.acquired, row.holding_days) == (
        b,
        1,
        date(2022, 1, 3),
        788,
    )
    # 5 of 20 split units: a quarter of the lot's 1000.
    assert (row.quantity, row.cost, row.gain) == (D(5), D(250), D(100))
    lots = open_lots(portfolio)
    assert [(lot.account_id, lot.lot_id, lot.quantity) for lot in lots] == [
        (a, 2, D(20)),
        (b, 1, D(15)),
    ]


# -- generated ledgers ---------------------------------------------------------------------------


@given(plans(), st.data())
@SETTINGS
def test_every_method_accounts_for_everything_bought_and_agrees_on_the_total_gain(
    plan: Plan, data: st.DataObject
) -> None:
    book = plan.book()
    for account in range(len(book.accounts)):
        own = data.draw(st.sampled_from([None, *CostBasisMethod]))
        book.accounts[account] = replace(book.accounts[account], cost_basis_method=own)
    totals = {}
    for method in CostBasisMethod:
        portfolio = Portfolio(book.data(), currency="EUR", as_of=as_of(), method=method)
        realized = realized_gains(portfolio)
        lots = open_lots(portfolio)
        result = summary(portfolio)
        # What was sold plus what is held is what came in (quantities are restated by splits,
        # so costs are compared; each lot's cost is fixed at its acquisition).
        cost_in = sum((row.cost for row in realized), D(0)) + sum(
            (lot.cost_basis for lot in lots), D(0)
        )
        totals[method] = (cost_in, result.realized_gain + result.unrealized_gain)
    first = totals[CostBasisMethod.FIFO]
    for method, (cost_in, gain) in totals.items():
        assert abs(cost_in - first[0]) <= D("1E-6"), method
        assert abs(gain - first[1]) <= D("1E-6"), method
