"""Dates and numbers as spreadsheets and brokers write them, detected from a whole file.

A date column may be ISO (`2024-03-05`, also with a time), `dd.mm.yyyy`, `dd/mm/yyyy`, `mm/dd/yyyy`,
`yyyymmdd`, with two- or four-digit years. A number may use `.` or `,` as its decimal separator and
the other (or a space or an apostrophe) to group thousands. Both are decided once for the whole file
from every value in it; a file whose values fit both readings is refused with a request to say which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation, localcontext
from enum import StrEnum

from pms.ledger_limits import QUANTUM, fits_column


class DateOrder(StrEnum):
    """How the day, month and year of a non-ISO date are ordered."""

    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"


class DecimalSeparator(StrEnum):
    POINT = "."
    COMMA = ","


class Ambiguous(ValueError):
    """The values fit more than one reading; the caller must say which."""


# Every pattern is ASCII-only: `\d` would match other scripts' digits (`١٢٣`), which `int()` and
# `Decimal()` read as numbers.
_DATE = re.compile(
    r"(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC)?)?",
    re.ASCII,
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)
_GROUPED = {
    DecimalSeparator.POINT: re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", re.ASCII),
    DecimalSeparator.COMMA: re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", re.ASCII),
}
_PLAIN = {
    DecimalSeparator.POINT: re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,3})?", re.ASCII),
    DecimalSeparator.COMMA: re.compile(r"(?:\d+(?:,\d*)?|,\d+)", re.ASCII),
}
#: Spaces (also the no-break ones) and apostrophes group thousands in some locales.
_GROUP_MARKS = str.maketrans("", "", " \u00a0\u202f\u2009'’")


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        return 2000 + value if value < 70 else 1900 + value
    if len(text) != 4:
        raise ValueError(f"'{text}' is not a year")
    return value


@dataclass
class DateDetector:
    """Collects the evidence of every value in a column about the order of day and month."""

    day_first: int = 0
    month_first: int = 0
    undecided: str | None = None

    def feed(self, raw: str) -> None:
        text = raw.strip()
        match = _DATE.fullmatch(text)
        if match is None or len(match.group(1)) == 4:
            return
        first, separator, second = int(match.group(1)), match.group(2), int(match.group(3))
        if first > 12 or separator == ".":
            self.day_first += 1
        elif second > 12:
            self.month_first += 1
        elif first != second:
            self.undecided = self.undecided or text

    def decide(self, override: DateOrder | None) -> DateOrder | None:
        """The order to read the file's dates with (None: every date is ISO)."""
        if override is not None:
            return override
        if self.day_first and self.month_first:
            raise Ambiguous(
                "the dates mix day-first and month-first orders; say which with date_format"
            )
        if self.day_first:
            return DateOrder.DMY
        if self.month_first:
            return DateOrder.MDY
        if self.undecided is not None:
            raise Ambiguous(
                f"dates like '{self.undecided}' can be day-first or month-first; "
                "say which with date_format=dmy or date_format=mdy"
            )
        return None


def _ordered(raw: str, a: str, b: str, c: str, order: DateOrder | None) -> tuple[int, int, int]:
    """(year, month, day) of a date whose parts are `a`, `b`, `c` as written."""
    if len(a) == 4:
        return int(a), int(b), int(c)
    if len(c) not in (2, 4):
        raise ValueError(f"'{raw}' is not a date")
    if order is None or order == DateOrder.YMD:
        # Only ISO dates were seen while detecting: a stray other one is read only when a part
        # above 12 leaves a single reading.
        if int(a) > 12:
            order = DateOrder.DMY
        elif int(b) > 12:
            order = DateOrder.MDY
        else:
            raise ValueError(f"'{raw}' can be day-first or month-first; say which with date_format")
    if order == DateOrder.DMY:
        return _year(c), int(b), int(a)
    return _year(c), int(a), int(b)


def parse_date(raw: str, order: DateOrder | None) -> date:
    text = raw.strip()
    compact = _COMPACT.fullmatch(text)
    match = _DATE.fullmatch(text)
    if compact:
        year, month, day = (int(g) for g in compact.groups())
    elif match:
        a, _, b, c = match.groups()
        year, month, day = _ordered(raw, a, b, c, order)
    else:
        raise ValueError(f"'{raw}' is not a date")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"'{raw}' is not a valid date ({exc})") from exc


@dataclass
class NumberDetector:
    """Collects the evidence of every number in a file about its decimal separator."""

    seen: dict[DecimalSeparator, str] = field(default_factory=dict)
    undecided: str | None = None

    def feed(self, raw: str) -> None:
        text = raw.strip().translate(_GROUP_MARKS).lstrip("+-")
        if not text:
            return
        has_point, has_comma = "." in text, "," in text
        if has_point and has_comma:
            last = (
                DecimalSeparator.POINT
                if text.rfind(".") > text.rfind(",")
                else DecimalSeparator.COMMA
            )
            self.seen.setdefault(last, raw)
            return
        for mark in (DecimalSeparator.POINT, DecimalSeparator.COMMA):
            other = (
                DecimalSeparator.COMMA if mark == DecimalSeparator.POINT else DecimalSeparator.POINT
            )
            if mark in text:
                if text.count(mark) > 1:
                    self.seen.setdefault(other, raw)
                elif len(text) - text.index(mark) - 1 == 3 and text.index(mark) > 0:
                    self.undecided = self.undecided or raw
                else:
                    self.seen.setdefault(mark, raw)

    def decide(self, override: DecimalSeparator | None) -> DecimalSeparator:
        if override is not None:
            return override
        if len(self.seen) == 2:
            point, comma = self.seen[DecimalSeparator.POINT], self.seen[DecimalSeparator.COMMA]
            raise Ambiguous(
                f"numbers like '{point}' use a decimal point and numbers like '{comma}' a decimal "
                "comma; say which with decimal_separator"
            )
        if self.seen:
            return next(iter(self.seen))
        if self.undecided is not None:
            raise Ambiguous(
                f"'{self.undecided}' can be read with a decimal point or a decimal comma; say "
                "which with decimal_separator"
            )
        return DecimalSeparator.POINT


def parse_number(raw: str, separator: DecimalSeparator) -> Decimal:
    """A number written with `separator` as its decimal mark; quantized to ten decimal places."""
    text = raw.strip().translate(_GROUP_MARKS)
    sign = ""
    if text[:1] in ("+", "-"):
        sign, text = ("-" if text[0] == "-" else ""), text[1:].lstrip()
    if _GROUPED[separator].fullmatch(text):
        text = text.replace("," if separator == DecimalSeparator.POINT else ".", "")
    elif not _PLAIN[separator].fullmatch(text):
        raise ValueError(f"'{raw}' is not a number")
    return to_decimal(sign + text.replace(",", "."), raw)


def to_decimal(value: object, raw: object | None = None) -> Decimal:
    """A finite decimal that fits the ledger's columns, quantized to ten decimal places.

    Text is read only as ASCII digits without underscores: `Decimal()` also takes `1_000`, other
    scripts' digits (`١٢٣`) and Unicode spaces, which no file we read means as a number."""
    shown = value if raw is None else raw
    if isinstance(value, bool) or (
        isinstance(value, str) and (not value.isascii() or "_" in value)
    ):
        raise ValueError(f"'{shown}' is not a number")
    try:
        number = Decimal(value) if isinstance(value, int | Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"'{shown}' is not a number") from exc
    if not number.is_finite():
        raise ValueError(f"'{shown}' is not a finite number")
    if not fits_column(number):
        raise ValueError(f"'{shown}' is too large")
    return quantize(number)


def quantize(value: Decimal, quantum: Decimal = QUANTUM) -> Decimal:
    """`value` to ten decimal places (or `quantum`), with room for any value that fits a column."""
    with localcontext() as context:
        context.prec = 80
        return value.quantize(quantum)
