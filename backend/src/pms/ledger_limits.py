"""What the ledger can hold, in one place for every way in: the API's request schemas, the imports
and backups, the report parameters and the database columns.

Dates run from 1900-01-01 to a day after today (time zones differ). Money, prices and quantities
have at most twenty digits before the point and ten after it. Texts stay within their lengths and
hold no control characters other than tab, line feed and carriage return.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from enum import StrEnum

EARLIEST_DATE = date(1900, 1, 1)
#: How far after today (the server's UTC date) a date may be: users' time zones are ahead of UTC.
FUTURE_TOLERANCE = timedelta(days=1)

#: Digits of a money amount, price or quantity, and those after the point.
DIGITS = 30
DECIMAL_PLACES = 10
INTEGER_DIGITS = DIGITS - DECIMAL_PLACES
QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
#: The one decimal context of the ledger — the column type, the replay, the write-time position
#: check and money rounding all compute in it: twice the columns' digits, so a product or quotient
#: of two stored values (a quantity times a split ratio, a cost share) loses nothing the columns keep.
LEDGER_CONTEXT = Context(
    prec=2 * DIGITS, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)

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
#: An id (`external_id`) is matched as written: unlike a note it holds no tab or line break, no C1
#: control character, no Unicode line or paragraph separator, and no lone surrogate either.
_ID_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
#: Half of a UTF-16 surrogate pair on its own (JSON's "\ud800"): no UTF-8 text can hold it.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: A decimal as the API takes it in a string: ASCII digits only (Python's `Decimal()` also reads
#: "1_000" and Arabic-Indic or full-width digits, which are refused), an optional sign, point and
#: exponent; no spaces.
DECIMAL_TEXT_PATTERN = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_DECIMAL_TEXT = re.compile(DECIMAL_TEXT_PATTERN, re.ASCII)
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


def has_id_control_characters(text: str) -> bool:
    """Whether an id holds a character an id may not: see `_ID_CONTROL_CHARACTERS`."""
    return _ID_CONTROL_CHARACTERS.search(text) is not None


def has_lone_surrogates(text: str) -> bool:
    return _LONE_SURROGATE.search(text) is not None


def is_decimal_text(text: str) -> bool:
    return _DECIMAL_TEXT.fullmatch(text) is not None


def fits_column(number: Decimal) -> bool:
    """Whether a finite `number` has at most `INTEGER_DIGITS` digits before the point."""
    return number.is_zero() or number.adjusted() < INTEGER_DIGITS


def is_transfer_id(text: str) -> bool:
    return _TRANSFER_ID.fullmatch(text) is not None


def is_locale(text: str) -> bool:
    return len(text) <= LOCALE_LENGTH and _LOCALE.fullmatch(text) is not None


def units_taken(quantity: Decimal, held: Decimal) -> Decimal | None:
    """The units a disposal of `quantity` takes from the `held` ones, or `None` when it takes more.

    A split can leave more decimals than the ledger stores (100 units split 1:3 are 33.3…): selling
    `held` as written at the ledger's ten decimals (33.3333333333) takes all of it and closes the
    position; anything above that is more than is held. The write-time check and the replay both
    decide with this function, so a sale the API accepts is one every report can replay."""
    written = held.quantize(QUANTUM, context=LEDGER_CONTEXT)
    if quantity > written:
        return None
    return held if quantity == written else quantity


def is_month_day(value: str) -> bool:
    """MM-DD of a day that exists in every year (not 02-29)."""
    if len(value) != 5 or value[2] != "-" or not (value[:2] + value[3:]).isdigit():
        return False
    try:
        date(2001, int(value[:2]), int(value[3:]))
    except ValueError:
        return False
    return True
