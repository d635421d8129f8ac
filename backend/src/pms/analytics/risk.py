"""Risk from business-day returns (ARCHITECTURE §5): empyrical's definitions of annual volatility,
Sharpe, Sortino and beta, applied to daily returns compounded onto business days."""

from __future__ import annotations

import math

import numpy as np

from pms.analytics.records import DayArray, FloatArray

#: Business days per year: the annualisation factor of daily risk figures.
BUSINESS_DAYS_PER_YEAR = 252

#: A standard deviation of daily returns below this is rounding noise of returns that never moved.
NO_MOVEMENT = 1e-12


def business_day_groups(days: DayArray) -> np.ndarray:
    """For calendar days (ascending), the start of each business-day group: every day belongs to
    the first business day (Mon–Fri) on or after it — a weekend joins Monday — and days after the
    last business day join that one. Empty when no day is a business day."""
    if days.size == 0:
        return np.empty(0, dtype=np.int64)
    business = np.is_busday(days)
    if not business.any():
        return np.empty(0, dtype=np.int64)
    target = np.busday_offset(days, 0, roll="forward")
    last = days[np.flatnonzero(business)[-1]]
    target = np.minimum(target, last)
    starts: np.ndarray = np.flatnonzero(np.concatenate(([True], target[1:] != target[:-1])))
    return starts


def business_day_returns(days: DayArray, returns: FloatArray) -> FloatArray:
    """b_k = Π (1 + r_t) − 1 over the calendar days t of business day k (see `business_day_groups`)."""
    starts = business_day_groups(days)
    if starts.size == 0:
        return np.empty(0)
    compounded: FloatArray = np.multiply.reduceat(1.0 + returns, starts) - 1.0
    return compounded


def daily_risk_free(annual_rate: float) -> float:
    """rf_d = (1 + rf)^(1/252) − 1."""
    return float((1.0 + annual_rate) ** (1.0 / BUSINESS_DAYS_PER_YEAR) - 1.0)


def volatility(returns: FloatArray) -> float | None:
    """stdev(b, ddof = 1) · √252; `None` with fewer than two returns."""
    if returns.size < 2:
        return None
    return float(np.std(returns, ddof=1) * math.sqrt(BUSINESS_DAYS_PER_YEAR))


def sharpe(returns: FloatArray, risk_free: float = 0.0) -> float | None:
    """mean(x) / stdev(x, ddof = 1) · √252 with x = b − rf_d; `None` with fewer than two returns or
    no deviation."""
    if returns.size < 2:
        return None
    excess = returns - daily_risk_free(risk_free)
    deviation = float(np.std(excess, ddof=1))
    if deviation < NO_MOVEMENT or not math.isfinite(deviation):
        return None
    return float(np.mean(excess) / deviation * math.sqrt(BUSINESS_DAYS_PER_YEAR))


def sortino(returns: FloatArray, risk_free: float = 0.0) -> float | None:
    """mean(x) · 252 / (√mean(min(x, 0)²) · √252) with x = b − rf_d; `None` when no x < 0 (or
    none measurably)."""
    if returns.size == 0:
        return None
    excess = returns - daily_risk_free(risk_free)
    downside = np.minimum(excess, 0.0)
    if not (downside < 0).any():
        return None
    downside_risk = math.sqrt(float(np.mean(downside**2))) * math.sqrt(BUSINESS_DAYS_PER_YEAR)
    if downside_risk == 0:  # shortfalls so small that their squares vanish
        return None
    return float(np.mean(excess) * BUSINESS_DAYS_PER_YEAR / downside_risk)


def beta(returns: FloatArray, benchmark: FloatArray) -> float | None:
    """cov(b, b_bench) / var(b_bench), both with ddof = 1; `None` with fewer than two returns or
    a benchmark that never moved."""
    if returns.size < 2 or returns.size != benchmark.size:
        return None
    variance = float(np.var(benchmark, ddof=1))
    if variance < NO_MOVEMENT**2 or not math.isfinite(variance):
        return None
    covariance = float(np.cov(returns, benchmark, ddof=1)[0, 1])
    return covariance / variance
