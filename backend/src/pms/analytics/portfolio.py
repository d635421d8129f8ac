"""A portfolio replayed up to a day, valued in one currency, narrowed to some accounts: the object
every report of this package reads (build it once per request and ask it several questions)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

import numpy as np

from pms.analytics.caveats import (
    Caveat,
    conversion_caveats,
    missing_rate_caveats,
    rate_gap_caveat,
    split_unconvertible,
    worth_in_own_currency,
)
from pms.analytics.fx import Approximation, Converter, ExchangeRates
from pms.analytics.gc_pause import gc_paused
from pms.analytics.ledger import Ledger
from pms.analytics.ledger_state import LedgerResult
from pms.analytics.pricing import Pricing, Quote
from pms.analytics.records import ZERO, DayArray, FloatArray, PortfolioData
from pms.analytics.results import Performance, StalePrice
from pms.analytics.valuation import Valuation, day_range, flows_by_day, value_series
from pms.enums import CostBasisMethod


class OpenPosition(NamedTuple):
    """An open position at the close of `as_of`, valued exactly."""

    account_id: int
    instrument_id: int
    quantity: Decimal
    cost: Decimal
    local_cost: Decimal
    quote: Quote | None
    fx_rate: Decimal
    market_value: Decimal
    day_change: Decimal | None


@dataclass(frozen=True, eq=False)
class Timeline:
    """Daily value and external flows from the day before the first transaction to `as_of`."""

    days: DayArray
    valuation: Valuation
    inflow: FloatArray
    outflow: FloatArray

    @property
    def value(self) -> FloatArray:
        return self.valuation.value

    @cached_property
    def net_invested(self) -> FloatArray:
        """Σ IN − Σ OUT up to each day."""
        cumulative: FloatArray = np.cumsum(self.inflow - self.outflow)
        return cumulative


class Portfolio:
    """The transactions of `data` replayed up to the close of `as_of` with a cost-basis `method`,
    in the reporting `currency`, narrowed to `accounts` (all when `None`)."""

    def __init__(
        self,
        data: PortfolioData,
        *,
        currency: str,
        as_of: date,
        method: CostBasisMethod = CostBasisMethod.FIFO,
        accounts: Collection[int] | None = None,
    ) -> None:
        self.currency = currency
        self.as_of = as_of
        self.method = method
        self.accounts = None if accounts is None else frozenset(accounts)
        self.rates = ExchangeRates(data.fx, data.reference_fx)
        #: The whole ledger as given; `data` is it without what no rate converts into `currency`
        #: (`left_out`, per currency: see `pms.analytics.caveats`).
        self.given = data
        data, self.left_out = split_unconvertible(data, self.rates, currency)
        self.data = data
        self.converter = Converter(self.rates, currency)
        dates = [tx.date for tx in data.transactions if tx.date <= as_of]
        #: The first day of every series: the day before the first transaction of any account.
        self.first_day = min(dates) - timedelta(days=1) if dates else as_of
        with gc_paused():
            self.ledger: LedgerResult = Ledger(
                data,
                self.converter,
                as_of=as_of,
                method=method,
                accounts=self.accounts,
                first_day=self.first_day,
            ).run()
        #: The replay's conversions whose rate was far from their day (before any valuation at
        #: as_of adds its own).
        self.ledger_approximations: dict[tuple[str, str], Approximation] = {
            key: Approximation(gap.first, gap.last, gap.count, gap.widest, gap.later)
            for key, gap in self.rates.approximated.items()
        }
        self.pricing = Pricing(data, self.ledger.trade_prices)
        #: Performance already worked out, by (start, end): its figures without a benchmark at a
        #: risk-free rate of 0, and its business-day returns.
        self.performance_cache: dict[tuple[date, date], tuple[Performance, FloatArray]] = {}

    @property
    def inception(self) -> date | None:
        """The day of the first transaction of the selected accounts."""
        return self.ledger.inception

    def includes(self, account_id: int) -> bool:
        return self.accounts is None or account_id in self.accounts

    # -- exact figures at as_of ----------------------------------------------------------------

    @cached_property
    def open_positions(self) -> list[OpenPosition]:
        """Every position of the selected accounts with quantity ≠ 0, ordered by account and
        instrument: quantity × price × rate, and the day change
        quantity × (close − previous close) × rate."""
        result: list[OpenPosition] = []
        quotes: dict[int, tuple[Quote | None, Decimal | None]] = {}
        for (account_id, instrument_id), position in sorted(self.ledger.positions.items()):
            if position.quantity == 0 or not self.includes(account_id):
                continue
            currency = self.data.instrument(instrument_id).currency
            rate = self.converter.rate(currency, self.as_of)
            if instrument_id not in quotes:
                found = self.pricing.quote(instrument_id, self.as_of)
                before = (
                    None
                    if found is None
                    else self.pricing.previous_close(instrument_id, found, self.as_of)
                )
                quotes[instrument_id] = (found, before)
            quote, previous = quotes[instrument_id]
            price = quote.price if quote is not None else ZERO
            change = None if previous is None else position.quantity * (price - previous) * rate
            result.append(
                OpenPosition(
                    account_id,
                    instrument_id,
                    position.quantity,
                    position.cost,
                    position.local_cost,
                    quote,
                    rate,
                    position.quantity * price * rate,
                    change,
                )
            )
        return result

    @cached_property
    def cash_balances(self) -> dict[tuple[int, str], Decimal]:
        """Tracked cash of the selected accounts per (account, currency), in that currency."""
        return {
            key: balance
            for key, balance in sorted(self.ledger.cash.items())
            if balance != 0 and self.includes(key[0])
        }

    @cached_property
    def cash_value(self) -> Decimal:
        """Σ cash_a × fx(ccy_a → C, as_of)."""
        return sum(
            (
                balance * self.converter.rate(currency, self.as_of)
                for (_, currency), balance in self.cash_balances.items()
            ),
            ZERO,
        )

    @cached_property
    def market_value(self) -> Decimal:
        """V(as_of): positions and cash."""
        return sum((p.market_value for p in self.open_positions), ZERO) + self.cash_value

    @cached_property
    def flows(self) -> tuple[list[date], list[Decimal]]:
        """Every external flow of the selection in the reporting currency (> 0 in, < 0 out),
        transfers across the selection's boundary valued at quantity × the close of their day."""
        days = list(self.ledger.flow_days)
        amounts = list(self.ledger.flow_amounts)
        for day, _, amount in self.transfer_values:
            days.append(day)
            amounts.append(amount)
        return days, amounts

    @cached_property
    def transfer_values(self) -> list[tuple[date, int, Decimal]]:
        """The transfers across the selection's boundary as flows: (day, instrument, quantity ×
        the valuation price of the day × its rate), > 0 in; one without any price is left out."""
        values = []
        for transfer in self.ledger.transfer_flows:
            quote = self.pricing.quote(transfer.instrument_id, transfer.date)
            if quote is None:
                continue
            currency = self.data.instrument(transfer.instrument_id).currency
            rate = self.converter.rate(currency, transfer.date)
            values.append(
                (transfer.date, transfer.instrument_id, transfer.quantity * quote.price * rate)
            )
        return values

    @cached_property
    def net_invested(self) -> Decimal:
        """Σ IN − Σ OUT up to as_of."""
        return sum(self.flows[1], ZERO)

    def stale_prices(self) -> tuple[StalePrice, ...]:
        """Held instruments whose price is older than the last weekday on or before as_of, or that
        are valued at their last trade price for want of any close."""
        last_weekday = self.as_of - timedelta(days=max(0, self.as_of.weekday() - 4))
        seen: dict[int, StalePrice] = {}
        for position in self.open_positions:
            quote = position.quote
            if quote is not None and quote.has_close and quote.date >= last_weekday:
                continue
            instrument = self.data.instrument(position.instrument_id)
            seen[position.instrument_id] = StalePrice(
                instrument.id,
                instrument.symbol,
                None if quote is None else quote.date,
                quote is not None and quote.has_close,
            )
        return tuple(seen.values())

    # -- what qualifies the figures -------------------------------------------------------------

    @cached_property
    def left_out_worth(self) -> dict[str, Decimal | None]:
        """What each left-out part holds at as_of in its own currency."""
        return {
            code: worth_in_own_currency(self.given, part, self.as_of, self.accounts)
            for code, part in self.left_out.items()
        }

    def missing_rate_caveats(self) -> list[Caveat]:
        return missing_rate_caveats(
            self.left_out,
            self.currency,
            self.as_of,
            self.left_out_worth,
            self.accounts,
            self.given.reference_fx,
        )

    def conversion_caveats(self) -> list[Caveat]:
        """Transactions converted at a rate far from their day (cost, income, realized gains)."""
        return conversion_caveats(self.ledger_approximations, self.currency)

    def valuation_caveats(self) -> list[Caveat]:
        """What qualifies V(as_of): positions valued at a trade price or at nothing, and rates far
        from the close (or, for cash, the day) they convert."""
        result: list[Caveat] = []
        figure_days: dict[str, tuple[date, str]] = {}
        seen: set[int] = set()
        for position in self.open_positions:
            instrument = self.data.instrument(position.instrument_id)
            quote = position.quote
            if instrument.id not in seen:
                seen.add(instrument.id)
                if quote is None:
                    result.append(
                        Caveat(
                            "price_missing",
                            f"{instrument.symbol} has no close and no trade price on or before "
                            f"{self.as_of.isoformat()}: it counts at zero until a close is "
                            "entered or fetched",
                            instrument_id=instrument.id,
                        )
                    )
                elif not quote.has_close:
                    result.append(
                        Caveat(
                            "valued_at_trade_price",
                            f"{instrument.symbol} has no close on or before "
                            f"{self.as_of.isoformat()}: it is valued at its last trade price, of "
                            f"{quote.date.isoformat()}",
                            instrument_id=instrument.id,
                            since=quote.date,
                        )
                    )
            if instrument.currency != self.currency and quote is not None:
                known = figure_days.get(instrument.currency)
                if known is None or quote.date > known[0]:
                    figure_days[instrument.currency] = (
                        quote.date,
                        f"the {instrument.currency} positions",
                    )
        for (_, code), _balance in self.cash_balances.items():
            if code != self.currency:
                figure_days[code] = (self.as_of, f"the {code} cash and positions")
        for code, (day, what) in sorted(figure_days.items()):
            _, dated = self.rates.rate_dated(code, self.currency, self.as_of)
            rate_day = date.fromordinal(dated)
            caveat = None
            if rate_day > self.as_of:
                caveat = rate_gap_caveat(code, self.currency, self.as_of, rate_day, what)
            elif rate_day < day:
                caveat = rate_gap_caveat(code, self.currency, day, rate_day, what)
            if caveat is not None:
                result.append(caveat)
        return result

    # -- the daily series ----------------------------------------------------------------------

    @cached_property
    def timeline(self) -> Timeline:
        days = day_range(self.first_day, self.as_of)
        ledger = self.ledger
        valuation = value_series(
            data=self.data,
            days=days,
            quantities=ledger.quantities,
            cash_levels=ledger.cash_levels,
            cash_currencies=ledger.cash_currencies,
            trade_prices=ledger.trade_prices,
            rates=self.rates,
            currency=self.currency,
        )
        inflow, outflow = flows_by_day(days, *self.flows)
        return Timeline(days, valuation, inflow, outflow)
