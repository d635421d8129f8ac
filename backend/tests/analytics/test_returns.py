"""TWR, drawdown and XIRR from their definitions."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from pms.analytics import xirr
from pms.analytics.returns import (
    annualized,
    daily_returns,
    drawdowns,
    max_drawdown,
    returns_and_skipped,
    twr_index,
)

A = np.array


def test_an_inflow_counts_at_the_start_of_its_day() -> None:
    # 100 overnight, 50 paid in in the morning, 165 at the close: (165 + 0) / (100 + 50) − 1.
    returns = daily_returns(A([100.0, 165.0]), A([0.0, 50.0]), A([0.0, 0.0]))
    assert returns.tolist() == pytest.approx([0.10])


def test_an_outflow_counts_at_the_end_of_its_day() -> None:
    # 100 overnight, 60 at the close after 50 were taken out: (60 + 50) / (100 + 0) − 1.
    returns = daily_returns(A([100.0, 60.0]), A([0.0, 0.0]), A([0.0, 50.0]))
    assert returns.tolist() == pytest.approx([0.10])


def test_a_day_that_starts_empty_has_no_return() -> None:
    returns = daily_returns(A([0.0, 0.0, 105.0]), A([0.0, 0.0, 0.0]), A([0.0, 0.0, 0.0]))
    assert returns.tolist() == [0.0, 0.0]


def test_the_twr_chains_daily_returns() -> None:
    index = twr_index(A([0.10, -0.10, 0.05]))
    assert index.tolist() == pytest.approx([1.0, 1.1, 0.99, 1.0395])


def test_annualising_uses_365_days() -> None:
    assert annualized(0.21, 730) == pytest.approx(0.10)


def test_drawdown_is_the_fall_from_the_running_peak() -> None:
    index = A([1.0, 1.2, 0.9, 1.0, 1.3, 1.17])
    assert drawdowns(index).tolist() == pytest.approx([0, 0, -0.25, -1 / 6, 0, -0.10])
    worst, peak, trough = max_drawdown(index)
    assert worst == pytest.approx(-0.25)
    assert (peak, trough) == (1, 2)


def test_an_index_that_never_falls_has_no_drawdown_dates() -> None:
    assert max_drawdown(A([1.0, 1.0, 1.1])) == (0.0, None, None)


def test_xirr_of_one_year_is_the_simple_return() -> None:
    assert xirr([(date(2023, 1, 1), -100.0), (date(2024, 1, 1), 110.0)]) == pytest.approx(0.10)


def test_xirr_has_no_root_when_all_flows_have_one_sign() -> None:
    assert xirr([(date(2023, 1, 1), -100.0), (date(2023, 6, 1), -5.0)]) is None
    assert xirr([(date(2023, 1, 1), 100.0)]) is None
    assert xirr([]) is None


def test_xirr_finds_a_near_total_loss_and_a_huge_gain() -> None:
    loss = xirr([(date(2023, 1, 1), -100.0), (date(2024, 1, 1), 0.01)])
    gain = xirr([(date(2023, 1, 1), -100.0), (date(2023, 1, 31), 1000.0)])
    assert loss == pytest.approx(-0.9999, abs=1e-9)
    assert gain == pytest.approx(10 ** (365 / 30) - 1, rel=1e-9)


def test_xirr_stays_finite_over_long_horizons() -> None:
    flows = [(date(1950, 1, 1), -1.0), (date(2020, 1, 1), 1000.0)]
    assert xirr(flows) == pytest.approx(1000 ** (365 / 25567) - 1, rel=1e-9)


def test_xirr_picks_the_root_nearest_zero_when_there_are_several() -> None:
    # −100, +230, −132 has roots at 10 % and 20 %: the one nearer 0 % is given.
    flows = [(date(2021, 1, 1), -100.0), (date(2022, 1, 1), 230.0), (date(2023, 1, 1), -132.0)]
    result = xirr(flows)
    assert result is not None
    assert result == pytest.approx(0.10, abs=2e-3)


def test_a_cost_paid_while_nothing_is_held_is_no_return() -> None:
    # A fee of 49 on an empty account that does not track cash: money comes in and is spent.
    returns, skipped = returns_and_skipped(A([0.0, 0.0, 0.0]), A([0.0, 49.0, 0.0]), A([0.0] * 3))
    assert returns.tolist() == [0.0, 0.0]
    assert skipped == 0


def test_a_day_starting_at_or_below_zero_has_no_return_and_is_counted() -> None:
    # 100 → −50 (margin): −150 %; from −50 to −40 nothing is measurable; −40 + a deposit of 60
    # is 20 at the start of the last day, and 20 at its end: 0 %.
    values = A([100.0, -50.0, -40.0, 20.0])
    inflows = A([0.0, 0.0, 0.0, 60.0])
    returns, skipped = returns_and_skipped(values, inflows, A([0.0] * 4))
    assert returns.tolist() == pytest.approx([-1.5, 0.0, 0.0])
    assert skipped == 1
    assert np.isfinite(twr_index(returns)).all()


def test_annualising_a_loss_of_everything_or_more_has_no_answer() -> None:
    assert annualized(-1.0, 400) is None
    assert annualized(-1.5, 400) is None
    assert annualized(float("inf"), 400) is None
    assert annualized(1e300, 365 * 2) == pytest.approx(1e150)
    assert annualized(-0.19, 730) == pytest.approx(-0.1)
