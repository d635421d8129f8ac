"""Income (dividends and interest) by month or year, and realized gains per lot closed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pms.analytics.portfolio import Portfolio
from pms.analytics.records import ZERO
from pms.analytics.results import IncomeRow, RealizedGain, money


class IncomeGroup(StrEnum):
    MONTH = "month"
    YEAR = "year"


def income(
    portfolio: Portfolio,
    group: IncomeGroup | str = IncomeGroup.MONTH,
    *,
    start: date | None = None,
    end: date | None = None,
) -> list[IncomeRow]:
    """Dividends and interest of the selected accounts with dates in [start, end], per month
    (`2024-03`) or year (`2024`): gross = Σ amount, withholding = Σ tax, net = gross − withholding,
    each converted at the rate of its day. Periods without income are left out."""
    by_year = IncomeGroup(group) is IncomeGroup.YEAR
    totals: dict[str, tuple[Decimal, Decimal]] = {}
    for event in portfolio.ledger.income:
        if (start is not None and event.date < start) or (end is not None and event.date > end):
            continue
        period = f"{event.date.year:04d}" if by_year else f"{event.date:%Y-%m}"
        gross, withholding = totals.get(period, (ZERO, ZERO))
        totals[period] = (gross + event.gross, withholding + event.withholding)
    return [
        IncomeRow(period, money(gross), money(withholding), money(gross - withholding))
        for period, (gross, withholding) in sorted(totals.items())
    ]


def term_of(holding_days: int, long_term_days: int) -> str | None:
    """`long` when a lot was held more than `long_term_days` days, else `short`; `None` when the
    threshold is 0 (no distinction)."""
    if long_term_days <= 0:
        return None
    return "long" if holding_days > long_term_days else "short"


def realized_gains(
    portfolio: Portfolio,
    year: int | None = None,
    *,
    long_term_days: int = 365,
    start: date | None = None,
    end: date | None = None,
) -> list[RealizedGain]:
    """Gains realized by sales of the selected accounts (in the calendar `year` of the sale, or
    from `start` to `end` inclusive, when given), one row per lot closed in sale order — one row
    per sale under the moving average — with its holding period and term."""
    rows = []
    for row in portfolio.ledger.realized:
        if year is not None and row.sold.year != year:
            continue
        if (start is not None and row.sold < start) or (end is not None and row.sold > end):
            continue
        proceeds, cost = money(row.proceeds), money(row.cost)
        held = (row.sold - row.acquired).days
        rows.append(
            RealizedGain(
                row.account_id,
                row.instrument_id,
                portfolio.data.instrument(row.instrument_id).symbol,
                row.acquired,
                row.sold,
                row.quantity,
                proceeds,
                cost,
                proceeds - cost,
                held,
                term_of(held, long_term_days),
                row.lot_id,
                row.transaction_id,
            )
        )
    return rows


def total_realized(portfolio: Portfolio) -> Decimal:
    realized = portfolio.ledger.realized
    return sum((row.proceeds for row in realized), ZERO) - sum((row.cost for row in realized), ZERO)


def total_income(portfolio: Portfolio) -> Decimal:
    events = portfolio.ledger.income
    gross = sum((event.gross for event in events), ZERO)
    return gross - sum((event.withholding for event in events), ZERO)
