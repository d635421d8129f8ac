"""The portfolio reports of ARCHITECTURE §4: load the user's data, build one `Portfolio` and ask it.

Parameters are checked here (a bad one is a 422 naming it) and resolved (defaults filled in) before
the routes look in the cache, so equal requests share a key. A missing price or exchange rate never
fails a report: what it leaves out or approximates comes back as caveats (the responses'
`warnings`). Only a ledger that contradicts itself is a 409 naming the transaction (and a
conversion between two currencies that no rate connects to each other although each converts into
the reporting one, which the caveats cannot leave out: a 409 naming the pair).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Generic, TypeVar

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from pms import analytics
from pms.analytics import (
    AllocationKey,
    AllocationSlice,
    CashHolding,
    Holding,
    HoldingsGroup,
    IncomeGroup,
    IncomeRow,
    LedgerError,
    MissingExchangeRate,
    NamedRange,
    OpenLot,
    Performance,
    Portfolio,
    RealizedGain,
    Summary,
)
from pms.analytics.caveats import Caveat
from pms.analytics.explain import Bridge, PositionRecord, holding_performance, positions
from pms.analytics.explain import explain as explain_bridge
from pms.analytics.income import term_of
from pms.analytics.periods import period_start
from pms.currencies import is_currency
from pms.db.models import Transaction, User
from pms.enums import CostBasisMethod, TransactionType
from pms.errors import Conflict, FieldError, ValidationFailed, not_found
from pms.ledger_limits import EARLIEST_DATE, date_problem, latest_date
from pms.market import ecb
from pms.services import market_data
from pms.services.market_data import StaleInstrument
from pms.services.portfolio import loading
from pms.services.portfolio.caching import Parameter

T = TypeVar("T")


class MissingRate(Conflict):
    title = "Exchange rate missing"
    slug = "missing-exchange-rate"


class LedgerInconsistent(Conflict):
    title = "The ledger contradicts itself"
    slug = "ledger-inconsistent"


@dataclass(frozen=True)
class Scope:
    """Whose portfolio, which accounts (all when `None`), in which currency, and the user's
    settings that change the numbers."""

    user_id: int
    accounts: tuple[int, ...] | None
    currency: str
    method: CostBasisMethod
    risk_free_rate: Decimal
    #: Lots sold after more than this many days are long-term (0: no distinction).
    long_term_days: int = 365

    def parameters(self) -> dict[str, Parameter]:
        return {
            "accounts": self.accounts,
            "currency": self.currency,
            "method": self.method,
            "risk_free_rate": self.risk_free_rate,
            "long_term_days": self.long_term_days,
            # A release with newer bundled ECB rates must not serve results cached by the old one.
            "fx_reference": ecb.bundle_tag(),
        }


def scope_for(user: User, *, account_ids: Sequence[int] | None, currency: str | None) -> Scope:
    """The accounts (sorted, without repeats) and the reporting currency (the user's base currency
    by default) of a request. Whether the accounts are the user's is checked with their data."""
    code = user.base_currency if currency is None else currency.strip().upper()
    if not is_currency(code):
        raise ValidationFailed.for_field(
            "currency", f"'{currency}' is not an ISO 4217 currency code", "currency"
        )
    return Scope(
        user_id=user.id,
        accounts=tuple(sorted(set(account_ids))) if account_ids else None,
        currency=code,
        method=CostBasisMethod(user.cost_basis_method),
        risk_free_rate=user.risk_free_rate,
        long_term_days=user.long_term_days,
    )


def report_date(value: date | None, today: date, name: str) -> date:
    """A date parameter, `today` when absent; 1900 or later and at most a day after today."""
    if value is None:
        return today
    problem = date_problem(value, today)
    if problem is not None:
        raise ValidationFailed.for_field(name, problem.value, "range")
    return value


def date_range(
    start: date | None, end: date | None, today: date, *, names: tuple[str, str] = ("from", "to")
) -> tuple[date | None, date]:
    """`from` (optional) and `to` (today when absent), each plausible, `from` not after `to`."""
    first = None if start is None else report_date(start, today, names[0])
    last = report_date(end, today, names[1])
    if first is not None and first > last:
        raise ValidationFailed.for_field(names[1], f"must not be before '{names[0]}'", "range")
    return first, last


def report_year(year: int | None, today: date) -> int | None:
    if year is not None and not EARLIEST_DATE.year <= year <= today.year:
        raise ValidationFailed.for_field(
            "year", f"must be between {EARLIEST_DATE.year} and {today.year}", "range"
        )
    return year


# -- the reports ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report(Generic[T]):
    """A report's result and what qualifies its figures (`pms.analytics.caveats`)."""

    result: T
    caveats: list[Caveat]


@dataclass(frozen=True)
class SummaryReport:
    summary: Summary
    stale: list[StaleInstrument]
    caveats: list[Caveat]


@dataclass(frozen=True)
class LabelledSlice:
    slice: AllocationSlice
    label: str | None


@dataclass(frozen=True)
class PerformanceReport:
    performance: Performance
    benchmark_symbol: str | None
    caveats: list[Caveat]


def _stale_caveats(stale: Sequence[StaleInstrument]) -> list[Caveat]:
    return [
        Caveat(
            "price_stale",
            f"The price of {s.symbol} is stale: {s.message}",
            instrument_id=s.instrument_id,
            since=s.last_date,
        )
        for s in stale
    ]


def _with_close(portfolio: Portfolio) -> set[int]:
    """Held instruments valued at a close (those without one are `valued_at_trade_price` or
    `price_missing` caveats, not `price_stale`)."""
    return {
        p.instrument_id
        for p in portfolio.open_positions
        if p.quote is not None and p.quote.has_close
    }


def _stale(session: Session, scope: Scope, portfolio: Portfolio) -> list[StaleInstrument]:
    """Held instruments with a close whose last close is older than expected."""
    return market_data.stale_instruments(
        session, sorted(_with_close(portfolio)), portfolio.as_of, user_id=scope.user_id
    )


def _valuation(
    session: Session, scope: Scope, portfolio: Portfolio, *, conversions: bool
) -> list[Caveat]:
    caveats = portfolio.missing_rate_caveats() + portfolio.valuation_caveats()
    caveats += _stale_caveats(_stale(session, scope, portfolio))
    if conversions:
        caveats += portfolio.conversion_caveats()
    return caveats


def summary(session: Session, scope: Scope, as_of: date) -> SummaryReport:
    """The summary at the close of `as_of`, the held instruments whose price is stale (with
    why, from the market-data status), and what qualifies its figures."""
    with _analytics_errors():
        portfolio = _portfolio(session, scope, as_of)
        result = analytics.summary(portfolio)
        held = sorted({p.instrument_id for p in portfolio.open_positions})
        # One look at the market status serves the `stale` list and the `price_stale` caveats.
        stale = market_data.stale_instruments(session, held, as_of, user_id=scope.user_id)
        with_close = _with_close(portfolio)
        caveats = portfolio.missing_rate_caveats() + portfolio.valuation_caveats()
        caveats += _stale_caveats([s for s in stale if s.instrument_id in with_close])
        caveats += portfolio.conversion_caveats()
    return SummaryReport(result, stale, caveats)


def holdings(
    session: Session, scope: Scope, as_of: date, group: HoldingsGroup
) -> Report[tuple[list[Holding], list[CashHolding]]]:
    """The open positions and the tracked cash beside them."""
    with _analytics_errors():
        portfolio = _portfolio(session, scope, as_of)
        rows = analytics.holdings(portfolio, group), analytics.cash_holdings(portfolio, group)
        return Report(rows, _valuation(session, scope, portfolio, conversions=True))


@dataclass(frozen=True)
class Purchase:
    id: int
    account_id: int
    date: date
    quantity: Decimal


@dataclass(frozen=True)
class LotView:
    """An open lot, the term a sale at `as_of` would realize, and (when asked for) the purchases
    of its instrument within 30 days of `as_of` that would make a loss a wash sale."""

    lot: OpenLot
    term: str | None
    wash_sale_purchases: list[Purchase] | None = None


#: Days before and after a sale in which a purchase of the same instrument disallows its loss
#: (the US wash-sale rule).
WASH_SALE_DAYS = 30


def lots(
    session: Session,
    scope: Scope,
    as_of: date,
    instrument_id: int | None,
    *,
    unrealized: str | None = None,
    wash_sale: bool = False,
) -> Report[list[LotView]]:
    """The open lots at the close of `as_of`, of one instrument when `instrument_id` is given
    (which must be visible to the user, as a benchmark must: `NotFound` otherwise). With
    `unrealized="loss"` only lots below their cost, the largest loss first (loss harvesting);
    `"gain"` only lots above it, the largest gain first. With `wash_sale`, each lot at a loss
    lists the purchases of its instrument, in any of the user's accounts, within 30 days before
    or after `as_of` (its own acquisition aside)."""
    with _analytics_errors():
        portfolio = _portfolio(session, scope, as_of, benchmark=instrument_id)
        rows = analytics.open_lots(portfolio, instrument_id)
        caveats = _valuation(session, scope, portfolio, conversions=True)
    if unrealized == "loss":
        rows = sorted((r for r in rows if r.unrealized_gain < 0), key=lambda r: r.unrealized_gain)
    elif unrealized == "gain":
        rows = sorted((r for r in rows if r.unrealized_gain > 0), key=lambda r: -r.unrealized_gain)
    purchases: dict[int, list[Purchase]] = {}
    losing = sorted({r.instrument_id for r in rows if r.unrealized_gain < 0})
    if wash_sale and losing:
        found = session.execute(
            select(
                Transaction.id,
                Transaction.account_id,
                Transaction.instrument_id,
                Transaction.date,
                Transaction.quantity,
            )
            .where(
                Transaction.user_id == scope.user_id,
                Transaction.instrument_id.in_(losing),
                or_(
                    Transaction.type == TransactionType.BUY,
                    and_(
                        Transaction.type == TransactionType.TRANSFER_IN,
                        Transaction.transfer_id.is_(None),
                    ),
                ),
                Transaction.date >= as_of - timedelta(days=WASH_SALE_DAYS),
                Transaction.date <= as_of + timedelta(days=WASH_SALE_DAYS),
            )
            .order_by(Transaction.date, Transaction.id)
        )
        for tx_id, account_id, instrument, day, quantity in found:
            purchases.setdefault(int(instrument or 0), []).append(
                Purchase(tx_id, account_id, day, Decimal(quantity or 0))
            )
    views = [
        LotView(
            row,
            term_of(row.days_held, scope.long_term_days),
            [p for p in purchases.get(row.instrument_id, []) if p.id != row.lot_id]
            if wash_sale and row.unrealized_gain < 0
            else None,
        )
        for row in rows
    ]
    return Report(views, caveats)


def performance(
    session: Session,
    scope: Scope,
    *,
    named: NamedRange | None,
    start: date | None,
    end: date,
    benchmark: int | None,
    instrument_id: int | None = None,
) -> PerformanceReport:
    """Performance over (start, end], or over the named range ending at `end`, with a benchmark's
    rebased series and beta when asked for; of one holding as a portfolio of its own with
    `instrument_id`."""
    rate = float(scope.risk_free_rate)
    with _analytics_errors():
        portfolio = _portfolio(session, scope, end, benchmark=benchmark, instrument=instrument_id)
        if benchmark is not None:
            code = portfolio.data.instrument(benchmark).currency
            if not portfolio.rates.convertible(code, scope.currency):
                raise ValidationFailed.for_field(
                    "benchmark",
                    f"the benchmark is quoted in {code} and no exchange rate connects {code} to "
                    f"{scope.currency}: choose another benchmark or report in {code}",
                    "missing_exchange_rate",
                )
        if instrument_id is not None:
            first = start
            if first is None:
                first = period_start(named or NamedRange.MAX, end, portfolio.inception)
            result = holding_performance(
                portfolio, instrument_id, start=first, benchmark=benchmark, risk_free_rate=rate
            )
        elif start is None:
            result = analytics.performance_for_range(
                portfolio, named or NamedRange.MAX, benchmark=benchmark, risk_free_rate=rate
            )
        else:
            result = analytics.performance(
                portfolio, start=start, benchmark=benchmark, risk_free_rate=rate
            )
        symbol = None if benchmark is None else portfolio.data.instrument(benchmark).symbol
        caveats = _valuation(session, scope, portfolio, conversions=True)
    return PerformanceReport(result, symbol, caveats)


@dataclass(frozen=True)
class ExplainReport:
    bridge: Bridge
    #: The symbol of each instrument row.
    symbols: dict[int, str]
    caveats: list[Caveat]


def explain(
    session: Session,
    scope: Scope,
    *,
    named: NamedRange | None,
    start: date | None,
    end: date,
    instrument_id: int | None,
) -> ExplainReport:
    """The value bridge over (start, end], or over the named range ending at `end`, of the whole
    selection or of one holding (an instrument the user sees: 404 otherwise)."""
    with _analytics_errors():
        portfolio = _portfolio(session, scope, end, instrument=instrument_id)
        first = start
        if first is None:
            first = period_start(named or NamedRange.MAX, end, portfolio.inception)
        bridge = explain_bridge(portfolio, start=first, end=end, instrument_id=instrument_id)
        symbols = {
            row.instrument_id: portfolio.data.instrument(row.instrument_id).symbol
            or f"#{row.instrument_id}"
            for row in bridge.rows
            if row.instrument_id is not None
        }
        caveats = _valuation(session, scope, portfolio, conversions=True)
    return ExplainReport(bridge, symbols, caveats)


def position_list(
    session: Session, scope: Scope, as_of: date
) -> Report[list[tuple[PositionRecord, str]]]:
    """Every position the scope has held up to `as_of`, with its symbol."""
    with _analytics_errors():
        portfolio = _portfolio(session, scope, as_of)
        rows = [
            (row, portfolio.data.instrument(row.instrument_id).symbol or f"#{row.instrument_id}")
            for row in positions(portfolio)
        ]
        caveats = _valuation(session, scope, portfolio, conversions=True)
    return Report(rows, caveats)


def allocation(
    session: Session, scope: Scope, as_of: date, by: AllocationKey
) -> Report[list[LabelledSlice]]:
    """The allocation by `by`; accounts are labelled with their names, instruments with their
    symbols."""
    with _analytics_errors():
        loaded = loading.load_portfolio(session, scope.user_id, end=as_of, currency=scope.currency)
        portfolio = _build(loaded, scope, as_of)
        slices = analytics.allocation(portfolio, by)
        caveats = _valuation(session, scope, portfolio, conversions=False)
    labelled = []
    for part in slices:
        label = None
        if by is AllocationKey.ACCOUNT and isinstance(part.key, int):
            label = loaded.account_names.get(part.key)
        elif by is AllocationKey.INSTRUMENT and isinstance(part.key, int):
            label = portfolio.data.instrument(part.key).symbol
        labelled.append(LabelledSlice(part, label))
    return Report(labelled, caveats)


def income(
    session: Session, scope: Scope, group: IncomeGroup, start: date | None, end: date
) -> Report[list[IncomeRow]]:
    with _analytics_errors():
        portfolio = _portfolio(session, scope, end)
        rows = analytics.income(portfolio, group, start=start, end=end)
        return Report(rows, portfolio.missing_rate_caveats() + portfolio.conversion_caveats())


def realized_end(year: int | None, today: date) -> date:
    """The last day whose sales count: the year's last day, or today for every year."""
    return today if year is None else min(date(year, 12, 31), latest_date(today))


def realized(
    session: Session, scope: Scope, year: int | None, end: date
) -> Report[list[RealizedGain]]:
    """Gains realized in `year` (every year when `None`) by sales up to `end`, one row per lot
    closed."""
    with _analytics_errors():
        portfolio = _portfolio(session, scope, end)
        rows = analytics.realized_gains(portfolio, year, long_term_days=scope.long_term_days)
        return Report(rows, portfolio.missing_rate_caveats() + portfolio.conversion_caveats())


# -- shared steps ---------------------------------------------------------------------------------


def _portfolio(
    session: Session,
    scope: Scope,
    as_of: date,
    *,
    benchmark: int | None = None,
    instrument: int | None = None,
) -> Portfolio:
    loaded = loading.load_portfolio(
        session,
        scope.user_id,
        end=as_of,
        currency=scope.currency,
        benchmark=benchmark,
        instrument=instrument,
    )
    return _build(loaded, scope, as_of)


def _build(loaded: loading.LoadedPortfolio, scope: Scope, as_of: date) -> Portfolio:
    if scope.accounts is not None:
        for account_id in scope.accounts:
            if account_id not in loaded.account_names:
                raise not_found("account", account_id)
    return Portfolio(
        loaded.data,
        currency=scope.currency,
        as_of=as_of,
        method=scope.method,
        accounts=scope.accounts,
    )


@contextmanager
def _analytics_errors() -> Iterator[None]:
    try:
        yield
    except MissingExchangeRate as exc:
        pair = f"{exc.source}/{exc.target}"
        reference = (
            "the ECB reference rates bundled with PMS have none"
            if exc.day is None
            else f"the ECB reference rates bundled with PMS have none on {exc.day.isoformat()}"
        )
        raise MissingRate(
            detail=f"no exchange rate from {exc.source} to {exc.target} is stored (nor the "
            f"reverse pair, nor a cross through USD or EUR) and {reference}: add rates with PUT "
            f"/api/v1/fx-rates/{exc.source}/{exc.target}, or report in another currency",
            errors=[
                FieldError("currency", f"no exchange rate for {pair}", "missing_exchange_rate")
            ],
        ) from exc
    except LedgerError as exc:
        raise LedgerInconsistent(detail=f"{exc}; correct or delete that transaction") from exc
