"""Building blocks shared by the resource schemas."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from pms.ledger_limits import NOTE_LENGTH, date_problem, has_control_characters


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _no_control_characters(value: str) -> str:
    if has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


def _plausible_date(value: date) -> date:
    problem = date_problem(value)
    if problem is not None:
        raise ValueError(problem.value)
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
Note = Annotated[str, Field(max_length=NOTE_LENGTH), AfterValidator(_no_control_characters)]
#: A date a ledger entry, price or rate may carry.
LedgerDate = Annotated[date, AfterValidator(_plausible_date)]
