"""Performance over a period (F, T]: the daily series, TWR, XIRR, absolute gain, risk and a
benchmark (ARCHITECTURE §5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from pms.analytics.periods import NamedRange, is_year_or_longer, period_start
from pms.analytics.portfolio import Portfolio
from pms.analytics.records import DayArray, FloatArray
from pms.analytics.results import BenchmarkSeries, Performance, PerformanceSeries
from pms.analytics.returns import (
    annualized,
    drawdowns,
    irr,
    max_drawdown,
    returns_and_skipped,
    twr_index,
)
from pms.analytics.risk import beta, business_day_returns, sharpe, sortino, volatility
from pms.analytics.valuation import split_factors


def performance(
    portfolio: Portfolio,
    *,
    start: date,
    end: date | None = None,
    benchmark: int | None = None,
    risk_free_rate: float = 0.0,
) -> Performance:
    """Performance from the close of `start` (F) to the close of `end` (T, the portfolio's as_of
    when `None`).

    twr = Π(1 + r_t) − 1 over t in (F, T]; twr_annualized = (1 + twr)^(365 / (T − F)) − 1 when
    T − F ≥ 365 days, else `None`; mwr = XIRR of −V(F) on F, −IN_t and +OUT_t on their days and
    +V(T) on T; absolute_gain = V(T) − V(F) − Σ IN + Σ OUT; volatility, Sharpe (with the annual
    `risk_free_rate`), Sortino and beta on business-day returns; max_drawdown on the daily TWR
    index. Days before the first transaction have V = 0 and no flows."""
    end = portfolio.as_of if end is None else end
    cached = portfolio.performance_cache.get((start, end))
    if cached is None:
        cached = portfolio.performance_cache[(start, end)] = _performance(portfolio, start, end)
    result, business = cached
    return with_extras(portfolio, result, business, benchmark, risk_free_rate)


def with_extras(
    portfolio: Portfolio,
    result: Performance,
    business: FloatArray,
    benchmark: int | None,
    risk_free_rate: float,
) -> Performance:
    """`result` with a benchmark's series and beta, and Sharpe and Sortino at `risk_free_rate`."""
    if benchmark is None and risk_free_rate == 0:
        return result
    bench = beta_value = None
    if benchmark is not None:
        bench = _benchmark(portfolio, benchmark, result.series.dates)
        bench_returns = _returns_of_index(bench.value)
        beta_value = beta(business, business_day_returns(result.series.dates[1:], bench_returns))
    return replace(
        result,
        sharpe=sharpe(business, risk_free_rate),
        sortino=sortino(business, risk_free_rate),
        beta=beta_value,
        benchmark=bench,
    )


def _performance(portfolio: Portfolio, start: date, end: date) -> tuple[Performance, FloatArray]:
    """The period's figures without a benchmark and at a risk-free rate of 0, and its
    business-day returns (from which the other rates and a beta follow)."""
    if end > portfolio.as_of:
        raise ValueError(f"the period ends {end}, after the portfolio's as_of {portfolio.as_of}")
    if start > end:
        raise ValueError(f"the period starts {start}, after its end {end}")
    days, values, inflow, outflow, invested = _window(portfolio, start, end)
    return figures(start, end, portfolio.currency, days, values, inflow, outflow, invested)


def figures(
    start: date,
    end: date,
    currency: str,
    days: DayArray,
    values: FloatArray,
    inflow: FloatArray,
    outflow: FloatArray,
    invested: FloatArray,
) -> tuple[Performance, FloatArray]:
    """The figures of a daily value series F … T with its flows and net invested (index 0 = F),
    and its business-day returns."""
    returns, skipped = returns_and_skipped(values, inflow, outflow)
    index = twr_index(returns)
    twr = float(index[-1] - 1.0)
    length = (end - start).days
    worst, peak, trough = max_drawdown(index)
    business = business_day_returns(days[1:], returns)
    flows = outflow - inflow
    flows[0] = -values[0]
    flows[-1] += values[-1]
    result = Performance(
        start=start,
        end=end,
        currency=currency,
        series=PerformanceSeries(days, values, invested, index, drawdowns(index)),
        twr=twr,
        twr_annualized=annualized(twr, length) if is_year_or_longer(start, end) else None,
        mwr=irr(np.arange(days.size, dtype=np.float64), flows),
        absolute_gain=float(values[-1] - values[0] - inflow[1:].sum() + outflow[1:].sum()),
        volatility=volatility(business),
        sharpe=sharpe(business),
        sortino=sortino(business),
        max_drawdown=worst,
        max_drawdown_peak=None if peak is None else start + timedelta(days=peak),
        max_drawdown_trough=None if trough is None else start + timedelta(days=trough),
        beta=None,
        benchmark=None,
        return_days_skipped=skipped,
    )
    return result, business


def performance_for_range(
    portfolio: Portfolio,
    name: NamedRange | str,
    *,
    benchmark: int | None = None,
    risk_free_rate: float = 0.0,
) -> Performance:
    """Performance over a named range (`1D` … `MAX`) ending at the portfolio's as_of."""
    start = period_start(name, portfolio.as_of, portfolio.inception)
    return performance(portfolio, start=start, benchmark=benchmark, risk_free_rate=risk_free_rate)


def _window(
    portfolio: Portfolio, start: date, end: date
) -> tuple[DayArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Days F … T with value, inflows, outflows and net invested; zeros before the first day."""
    timeline = portfolio.timeline
    first = portfolio.first_day
    lo = (start - first).days
    hi = (end - first).days + 1
    pad = max(0, -lo)
    lo = max(0, lo)
    days = np.arange(
        np.datetime64(start, "D"),
        np.datetime64(end + timedelta(days=1), "D"),
        dtype="datetime64[D]",
    )

    def cut(series: FloatArray) -> FloatArray:
        part = series[lo:hi] if hi > 0 else series[:0]
        padded: FloatArray = np.concatenate((np.zeros(min(pad, days.size)), part))
        return padded

    return (
        days,
        cut(timeline.value),
        cut(timeline.inflow),
        cut(timeline.outflow),
        cut(timeline.net_invested),
    )


def _returns_of_index(index: FloatArray) -> FloatArray:
    """Daily returns of an index with gaps (`nan`): 0 where either day has no value."""
    before, after = index[:-1], index[1:]
    valid = ~(np.isnan(before) | np.isnan(after)) & (before != 0)
    result: FloatArray = np.where(valid, after / np.where(valid, before, 1.0) - 1.0, 0.0)
    return result


def _benchmark(portfolio: Portfolio, instrument_id: int, days: DayArray) -> BenchmarkSeries:
    """close × S(close's day) × fx(ccy → C, t), the last close on or before each day t in units
    from before the benchmark's splits, rebased to 1 on its first day with a close."""
    instrument = portfolio.data.instrument(instrument_id)
    series = portfolio.data.prices.get(instrument_id)
    value = np.full(days.size, np.nan)
    if series is not None and len(series):
        splits = [s for s in portfolio.data.splits if s.instrument_id == instrument_id]
        adjusted = series.values * split_factors(splits, series.days)
        at = np.searchsorted(series.days, days, side="right") - 1
        value = np.where(at >= 0, adjusted[np.maximum(at, 0)], np.nan)
        value *= portfolio.rates.series(instrument.currency, portfolio.currency, days)
        known = np.flatnonzero(~np.isnan(value))
        if known.size and value[known[0]] != 0:
            value = value / value[known[0]]
    return BenchmarkSeries(instrument_id, days, value)
