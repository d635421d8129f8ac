from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from pms.market.adjust import (
    decimal_from_float,
    factor_after,
    split_from_ratio,
    unadjust_bars,
    unadjust_dividends,
)
from pms.market.providers.base import Bar, Dividend, SplitEvent

SPLITS = (
    SplitEvent(date(2020, 8, 31), 4, 1),
    SplitEvent(date(2022, 1, 10), 3, 2),
    SplitEvent(date(2023, 5, 2), 1, 10),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (129.0399932861328, "129.04"),
        (124.80750274658203, "124.8075"),
        (1.1220825910568237, "1.122083"),
        (7200.17431640625, "7200.174"),
        (0.0, "0"),
    ],
)
def test_floats_keep_the_seven_digits_yahoo_means(value: float, expected: str) -> None:
    assert decimal_from_float(value) == Decimal(expected)


def test_missing_floats_are_none() -> None:
    assert decimal_from_float(float("nan")) is None
    assert decimal_from_float(None) is None


@pytest.mark.parametrize(
    ("ratio", "numerator", "denominator"),
    [(4.0, 4, 1), (1.5, 3, 2), (0.1, 1, 10), (0.05, 1, 20), (20.0, 20, 1)],
)
def test_float_split_ratios_become_exact_integer_ratios(
    ratio: float, numerator: int, denominator: int
) -> None:
    split = split_from_ratio(date(2024, 1, 2), ratio)
    assert split is not None
    assert (split.numerator, split.denominator) == (numerator, denominator)


def test_a_ratio_of_one_or_zero_is_no_split() -> None:
    assert split_from_ratio(date(2024, 1, 2), 1.0) is None
    assert split_from_ratio(date(2024, 1, 2), 0.0) is None


def test_the_factor_counts_only_splits_after_the_day() -> None:
    assert factor_after(date(2020, 8, 28), SPLITS) == Fraction(4 * 3, 2 * 10)
    assert factor_after(date(2020, 8, 31), SPLITS) == Fraction(3, 20)  # the split day trades new
    assert factor_after(date(2023, 5, 2), SPLITS) == 1


def test_bars_are_multiplied_by_later_splits_and_divided_into_the_major_unit() -> None:
    bars = [
        Bar(date(2020, 8, 28), Decimal("124.8075"), open=Decimal("126")),
        Bar(date(2022, 1, 10), Decimal("300")),
        Bar(date(2023, 5, 1), Decimal("2.5")),
        Bar(date(2023, 5, 2), Decimal("25")),
    ]

    as_traded = unadjust_bars(bars, SPLITS, Decimal(100))

    # 124.8075 × 4 × 3/2 × 1/10 ÷ 100 = 124.8075 × 0.6 ÷ 100
    assert [b.close for b in as_traded] == [
        Decimal("0.748845"),
        Decimal("0.3"),
        Decimal("0.0025"),
        Decimal("0.25"),
    ]
    assert as_traded[0].open == Decimal("0.756")


def test_dividends_are_unadjusted_like_prices() -> None:
    dividends = [Dividend(date(2020, 8, 7), Decimal("0.205"))]

    assert unadjust_dividends(dividends, SPLITS[:1], Decimal(1)) == [
        Dividend(date(2020, 8, 7), Decimal("0.82"))
    ]
