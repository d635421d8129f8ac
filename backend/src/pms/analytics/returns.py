"""Time- and money-weighted returns and drawdowns (ARCHITECTURE §5)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from pms.analytics.records import FloatArray

#: Days in the year of annualised returns and of XIRR's discounting.
DAYS_PER_YEAR = 365

#: Money below this (in absolute value) counts as nothing.
EMPTY_PORTFOLIO = 1e-9


def daily_returns(values: FloatArray, inflows: FloatArray, outflows: FloatArray) -> FloatArray:
    """r_t = (V_t + OUT_t) / (V_{t−1} + IN_t) − 1 for t = 1 … n−1, and 0 on a day without a
    return (see `returns_and_skipped`)."""
    return returns_and_skipped(values, inflows, outflows)[0]


def returns_and_skipped(
    values: FloatArray, inflows: FloatArray, outflows: FloatArray
) -> tuple[FloatArray, int]:
    """The daily returns, and how many days that saw money move had none.

    A day has no return (r_t = 0) when what it starts from, V_{t−1} + IN_t, is 0 or less (an empty
    portfolio, or one below zero through margin or a history imported without its deposits), when
    nothing is held at its start nor at its end (a cost paid while nothing is held is not a −100 %
    day), or when the ratio is not a finite number. The count leaves out the days with nothing at
    either end: it is the number of days whose return could not be measured though something was
    there."""
    before = values[:-1] + inflows[1:]
    after = values[1:] + outflows[1:]
    nothing_after = np.abs(after) < EMPTY_PORTFOLIO
    idle = (np.abs(values[:-1]) < EMPTY_PORTFOLIO) & nothing_after
    undefined = (before < EMPTY_PORTFOLIO) | idle
    with np.errstate(all="ignore"):
        ratio = after / np.where(undefined, 1.0, before) - 1.0
    missing = undefined | ~np.isfinite(ratio)
    result: FloatArray = np.where(missing, 0.0, ratio)
    quiet = idle | ((np.abs(before) < EMPTY_PORTFOLIO) & nothing_after)
    return result, int(np.count_nonzero(missing & ~quiet))


def twr_index(returns: FloatArray) -> FloatArray:
    """I_0 = 1, I_t = Π_{s ≤ t} (1 + r_s)."""
    index: FloatArray = np.concatenate(([1.0], np.cumprod(1.0 + returns)))
    return index


def annualized(total_return: float, days: int) -> float | None:
    """(1 + R)^(365 / days) − 1; `None` when 1 + R ≤ 0 (no real annual rate compounds to it) or
    the result is not a finite number."""
    growth = 1.0 + total_return
    if not growth > 0 or days <= 0:
        return None
    try:
        value = math.exp(math.log(growth) * DAYS_PER_YEAR / days) - 1.0
    except OverflowError:
        return None
    return value if math.isfinite(value) else None


def drawdowns(index: FloatArray) -> FloatArray:
    """D_t = I_t / max_{s ≤ t} I_s − 1 (≤ 0)."""
    peaks = np.maximum.accumulate(index)
    result: FloatArray = np.where(peaks > 0, index / np.where(peaks > 0, peaks, 1.0) - 1.0, 0.0)
    return result


def max_drawdown(index: FloatArray) -> tuple[float, int | None, int | None]:
    """min_t D_t, with the positions of its peak and trough (`None` when the index never fell)."""
    series = drawdowns(index)
    trough = int(np.argmin(series))
    worst = float(series[trough])
    if worst >= 0:
        return 0.0, None, None
    peak = int(np.argmax(index[: trough + 1]))
    return worst, peak, trough


def _npv_signs(offsets: FloatArray, amounts: FloatArray, logs: FloatArray) -> FloatArray:
    """The NPV Σ CF_k e^{−x·t_k} for each x = ln(1 + r), divided by its largest discount factor:
    the same sign and roots, continuous in x, and no overflow at long horizons or extreme rates."""
    exponents = -np.outer(logs, offsets)
    exponents -= exponents.max(axis=1, keepdims=True)
    result: FloatArray = np.exp(exponents) @ amounts
    return result


def xirr(flows: Sequence[tuple[date, float]]) -> float | None:
    """The annual rate r with Σ CF_k / (1 + r)^(d_k / 365) = 0, d_k in days from the first flow;
    `None` when there is no root (see `irr`)."""
    if not flows:
        return None
    first = min(day for day, _ in flows)
    return irr(
        np.array([(day - first).days for day, _ in flows], dtype=np.float64),
        np.array([amount for _, amount in flows], dtype=np.float64),
    )


def irr(days: FloatArray, amounts: FloatArray) -> float | None:
    """XIRR of cash flows `amounts` paid `days` after the first one.

    Solved in x = ln(1 + r), where the net present value Σ CF_k e^{−x·d_k/365} is smooth for every
    r > −1: a grid of x from −30 to 60 brackets the sign changes, the bracket nearest r = 0 is kept,
    and regula falsi (Illinois) narrows it. `None` when nothing brackets a root — fewer than two
    flows, or all of one sign."""
    keep = (amounts != 0) & np.isfinite(amounts)
    amounts, years = amounts[keep], days[keep] / DAYS_PER_YEAR
    if amounts.size < 2 or amounts.max() <= 0 or amounts.min() >= 0:
        return None
    years = years - years.min()
    amounts = amounts / np.abs(amounts).max()
    bracket = _nearest_bracket(years, amounts, _XIRR_NEAR) or _nearest_bracket(
        years, amounts, _XIRR_GRID
    )
    if bracket is None:
        return None
    root = _illinois(lambda x: float(_npv_signs(years, amounts, np.array([x]))[0]), *bracket)
    return math.expm1(root) if root is not None else None


def _nearest_bracket(
    years: FloatArray, amounts: FloatArray, grid: FloatArray
) -> tuple[float, float] | None:
    """The neighbouring points of `grid` (in x = ln(1 + r)) between which the NPV changes sign,
    nearest to x = 0."""
    signs = np.sign(_npv_signs(years, amounts, grid))
    changes = np.flatnonzero(signs[:-1] * signs[1:] <= 0)
    if changes.size == 0:
        return None
    nearest = changes[np.argmin(np.abs(grid[changes] + grid[changes + 1]))]
    return float(grid[nearest]), float(grid[nearest + 1])


#: Where XIRR looks for sign changes, in x = ln(1 + r): first near r = 0 (−63 % … +172 %), then
#: from r = −1 + 1e-13 to r = e^60, coarser away from 0.
_XIRR_NEAR: FloatArray = np.linspace(-1.0, 1.0, 41)
_XIRR_GRID: FloatArray = np.concatenate(
    (
        np.linspace(-30.0, -1.0, 59, endpoint=False),
        np.linspace(-1.0, 10.0, 220, endpoint=False),
        np.linspace(10.0, 60.0, 101),
    )
)


def _illinois(
    function: Callable[[float], float], low: float, high: float, tolerance: float = 1e-14
) -> float | None:
    """A root of `function` in [low, high], whose ends have opposite signs: regula falsi in which
    an end that stays put twice has its value halved, so both ends close in on the root."""
    f_low, f_high = function(low), function(high)
    if not (math.isfinite(f_low) and math.isfinite(f_high)) or f_low * f_high > 0:
        return None
    if f_low == 0:
        return low
    if f_high == 0:
        return high
    kept = 0
    x = (low + high) / 2
    for _ in range(200):
        x = (low * f_high - high * f_low) / (f_high - f_low)
        if not low < x < high:
            x = (low + high) / 2
        f_x = function(x)
        if f_x == 0 or high - low <= tolerance * (1 + abs(x)):
            return x
        if (f_x > 0) == (f_high > 0):
            high, f_high = x, f_x
            if kept == -1:
                f_low /= 2
            kept = -1
        else:
            low, f_low = x, f_x
            if kept == 1:
                f_high /= 2
            kept = 1
    return x
