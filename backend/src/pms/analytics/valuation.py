"""The daily value V(t) as one matrix computation (ARCHITECTURE §5, Valuation):

    V(t) = Σ_i Q[t, i] · P[t, i] · X[t, ccy_i]  +  Σ_c CASH[t, c] · X[t, c]

`Q` holds the selection's quantity of each instrument at the close of each day, `P` the last close on
or before the day (else the last trade price), `X` the rate of a currency into the reporting one, and
`CASH` the tracked cash per currency. Each is a step function placed on a (days × columns) grid and
forward-filled along the days in one vectorised pass; no loop runs over days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from pms.analytics.fx import ExchangeRates
from pms.analytics.ledger import LevelEvents, TradePrices
from pms.analytics.records import DailySeries, DayArray, FloatArray, PortfolioData

IntArray = npt.NDArray[np.int64]


def day_range(first: date, last: date) -> DayArray:
    """Every calendar day from `first` to `last`, both included."""
    return np.arange(
        np.datetime64(first, "D"),
        np.datetime64(last + timedelta(days=1), "D"),
        dtype="datetime64[D]",
    )


def forward_filled(
    rows: IntArray, cols: IntArray, values: FloatArray, shape: tuple[int, int]
) -> FloatArray:
    """A (days × columns) matrix whose cell holds the last value placed in its column on or before
    its row (`nan` before the first). Where several values share a cell, the last one given wins."""
    n, k = shape
    placed = np.full(shape, np.nan)
    if rows.size:
        key = rows * k + cols
        _, last_reversed = np.unique(key[::-1], return_index=True)
        keep = key.size - 1 - last_reversed
        placed[rows[keep], cols[keep]] = values[keep]
    source = np.where(np.isnan(placed), 0, np.arange(n)[:, None])
    np.maximum.accumulate(source, axis=0, out=source)
    filled: FloatArray = placed[source, np.arange(k)[None, :]]
    return filled


def _close_cells(
    series: DailySeries | None, column: int, days: DayArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """Where one instrument's closes go on the grid: those inside it, and the last one before it on
    the first row (unless a close falls on that row)."""
    empty = np.empty(0, dtype=np.int64)
    if series is None or len(series) == 0:
        return empty, empty, np.empty(0)
    first, last = days[0], days[-1]
    lo = int(np.searchsorted(series.days, first, side="left"))
    hi = int(np.searchsorted(series.days, last, side="right"))
    if lo > 0 and (lo == len(series) or series.days[lo] != first):
        lo -= 1
    if lo >= hi:
        return empty, empty, np.empty(0)
    rows = np.maximum((series.days[lo:hi] - first).astype(np.int64), 0)
    return rows, np.full(rows.size, column, dtype=np.int64), series.values[lo:hi]


@dataclass(frozen=True, eq=False)
class Valuation:
    """V(t) on every day of `days`, split into positions and cash."""

    days: DayArray
    positions: FloatArray
    cash: FloatArray

    @property
    def value(self) -> FloatArray:
        total: FloatArray = self.positions + self.cash
        return total


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
    n = int(days.size)
    origin = days[0].astype(date).toordinal()
    positions = np.zeros(n)
    if quantities.rows:
        instrument_ids, cols = np.unique(
            np.asarray(quantities.keys, dtype=np.int64), return_inverse=True
        )
        k = int(instrument_ids.size)
        held = forward_filled(
            np.asarray(quantities.rows, dtype=np.int64),
            cols.astype(np.int64),
            np.asarray(quantities.levels, dtype=np.float64),
            (n, k),
        )
        prices = _price_matrix(data, days, [int(i) for i in instrument_ids], trade_prices, origin)
        currencies = [data.instrument(int(i)).currency for i in instrument_ids]
        held = np.nan_to_num(held, nan=0.0)
        held *= prices
        held *= _rate_matrix(rates, currencies, currency, days)
        positions = held.sum(axis=1)
    cash = np.zeros(n)
    if cash_levels.rows:
        m = len(cash_currencies)
        balances = forward_filled(
            np.asarray(cash_levels.rows, dtype=np.int64),
            np.asarray(cash_levels.keys, dtype=np.int64),
            np.asarray(cash_levels.levels, dtype=np.float64),
            (n, m),
        )
        balances = np.nan_to_num(balances, nan=0.0)
        balances *= _rate_matrix(rates, list(cash_currencies), currency, days)
        cash = balances.sum(axis=1)
    return Valuation(days, positions, cash)


def _rate_matrix(
    rates: ExchangeRates, currencies: list[str], target: str, days: DayArray
) -> FloatArray:
    """(days × columns) rates of each column's currency into `target`."""
    distinct = sorted(set(currencies))
    by_currency = np.column_stack([rates.series(code, target, days) for code in distinct])
    index = np.array([distinct.index(code) for code in currencies], dtype=np.int64)
    matrix: FloatArray = by_currency[:, index]
    return matrix


def _price_matrix(
    data: PortfolioData,
    days: DayArray,
    instrument_ids: list[int],
    trade_prices: TradePrices,
    origin: int,
) -> FloatArray:
    """(days × instruments) forward-filled closes; the last trade price where no close exists yet."""
    n, k = int(days.size), len(instrument_ids)
    parts = [_close_cells(data.prices.get(i), col, days) for col, i in enumerate(instrument_ids)]
    closes = forward_filled(
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        (n, k),
    )
    missing = np.isnan(closes)
    if missing.any():
        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        for col, instrument_id in enumerate(instrument_ids):
            if not missing[:, col].any():
                continue
            ordinals = trade_prices.ordinals.get(instrument_id, [])
            rows.extend(ordinal - origin for ordinal in ordinals)
            cols.extend([col] * len(ordinals))
            values.extend(float(price) for price in trade_prices.prices[instrument_id])
        fallback = forward_filled(
            np.asarray(rows, dtype=np.int64),
            np.asarray(cols, dtype=np.int64),
            np.asarray(values, dtype=np.float64),
            (n, k),
        )
        closes = np.where(missing, fallback, closes)
    prices: FloatArray = np.nan_to_num(closes, nan=0.0)
    return prices


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
