"""Building blocks shared by the resource schemas."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

#: Ledger dates run from here to a day after today (time zones differ).
EARLIEST_DATE = date(1900, 1, 1)
FUTURE_TOLERANCE_DAYS = 1


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _no_control_characters(value: str) -> str:
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValueError("must not contain control characters")
    return value


def _plausible_date(value: date) -> date:
    if value < EARLIEST_DATE:
        raise ValueError("must be on or after 1900-01-01")
    if (value - datetime.now(UTC).date()).days > FUTURE_TOLERANCE_DAYS:
        raise ValueError("must not be in the future")
    return value


#: A trimmed, non-empty line of text of at most 100 characters.
Label = Annotated[
    str,
    BeforeValidator(_strip),
    Field(min_length=1, max_length=100),
    AfterValidator(_no_control_characters),
]
#: A trimmed, non-empty line of text of at most 200 characters.
LongLabel = Annotated[
    str,
    BeforeValidator(_strip),
    Field(min_length=1, max_length=200),
    AfterValidator(_no_control_characters),
]
Note = Annotated[str, Field(max_length=2000), AfterValidator(_no_control_characters)]
#: A date a ledger entry, price or rate may carry.
LedgerDate = Annotated[date, AfterValidator(_plausible_date)]
