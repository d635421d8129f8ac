"""Performance over a period: external flows of tracked and untracked accounts, TWR, MWR,
absolute gain, the series, a benchmark and its beta."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from pms.analytics import Portfolio, performance, performance_for_range, summary
from tests.analytics.builders import Book

D = Decimal


def cash_story(track_cash: bool) -> Portfolio:
    book = Book()
    a = book.account(track_cash=track_cash)
    x = book.instrument()
    book.cash("DEPOSIT", a, "2024-01-02", 1000)
    book.buy(a, x, "2024-01-02", 5, 100, fee=1)
    book.dividend(a, x, "2024-01-03", 10, tax="1.5")
    book.cash("FEE", a, "2024-01-04", 2)
    book.cash("WITHDRAWAL", a, "2024-01-05", 100)
    book.closes(x, {"2024-01-02": 100, "2024-01-05": 104})
    return Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 5))


def test_with_tracked_cash_only_deposits_and_withdrawals_are_flows() -> None:
    portfolio = cash_story(track_cash=True)
    result = summary(portfolio)
    # Cash 1000 − 501 + 8.5 − 2 − 100 = 405.5; flows +1000 on 01-02 and −100 on 01-05.
    assert (result.cash, result.net_invested) == (D("405.5"), D(900))
    timeline = portfolio.timeline
    assert timeline.inflow.tolist() == [0, 1000, 0, 0, 0]
    assert timeline.outflow.tolist() == [0, 0, 0, 0, 100]


def test_without_tracked_cash_trades_income_and_fees_are_the_flows() -> None:
    portfolio = cash_story(track_cash=False)
    result = summary(portfolio)
    # Buy +501 in, dividend 8.5 out, fee +2 in; deposit and withdrawal move nothing tracked.
    assert (result.cash, result.net_invested) == (D(0), D("494.5"))
    timeline = portfolio.timeline
    assert timeline.inflow.tolist() == [0, 501, 0, 2, 0]
    assert timeline.outflow.tolist() == [0, 0, 8.5, 0, 0]


def test_twr_mwr_and_gain_of_a_tracked_cash_account() -> None:
    portfolio = cash_story(track_cash=True)
    result = performance(portfolio, start=date(2024, 1, 1))
    # V: 0, 999 (1000 − 501 + 500), 1007.5, 1005.5, 925.5 (405.5 + 520).
    assert result.series.value.tolist() == pytest.approx([0, 999, 1007.5, 1005.5, 925.5])
    r = [999 / 1000 - 1, 1007.5 / 999 - 1, 1005.5 / 1007.5 - 1, (925.5 + 100) / 1005.5 - 1]
    assert result.twr == pytest.approx(np.prod(np.add(1, r)) - 1, abs=1e-12)
    assert result.series.twr_index.tolist() == pytest.approx(np.cumprod([1, *np.add(1, r)]))
    assert result.series.net_invested.tolist() == [0, 1000, 1000, 1000, 900]
    assert result.absolute_gain == pytest.approx(925.5 - 1000 + 100)
    assert result.twr_annualized is None
    # Money-weighted: −1000 on 01-02, +100 + 925.5 on 01-05.
    assert result.mwr == pytest.approx((1025.5 / 1000) ** (365 / 3) - 1, rel=1e-9)


def test_a_period_starts_with_the_value_at_the_close_of_its_first_day() -> None:
    portfolio = cash_story(track_cash=True)
    result = performance(portfolio, start=date(2024, 1, 3), end=date(2024, 1, 4))
    assert result.series.dates.astype(str).tolist() == ["2024-01-03", "2024-01-04"]
    assert result.twr == pytest.approx(1005.5 / 1007.5 - 1)
    assert result.absolute_gain == pytest.approx(-2)
    assert result.mwr is not None


def test_a_period_reaching_back_before_the_first_transaction_starts_from_zero() -> None:
    portfolio = cash_story(track_cash=True)
    long = performance(portfolio, start=date(2023, 1, 1))
    short = performance(portfolio, start=date(2024, 1, 1))
    assert len(long.series) == 370
    assert long.series.value[:366].tolist() == [0.0] * 366
    assert long.twr == pytest.approx(short.twr, abs=1e-15)
    assert long.twr_annualized == pytest.approx((1 + long.twr) ** (365 / 369) - 1)


def test_a_period_must_end_by_the_portfolio_date() -> None:
    portfolio = cash_story(track_cash=True)
    with pytest.raises(ValueError, match="after the portfolio"):
        performance(portfolio, start=date(2024, 1, 1), end=date(2024, 2, 1))
    with pytest.raises(ValueError, match="after its end"):
        performance(portfolio, start=date(2024, 1, 5), end=date(2024, 1, 4))


def test_max_starts_the_day_before_the_first_transaction_of_the_selection() -> None:
    book = Book()
    a, b = book.account(), book.account()
    x = book.instrument()
    book.buy(a, x, "2024-01-02", 1, 100)
    book.buy(b, x, "2024-02-01", 1, 100)
    book.close(x, "2024-02-05", 110)
    only_b = Portfolio(book.data(), currency="EUR", as_of=date(2024, 2, 5), accounts=[b])
    result = performance_for_range(only_b, "MAX")
    assert result.start == date(2024, 1, 31)
    assert result.twr == pytest.approx(0.10)


def test_a_benchmark_is_rebased_split_adjusted_converted_and_gives_a_beta() -> None:
    book = Book()
    a = book.account()
    x = book.instrument()
    index = book.instrument("USD", symbol="SPY")
    book.buy(a, x, "2024-01-01", 10, 100)
    # Mon 01-01 … Thu 01-04: the portfolio moves +2 %, −2 %, +2 %; the benchmark +1 %, −1 %, 0.
    book.closes(
        x, {"2024-01-01": 100, "2024-01-02": 102, "2024-01-03": "99.96", "2024-01-04": "101.9592"}
    )
    book.closes(index, {"2024-01-01": 200, "2024-01-02": 202, "2024-01-03": "199.98"})
    # A 2-for-1 split on 01-04: 99.99 as traded is 199.98 before it (no move that day).
    book.close(index, "2024-01-04", "99.99").split(index, "2024-01-04", 2)
    book.rate("EUR/USD", "2024-01-01", "1.0")
    portfolio = Portfolio(book.data(), currency="EUR", as_of=date(2024, 1, 4))
    result = performance(portfolio, start=date(2024, 1, 1), benchmark=index)
    assert result.benchmark is not None
    assert result.benchmark.value.tolist() == pytest.approx([1.0, 1.01, 0.9999, 0.9999])
    b = np.array([0.02, -0.02, 0.02])
    bench = np.array([0.01, -0.01, 0.0])
    assert result.beta == pytest.approx(np.cov(b, bench)[0, 1] / np.var(bench, ddof=1))


def test_a_risk_free_rate_changes_sharpe_and_sortino_only() -> None:
    portfolio = cash_story(track_cash=True)
    plain = performance(portfolio, start=date(2024, 1, 1))
    with_rate = performance(portfolio, start=date(2024, 1, 1), risk_free_rate=0.05)
    # Business days Tue 01-02 … Fri 01-05; x = b − ((1.05)^(1/252) − 1).
    b = (
        np.add.reduceat(np.zeros(4), [0])
        + plain.series.twr_index[1:] / plain.series.twr_index[:-1]
        - 1
    )
    x = b - (1.05 ** (1 / 252) - 1)
    assert with_rate.sharpe == pytest.approx(x.mean() / x.std(ddof=1) * np.sqrt(252))
    assert plain.sharpe == pytest.approx(b.mean() / b.std(ddof=1) * np.sqrt(252))
    assert (with_rate.twr, with_rate.mwr, with_rate.volatility) == (
        plain.twr,
        plain.mwr,
        plain.volatility,
    )
    assert performance(portfolio, start=date(2024, 1, 1)) is plain
