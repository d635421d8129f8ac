"""The daily value V(t) as one matrix computation (ARCHITECTURE §5, Valuation):

    V(t) = Σ_i Q[i, t] · P[i, t] · X[ccy_i, t]  +  Σ_c CASH[c, t] · X[c, t]

`Q` holds the selection's quantity of each instrument at the close of each day, `P` the last close on
or before the day (else the last trade price), `X` the rate of a currency into the reporting one, and
`CASH` the tracked cash per currency. Each is a step function on a (columns × days) grid, filled
forward along the days in one vectorised pass (`step_matrix`); no loop runs over days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from pms.analytics.fx import ExchangeRates
from pms.analytics.ledger_state import LevelEvents
from pms.analytics.pricing import TradePrices
from pms.analytics.records import DailySeries, DayArray, FloatArray, PortfolioData, SplitRecord

IntArray = npt.NDArray[np.int64]


def day_range(first: date, last: date) -> DayArray:
    """Every calendar day from `first` to `last`, both included."""
    return np.arange(
        np.datetime64(first, "D"),
        np.datetime64(last + timedelta(days=1), "D"),
        dtype="datetime64[D]",
    )


def step_matrix(
    shape: tuple[int, int],
    cols: IntArray,
    rows: IntArray,
    values: FloatArray,
    *,
    ordered: bool = False,
    before: float = np.nan,
) -> FloatArray:
    """A (columns × days) matrix whose cell holds the last value placed in its column on or before
    its day, `before` (`nan` unless given) before the first. Where several values share a cell the
    last one given wins. `ordered` promises the entries are sorted by column, then day, with no
    cell twice.

    Each entry fills its row up to the next entry of its column, so the whole matrix is one
    `np.repeat` of the values (and a `nan` ahead of each column) by those run lengths."""
    k, n = shape
    if not ordered and rows.size:
        order = np.lexsort((rows, cols))
        cols, rows, values = cols[order], rows[order], values[order]
        last = np.ones(rows.size, dtype=bool)
        last[:-1] = (cols[1:] != cols[:-1]) | (rows[1:] != rows[:-1])
        cols, rows, values = cols[last], rows[last], values[last]
    m = rows.size
    per_column = np.bincount(cols, minlength=k)
    ends = np.cumsum(per_column)
    starts = ends - per_column
    runs = np.empty(m, dtype=np.int64)
    if m:
        runs[:-1] = rows[1:] - rows[:-1]
        runs[ends[per_column > 0] - 1] = n - rows[ends[per_column > 0] - 1]
    leading = np.full(k, n, dtype=np.int64)
    leading[per_column > 0] = rows[starts[per_column > 0]]
    fill = np.empty(k + m)
    lengths = np.empty(k + m, dtype=np.int64)
    heads = starts + np.arange(k)
    body = np.arange(m) + cols + 1
    fill[heads], lengths[heads] = before, leading
    fill[body], lengths[body] = values, runs
    matrix: FloatArray = np.repeat(fill, lengths).reshape(shape)
    return matrix


def split_factors(splits: Sequence[SplitRecord], days: DayArray) -> FloatArray:
    """S(t) = Π numerator ÷ denominator of an instrument's splits dated on or before each day:
    a close on day d times S(d) is in units from before all the splits."""
    factors = np.ones(days.size)
    for split in splits:
        factors[days >= np.datetime64(split.date, "D")] *= split.numerator / split.denominator
    return factors


def _close_cells(
    series: DailySeries | None, days: DayArray, splits: Sequence[SplitRecord]
) -> tuple[IntArray, FloatArray]:
    """Where one instrument's closes go on the day grid: those inside it, and the last one before
    it on the first day (unless a close falls on that day). With splits, the values are in units
    from before the splits (close × S of its own day), to be divided by S of the day valued."""
    empty = np.empty(0, dtype=np.int64)
    if series is None or len(series) == 0:
        return empty, np.empty(0)
    first, last = days[0], days[-1]
    lo = int(np.searchsorted(series.days, first, side="left"))
    hi = int(np.searchsorted(series.days, last, side="right"))
    if lo > 0 and (lo == len(series) or series.days[lo] != first):
        lo -= 1
    if lo >= hi:
        return empty, np.empty(0)
    rows = np.maximum((series.days[lo:hi] - first).astype(np.int64), 0)
    values = series.values[lo:hi]
    if splits:
        values = values * split_factors(splits, series.days[lo:hi])
    return rows, values


@dataclass(frozen=True, eq=False)
class Valuation:
    """V(t) on every day of `days`, split into positions and cash, with the grids it came from
    (what the value bridge reads again)."""

    days: DayArray
    positions: FloatArray
    cash: FloatArray
    grid: PositionGrid | None = None
    #: Tracked cash per currency (rows in the ledger's cash-currency order) on each day.
    balances: FloatArray | None = None

    @property
    def value(self) -> FloatArray:
        total: FloatArray = self.positions + self.cash
        return total


@dataclass(frozen=True, eq=False)
class PositionGrid:
    """The selection's positions on a (instruments × days) grid: `quantities` Q and `prices` P
    (the last close, else the last trade price, in each day's units after splits), one row per
    instrument, rows grouped by currency (`currencies[row]`)."""

    instrument_ids: list[int]
    currencies: list[str]
    quantities: FloatArray
    prices: FloatArray


def position_grid(
    data: PortfolioData, days: DayArray, quantities: LevelEvents, trade_prices: TradePrices
) -> PositionGrid:
    n = int(days.size)
    if not quantities.rows:
        return PositionGrid([], [], np.zeros((0, n)), np.zeros((0, n)))
    origin = days[0].astype(date).toordinal()
    keys = np.asarray(quantities.keys, dtype=np.int64)
    instrument_ids = np.unique(keys)
    # Rows grouped by currency, so that each currency's rows are contiguous.
    order = sorted(instrument_ids.tolist(), key=lambda i: (data.instrument(i).currency, i))
    row = {instrument_id: at for at, instrument_id in enumerate(order)}
    rows = np.fromiter((row[key] for key in quantities.keys), np.int64, keys.size)
    held = step_matrix(
        (len(order), n),
        rows,
        np.asarray(quantities.rows, dtype=np.int64),
        np.asarray(quantities.levels, dtype=np.float64),
        before=0.0,
    )
    prices = _price_matrix(data, days, order, trade_prices, origin)
    currencies = [data.instrument(i).currency for i in order]
    return PositionGrid(order, currencies, held, prices)


def cash_grid(cash_levels: LevelEvents, cash_currencies: Sequence[str], n: int) -> FloatArray:
    """Tracked cash per currency (rows in `cash_currencies` order) on each of `n` days."""
    if not cash_levels.rows:
        return np.zeros((len(cash_currencies), n))
    return step_matrix(
        (len(cash_currencies), n),
        np.asarray(cash_levels.keys, dtype=np.int64),
        np.asarray(cash_levels.rows, dtype=np.int64),
        np.asarray(cash_levels.levels, dtype=np.float64),
        before=0.0,
    )


def value_series(
    *,
    data: PortfolioData,
    days: DayArray,
    quantities: LevelEvents,
    cash_levels: LevelEvents,
    cash_currencies: Sequence[str],
    trade_prices: TradePrices,
    rates: ExchangeRates,
    currency: str,
) -> Valuation:
    """V(t) = Σ_c fx_c(t) · Σ_{i in c} Q[i, t] · P[i, t]  +  Σ_c fx_c(t) · CASH[c, t]."""
    n = int(days.size)
    positions = np.zeros(n)
    grid = None
    if quantities.rows:
        grid = position_grid(data, days, quantities, trade_prices)
        held = grid.quantities * grid.prices
        positions = _convert_groups(held, grid.currencies, rates, currency, days)
    cash = np.zeros(n)
    balances = None
    if cash_levels.rows:
        balances = cash_grid(cash_levels, cash_currencies, n)
        cash = _convert_groups(balances, list(cash_currencies), rates, currency, days)
    return Valuation(days, positions, cash, grid, balances)


def _convert_groups(
    amounts: FloatArray, currencies: list[str], rates: ExchangeRates, target: str, days: DayArray
) -> FloatArray:
    """Σ_c fx(c → target, t) · Σ_{rows in c} amounts[row, t], for rows ordered so that each
    currency's rows are contiguous (`currencies[row]` is the currency of a row)."""
    total = np.zeros(days.size)
    start = 0
    while start < len(currencies):
        stop = start + 1
        while stop < len(currencies) and currencies[stop] == currencies[start]:
            stop += 1
        total += amounts[start:stop].sum(axis=0) * rates.series(currencies[start], target, days)
        start = stop
    return total


def _price_matrix(
    data: PortfolioData,
    days: DayArray,
    instrument_ids: list[int],
    trade_prices: TradePrices,
    origin: int,
) -> FloatArray:
    """(instruments × days) forward-filled closes; the last trade price where no close exists yet."""
    shape = (len(instrument_ids), int(days.size))
    splits: dict[int, list[SplitRecord]] = {}
    for split in data.splits:
        splits.setdefault(split.instrument_id, []).append(split)
    parts = [_close_cells(data.prices.get(i), days, splits.get(i, [])) for i in instrument_ids]
    closes = step_matrix(
        shape,
        np.repeat(np.arange(len(parts), dtype=np.int64), [p[0].size for p in parts]),
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        ordered=True,
        before=0.0,
    )
    # Closes fill forward, so a row lacks a price only on the days before its first close.
    first_close = [int(p[0][0]) if p[0].size else shape[1] for p in parts]
    needs = [col for col, first in enumerate(first_close) if first > 0]
    if needs:
        trade_prices.prepare([instrument_ids[col] for col in needs])
        cols: list[int] = []
        rows: list[int] = []
        values: list[float] = []
        for at, col in enumerate(needs):
            ordinals, prices, _ = trade_prices.history(instrument_ids[col])
            cols.extend([at] * len(ordinals))
            rows.extend(ordinal - origin for ordinal in ordinals)
            values.extend(float(price) for price in prices)
        fallback = step_matrix(
            (len(needs), shape[1]),
            np.asarray(cols, dtype=np.int64),
            np.asarray(rows, dtype=np.int64),
            np.asarray(values, dtype=np.float64),
            before=0.0,
        )
        for at, col in enumerate(needs):
            lead = first_close[col]
            closes[col, :lead] = fallback[at, :lead]
    for col, instrument_id in enumerate(instrument_ids):
        if instrument_id in splits:
            # Closes were placed in units from before the splits: restate them in each day's
            # units (the trade-price fallback before the first close is split-adjusted already).
            lead = first_close[col]
            closes[col, lead:] /= split_factors(splits[instrument_id], days[lead:])
    return closes


def flows_by_day(
    days: DayArray, flow_days: Sequence[date], amounts: Sequence[Decimal]
) -> tuple[FloatArray, FloatArray]:
    """Daily inflows IN_t ≥ 0 and outflows OUT_t ≥ 0 from signed flows (> 0 in, < 0 out)."""
    n = int(days.size)
    inflow, outflow = np.zeros(n), np.zeros(n)
    if flow_days:
        origin = days[0].astype(date).toordinal()
        rows = np.fromiter(
            (day.toordinal() - origin for day in flow_days), np.int64, len(flow_days)
        )
        signed = np.fromiter((float(amount) for amount in amounts), np.float64, len(amounts))
        np.add.at(inflow, rows, np.where(signed > 0, signed, 0.0))
        np.add.at(outflow, rows, np.where(signed < 0, -signed, 0.0))
    return inflow, outflow
