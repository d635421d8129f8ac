"""Named ranges end at T and start at the close of F (ARCHITECTURE §5, Periods)."""

from __future__ import annotations

from datetime import date

import pytest

from pms.analytics import NamedRange, period_start
from pms.analytics.periods import is_year_or_longer, months_before

END = date(2024, 3, 31)


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("1D", date(2024, 3, 30)),
        ("1W", date(2024, 3, 24)),
        ("MTD", date(2024, 2, 29)),
        ("1M", date(2024, 2, 29)),
        ("3M", date(2023, 12, 31)),
        ("6M", date(2023, 9, 30)),
        ("YTD", date(2023, 12, 31)),
        ("1Y", date(2023, 3, 31)),
        ("3Y", date(2021, 3, 31)),
        ("5Y", date(2019, 3, 31)),
        ("MAX", date(2020, 5, 4)),
    ],
)
def test_named_ranges_start_where_the_architecture_says(name: str, start: date) -> None:
    assert period_start(name, END, inception=date(2020, 5, 5)) == start


def test_a_month_back_from_a_long_month_ends_on_the_shorter_months_last_day() -> None:
    assert months_before(date(2023, 5, 31), 3) == date(2023, 2, 28)
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)


def test_max_of_an_empty_portfolio_is_the_end_itself() -> None:
    assert period_start(NamedRange.MAX, END, inception=None) == END


def test_unknown_range_names_are_refused() -> None:
    with pytest.raises(ValueError, match="2M"):
        period_start("2M", END, inception=None)


def test_a_period_is_annualised_from_365_days_on() -> None:
    assert not is_year_or_longer(date(2023, 4, 2), END)  # 364 days
    assert is_year_or_longer(date(2023, 4, 1), END)  # 365 days (2024 is a leap year)
