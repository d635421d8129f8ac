"""Income by month and year (gross, withholding, net) and realized gains by tax year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pms.analytics import IncomeRow, Portfolio, income, realized_gains, summary
from tests.analytics.builders import Book

D = Decimal


def income_book() -> Portfolio:
    book = Book()
    a = book.account("EUR", track_cash=True)
    b = book.account("USD")
    x = book.instrument()
    y = book.instrument("USD")
    book.buy(a, x, "2023-11-01", 10, 10)
    book.buy(b, y, "2023-11-01", 10, 10)
    book.dividend(a, x, "2023-12-15", 10, tax="1.5")
    book.dividend(b, y, "2024-01-10", 25, tax="3.75")  # USD at 1.25: 20 gross, 3 withheld
    book.cash("INTEREST", a, "2024-01-20", 5)
    book.sell(a, x, "2023-12-20", 5, 12)
    book.sell(a, x, "2024-02-01", 5, 13)
    book.rate("EUR/USD", "2023-11-01", "1.25")
    return Portfolio(book.data(), currency="EUR", as_of=date(2024, 3, 1))


def test_income_by_month_converts_each_payment_at_its_day() -> None:
    assert income(income_book(), "month") == [
        IncomeRow("2023-12", D(10), D("1.5"), D("8.5")),
        IncomeRow("2024-01", D(25), D(3), D(22)),
    ]


def test_income_by_year_and_within_dates() -> None:
    portfolio = income_book()
    assert income(portfolio, "year") == [
        IncomeRow("2023", D(10), D("1.5"), D("8.5")),
        IncomeRow("2024", D(25), D(3), D(22)),
    ]
    assert income(portfolio, "year", start=date(2024, 1, 15)) == [
        IncomeRow("2024", D(5), D(0), D(5))
    ]


def test_summary_income_is_net_of_withholding_and_taxes_include_it() -> None:
    result = summary(income_book())
    assert (result.income, result.taxes) == (D("30.5"), D("4.5"))


def test_realized_gains_of_a_tax_year() -> None:
    portfolio = income_book()
    assert [(r.sold, r.gain) for r in realized_gains(portfolio)] == [
        (date(2023, 12, 20), D(10)),
        (date(2024, 2, 1), D(15)),
    ]
    [row] = realized_gains(portfolio, year=2024)
    assert (row.acquired, row.quantity, row.proceeds, row.cost) == (
        date(2023, 11, 1),
        D(5),
        D(65),
        D(50),
    )
