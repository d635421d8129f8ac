"""The portfolio at a glance at the close of `as_of`."""

from __future__ import annotations

from pms.analytics.income import total_income, total_realized
from pms.analytics.performance import performance_for_range
from pms.analytics.periods import NamedRange
from pms.analytics.portfolio import Portfolio
from pms.analytics.records import ZERO
from pms.analytics.results import Summary, money


def summary(portfolio: Portfolio) -> Summary:
    """market_value = V(as_of) (positions and cash); cash = its cash part; cost_basis and
    unrealized_gain = market value of the positions − their cost, positions only; realized_gain,
    income (net of withholding), fees and taxes since inception; net_invested = Σ IN − Σ OUT;
    twr and mwr from the day before the first transaction to as_of; day_change = Σ of the
    holdings' day changes."""
    positions = portfolio.open_positions
    cost = sum((p.cost for p in positions), ZERO)
    position_value = sum((p.market_value for p in positions), ZERO)
    since_inception = performance_for_range(portfolio, NamedRange.MAX)
    ledger = portfolio.ledger
    return Summary(
        as_of=portfolio.as_of,
        currency=portfolio.currency,
        market_value=money(portfolio.market_value),
        cost_basis=money(cost),
        cash=money(portfolio.cash_value),
        unrealized_gain=money(position_value - cost),
        realized_gain=money(total_realized(portfolio)),
        income=money(total_income(portfolio)),
        fees=money(ledger.fees),
        taxes=money(ledger.taxes),
        net_invested=money(portfolio.net_invested),
        twr=since_inception.twr,
        mwr=since_inception.mwr,
        day_change=money(sum((p.day_change for p in positions if p.day_change is not None), ZERO)),
        stale=portfolio.stale_prices(),
        day_change_date=max(
            (p.quote.date for p in positions if p.day_change is not None and p.quote is not None),
            default=None,
        ),
    )
