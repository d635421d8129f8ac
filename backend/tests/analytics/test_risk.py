"""Risk on business-day returns, checked by hand and against empyrical (the oracle named in
ARCHITECTURE §5)."""

from __future__ import annotations

import empyrical
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from pms.analytics.returns import max_drawdown, twr_index
from pms.analytics.risk import (
    beta,
    business_day_groups,
    business_day_returns,
    daily_risk_free,
    sharpe,
    sortino,
    volatility,
)


def days(first: str, count: int) -> np.ndarray:
    return np.arange(np.datetime64(first), np.datetime64(first) + count)


def test_a_weekend_joins_the_following_monday() -> None:
    # Fri 2024-03-01 … Tue 2024-03-05: Sat and Sun are compounded into Mon.
    returns = np.array([0.01, 0.02, 0.03, 0.04, 0.05])
    result = business_day_returns(days("2024-03-01", 5), returns)
    assert result.tolist() == pytest.approx([0.01, 1.02 * 1.03 * 1.04 - 1, 0.05])


def test_days_after_the_last_business_day_join_it() -> None:
    # Thu 2024-03-07 … Sun 2024-03-10: Sat and Sun join Friday, the period's last business day.
    returns = np.array([0.01, 0.02, -0.03, 0.04])
    result = business_day_returns(days("2024-03-07", 4), returns)
    assert result.tolist() == pytest.approx([0.01, 1.02 * 0.97 * 1.04 - 1])


def test_a_period_of_weekend_days_only_has_no_business_day_returns() -> None:
    assert business_day_groups(days("2024-03-09", 2)).size == 0
    assert volatility(business_day_returns(days("2024-03-09", 2), np.array([0.1, 0.2]))) is None


def test_the_daily_risk_free_rate_compounds_to_the_annual_one() -> None:
    assert (1 + daily_risk_free(0.05)) ** 252 == pytest.approx(1.05)


def test_risk_needs_two_returns_and_some_movement() -> None:
    assert volatility(np.array([0.01])) is None
    assert sharpe(np.array([0.01])) is None
    assert sharpe(np.array([0.01, 0.01, 0.01])) is None
    assert sortino(np.array([0.01, 0.02])) is None  # no return below the risk-free rate
    assert beta(np.array([0.01, 0.02]), np.array([0.03, 0.03])) is None


def test_hand_worked_volatility_and_beta() -> None:
    b = np.array([0.01, -0.01, 0.02, 0.0])
    bench = np.array([0.02, -0.02, 0.04, 0.0])
    # mean 0.005; squared deviations 0.000025 + 0.000225 + 0.000225 + 0.000025 = 0.0005; /3
    assert volatility(b) == pytest.approx(np.sqrt(0.0005 / 3) * np.sqrt(252))
    assert beta(b, bench) == pytest.approx(0.5)


returns_strategy = arrays(
    np.float64,
    st.integers(min_value=3, max_value=60),
    elements=st.floats(min_value=-0.2, max_value=0.2, allow_nan=False),
)


@given(returns_strategy, st.floats(min_value=0.0, max_value=0.08))
@settings(max_examples=60, deadline=None)
def test_volatility_sharpe_and_sortino_are_empyricals(b: np.ndarray, risk_free: float) -> None:
    rf = daily_risk_free(risk_free)
    expected_volatility = empyrical.annual_volatility(b)
    assert volatility(b) == pytest.approx(expected_volatility, rel=1e-9, abs=1e-12)
    ours = sharpe(b, risk_free)
    if ours is not None:
        assert ours == pytest.approx(empyrical.sharpe_ratio(b, risk_free=rf), rel=1e-9)
    ours = sortino(b, risk_free)
    if ours is not None:
        assert ours == pytest.approx(empyrical.sortino_ratio(b, required_return=rf), rel=1e-9)


@given(returns_strategy, st.floats(min_value=-2.0, max_value=2.0), st.integers(0, 2**31))
@settings(max_examples=60, deadline=None)
def test_beta_is_empyricals(bench: np.ndarray, slope: float, seed: int) -> None:
    noise = np.random.default_rng(seed).normal(0, 0.01, bench.size)
    b = slope * bench + noise
    ours = beta(b, bench)
    if ours is not None:
        assert ours == pytest.approx(empyrical.beta(b, bench), rel=1e-9, abs=1e-12)


@given(returns_strategy)
@settings(max_examples=60, deadline=None)
def test_max_drawdown_is_empyricals_on_the_daily_returns(r: np.ndarray) -> None:
    worst, _, _ = max_drawdown(twr_index(r))
    assert worst == pytest.approx(empyrical.max_drawdown(r), rel=1e-9, abs=1e-12)


def test_business_day_returns_match_pandas_resampling_to_weekdays() -> None:
    rng = np.random.default_rng(7)
    calendar = days("2024-01-01", 60)  # Mon 1 Jan … Thu 29 Feb
    r = rng.normal(0, 0.01, calendar.size)
    index = pd.DatetimeIndex(calendar)
    target = index + pd.offsets.BDay(0)  # roll weekends forward to Monday
    expected = (1 + pd.Series(r, index=index)).groupby(target).prod() - 1
    assert business_day_returns(calendar, r).tolist() == pytest.approx(expected.tolist(), rel=1e-12)


def test_sortino_of_vanishing_shortfalls_is_not_a_division_by_zero() -> None:
    assert sortino(np.array([0.01, -1e-200, 0.02])) is None
