"""Named reporting ranges (ARCHITECTURE §5, Periods). A period (F, T] starts at the close of F."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum

from pms.analytics.returns import DAYS_PER_YEAR


class NamedRange(StrEnum):
    DAY = "1D"
    WEEK = "1W"
    MONTH_TO_DATE = "MTD"
    MONTH = "1M"
    THREE_MONTHS = "3M"
    SIX_MONTHS = "6M"
    YEAR_TO_DATE = "YTD"
    YEAR = "1Y"
    THREE_YEARS = "3Y"
    FIVE_YEARS = "5Y"
    MAX = "MAX"


_MONTHS = {
    NamedRange.MONTH: 1,
    NamedRange.THREE_MONTHS: 3,
    NamedRange.SIX_MONTHS: 6,
    NamedRange.YEAR: 12,
    NamedRange.THREE_YEARS: 36,
    NamedRange.FIVE_YEARS: 60,
}


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, or that month's last day if it is shorter
    (31 March − 1 month = 28/29 February; 29 February − 1 year = 28 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def period_start(name: NamedRange | str, end: date, inception: date | None) -> date:
    """F of a named range ending at T = `end`.

    `1D`/`1W` start 1/7 days before; `1M` … `5Y` the same day months or years before; `MTD` at the
    last day of the previous month; `YTD` at the last day of the previous year; `MAX` the day before
    the first transaction (`inception`), or `end` itself for an empty portfolio."""
    named = NamedRange(name)
    if named is NamedRange.DAY:
        return end - timedelta(days=1)
    if named is NamedRange.WEEK:
        return end - timedelta(days=7)
    if named is NamedRange.MONTH_TO_DATE:
        return end.replace(day=1) - timedelta(days=1)
    if named is NamedRange.YEAR_TO_DATE:
        return date(end.year - 1, 12, 31)
    if named is NamedRange.MAX:
        return end if inception is None else min(inception - timedelta(days=1), end)
    return months_before(end, _MONTHS[named])


def is_year_or_longer(start: date, end: date) -> bool:
    """Whether (start, end] covers at least 365 days (its TWR is then shown annualised too)."""
    return (end - start).days >= DAYS_PER_YEAR
