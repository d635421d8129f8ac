"""What the analytics layer answers: records named after the fields of the portfolio responses
(ARCHITECTURE §4). Money is `Decimal` in the reporting currency unless a field says otherwise;
returns, ratios and the daily series are floats."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from pms.analytics.records import DayArray, FloatArray
from pms.ledger_limits import LEDGER_CONTEXT

#: Money leaves the layer rounded to the ledger's scale (10 places, as stored).
MONEY_QUANTUM = Decimal("1E-10")


def money(value: Decimal) -> Decimal:
    return value.quantize(MONEY_QUANTUM, context=LEDGER_CONTEXT)


@dataclass(frozen=True, slots=True)
class RealizedGain:
    """One lot (or, under the moving average, one sale) closed: proceeds converted at the sale's
    rate, cost at the rate of each acquisition."""

    account_id: int
    instrument_id: int
    symbol: str
    acquired: date
    sold: date
    quantity: Decimal
    proceeds: Decimal
    cost: Decimal
    gain: Decimal
    #: Days from acquisition to sale (a lot moved by a transfer keeps its acquisition date).
    holding_days: int = 0
    #: `long` when held more than the long-term threshold, else `short`; `None` without one.
    term: str | None = None
    #: The lot's id (its acquiring transaction); `None` for a moving-average sale.
    lot_id: int | None = None
    #: The sale's transaction.
    transaction_id: int | None = None


@dataclass(frozen=True, slots=True)
class IncomeRow:
    """Income of one month (`2024-03`) or year (`2024`)."""

    period: str
    gross: Decimal
    withholding: Decimal
    net: Decimal


@dataclass(frozen=True, slots=True)
class StalePrice:
    """A held instrument valued with a price older than the last weekday on or before `as_of`
    (`price_date`), or with the last trade price because it has no close at all (`has_close`)."""

    instrument_id: int
    symbol: str
    price_date: date | None
    has_close: bool


@dataclass(frozen=True, slots=True)
class Holding:
    """One open position (`account_id` set) or one instrument merged over accounts (`None`).

    `price` and `average_cost` are in the instrument's `currency`; `fx_rate` converts that currency
    into the reporting one on `as_of`; the other money is in the reporting currency."""

    account_id: int | None
    instrument_id: int
    symbol: str
    name: str
    quantity: Decimal
    average_cost: Decimal
    cost_basis: Decimal
    price: Decimal | None
    price_date: date | None
    market_value: Decimal
    unrealized_gain: Decimal
    unrealized_gain_pct: float | None
    weight: float | None
    day_change: Decimal | None
    currency: str
    fx_rate: Decimal


@dataclass(frozen=True, slots=True)
class CashHolding:
    """Tracked cash of one account in one currency (`account_id` `None`: over the accounts):
    `balance` in `currency`, `market_value` in the reporting currency at `fx_rate`."""

    account_id: int | None
    currency: str
    balance: Decimal
    market_value: Decimal
    weight: float | None
    fx_rate: Decimal


@dataclass(frozen=True, slots=True)
class OpenLot:
    """One lot of an open position at the close of `as_of`: what is left of one acquisition (a
    buy, a transfer in, or a lot carried over from another account with its original date).

    `unit_cost` and `price` are in the instrument's `currency`; `cost_basis` is the lot's cost at
    the rate of its acquisition day, `market_value` = quantity × price × fx_rate, both in the
    reporting currency. The lots of a position add up to its holding."""

    account_id: int
    instrument_id: int
    symbol: str
    acquired: date
    days_held: int
    quantity: Decimal
    unit_cost: Decimal
    cost_basis: Decimal
    price: Decimal | None
    market_value: Decimal
    unrealized_gain: Decimal
    unrealized_gain_pct: float | None
    currency: str
    fx_rate: Decimal
    #: The lot's id: the transaction that acquired it, the same through transfers and partial
    #: sales (what a sale names to dispose of this lot).
    lot_id: int = 0


@dataclass(frozen=True, slots=True)
class Summary:
    """The whole (or narrowed) portfolio at the close of `as_of`.

    `market_value` is V(as_of): positions and cash; `cost_basis` and `unrealized_gain` cover
    positions only; `twr` and `mwr` run from the day before the first transaction to `as_of`."""

    as_of: date
    currency: str
    market_value: Decimal
    cost_basis: Decimal
    cash: Decimal
    unrealized_gain: Decimal
    realized_gain: Decimal
    income: Decimal
    fees: Decimal
    taxes: Decimal
    net_invested: Decimal
    twr: float
    mwr: float | None
    day_change: Decimal
    stale: tuple[StalePrice, ...]
    #: The close `day_change` ends on: the latest among the positions that have a previous close.
    day_change_date: date | None = None


@dataclass(frozen=True, slots=True)
class AllocationSlice:
    """Market value of one group: an asset class, sector, country, currency (str), an account or
    an instrument (int id). Cash counts as asset class `cash`, in its own currency and account, and
    under `None` for sector, country and instrument."""

    key: str | int | None
    market_value: Decimal
    weight: float | None


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    date: date
    value: float
    net_invested: float
    twr_index: float
    drawdown: float


@dataclass(frozen=True, eq=False)
class PerformanceSeries:
    """The daily series from the start `F` to the end `T` of a period, as arrays.

    `value` is V(t), `net_invested` Σ IN − Σ OUT since inception, `twr_index` the chained TWR with
    I(F) = 1, `drawdown` I(t) / max I(s ≤ t) − 1."""

    dates: DayArray
    value: FloatArray
    net_invested: FloatArray
    twr_index: FloatArray
    drawdown: FloatArray

    def __len__(self) -> int:
        return int(self.dates.size)

    def points(self) -> Iterator[SeriesPoint]:
        days = self.dates.astype(object)
        for i in range(len(self)):
            yield SeriesPoint(
                days[i],
                float(self.value[i]),
                float(self.net_invested[i]),
                float(self.twr_index[i]),
                float(self.drawdown[i]),
            )


@dataclass(frozen=True, eq=False)
class BenchmarkSeries:
    """A benchmark's closes in the reporting currency, split-adjusted and rebased to 1 on its first
    day with a close in the period (`nan` before it)."""

    instrument_id: int
    dates: DayArray
    value: FloatArray

    def points(self) -> Iterator[tuple[date, float | None]]:
        for day, value in zip(self.dates.astype(object), self.value, strict=True):
            yield day, None if np.isnan(value) else float(value)


@dataclass(frozen=True, eq=False)
class Performance:
    """Returns and risk over the period (`start`, `end`] (ARCHITECTURE §5)."""

    start: date
    end: date
    currency: str
    series: PerformanceSeries
    twr: float
    twr_annualized: float | None
    mwr: float | None
    absolute_gain: float
    volatility: float | None
    sharpe: float | None
    sortino: float | None
    max_drawdown: float
    max_drawdown_peak: date | None
    max_drawdown_trough: date | None
    beta: float | None
    benchmark: BenchmarkSeries | None
    #: Days of the period whose return could not be measured though money was there (their start
    #: was zero or less, e.g. negative cash): they count as no return.
    return_days_skipped: int = 0
