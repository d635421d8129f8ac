"""What the ledger can hold, in one place for every way in: the API's request schemas, the imports
and backups, the report parameters and the database columns.

Dates run from 1900-01-01 to a day after today (time zones differ). Money, prices and quantities
have at most twenty digits before the point and ten after it. Texts stay within their lengths and
hold no control characters other than tab, line feed and carriage return.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

EARLIEST_DATE = date(1900, 1, 1)
#: How far after today (the server's UTC date) a date may be: users' time zones are ahead of UTC.
FUTURE_TOLERANCE = timedelta(days=1)

#: Digits of a money amount, price or quantity, and those after the point.
DIGITS = 30
DECIMAL_PLACES = 10
INTEGER_DIGITS = DIGITS - DECIMAL_PLACES
QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)

NOTE_LENGTH = 2000
EXTERNAL_ID_LENGTH = 128
TRANSFER_ID_LENGTH = 64
TRANSFER_ID_PATTERN = r"^[A-Za-z0-9._:-]+$"
#: A BCP 47 language tag such as `de`, `en-GB` or `zh-Hant-TW`.
LOCALE_LENGTH = 35
LOCALE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
#: The risk-free rate is a yearly fraction between these.
RISK_FREE_RATE_MIN = -1
RISK_FREE_RATE_MAX = 1

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRANSFER_ID = re.compile(TRANSFER_ID_PATTERN)
_LOCALE = re.compile(LOCALE_PATTERN)


class DateProblem(StrEnum):
    """Why a date cannot be in the ledger; the value is the message for people."""

    TOO_EARLY = f"must be on or after {EARLIEST_DATE.isoformat()}"
    IN_FUTURE = "must not be in the future"


def latest_date(today: date | None = None) -> date:
    """The latest date the ledger takes; `today` defaults to the server's UTC date."""
    return (datetime.now(UTC).date() if today is None else today) + FUTURE_TOLERANCE


def date_problem(value: date, today: date | None = None) -> DateProblem | None:
    if value < EARLIEST_DATE:
        return DateProblem.TOO_EARLY
    if value > latest_date(today):
        return DateProblem.IN_FUTURE
    return None


def has_control_characters(text: str) -> bool:
    return _CONTROL_CHARACTERS.search(text) is not None


def fits_column(number: Decimal) -> bool:
    """Whether a finite `number` has at most `INTEGER_DIGITS` digits before the point."""
    return number.is_zero() or number.adjusted() < INTEGER_DIGITS


def is_transfer_id(text: str) -> bool:
    return _TRANSFER_ID.fullmatch(text) is not None


def is_locale(text: str) -> bool:
    return len(text) <= LOCALE_LENGTH and _LOCALE.fullmatch(text) is not None
