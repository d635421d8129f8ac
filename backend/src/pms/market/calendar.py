"""Business days (Monday to Friday), the only market calendar PMS keeps: exchange holidays differ
by market and are not tracked, so a missing close on a holiday is told apart by when the provider
was last asked (see `pms.services.market_data.stale_instruments`)."""

from __future__ import annotations

from datetime import date, timedelta

SATURDAY = 5


def is_business_day(day: date) -> bool:
    return day.weekday() < SATURDAY


def last_business_day_before(day: date) -> date:
    """The latest Monday-to-Friday strictly before `day`: the last close that can exist during `day`."""
    previous = day - timedelta(days=1)
    while not is_business_day(previous):
        previous -= timedelta(days=1)
    return previous
