"""Reading a price history from CSV: a `Date` column and a `Close` column, as Yahoo Finance
(`Date,Open,High,Low,Close,Adj Close,Volume`) and Portfolio Performance (`Date;Quote`, or localised
`Datum;Kurs`) export them.

The reader works out the column separator, the date format (ISO, day-first or month-first, with
`.`, `/` or `-`) and the decimal separator (`1234.56`, `1,234.56`, `1.234,56`, `1 234,56`) from the
file itself, and refuses anything it cannot read unambiguously, naming the row. It holds no
database or HTTP code: it turns bytes into (date, close) pairs or a `ValidationFailed`.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from pms.errors import FieldError, PMSError, ValidationFailed
from pms.ledger_limits import EARLIEST_DATE

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
MAX_FIELD_CHARS = 1_000
MAX_REPORTED_ERRORS = 20
#: Days between consecutive rows of a daily price history, at most (weekends, holidays).
DAILY_GAP_DAYS = 7
#: Closes have at most this many digits before the decimal point.
MAX_INTEGER_DIGITS = 15

DATE_HEADERS = ("date", "datum", "fecha", "data", "time", "day")
CLOSE_HEADERS = ("close", "quote", "kurs", "schlusskurs", "price", "last", "cierre", "prix")
MISSING = ("", "null", "n/a", "na", "-", "nan")

#: Candidate date formats; `strptime` is strict about separators, so each is tried as written.
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%m/%d/%Y",
    "%m-%d-%Y",
    "%d.%m.%y",
    "%b %d, %Y",
    "%d %b %Y",
)
# re.ASCII: \d is 0-9 only, so that Arabic-Indic (or any other) digits are not read as numbers.
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$", re.ASCII)
_NUMBER = re.compile(r"^[+]?[\d.,' \u00a0\u202f]+$", re.ASCII)


class FileTooLarge(PMSError):
    status = 413
    title = "Content too large"
    slug = "content-too-large"


@dataclass(frozen=True)
class PriceRow:
    row: int
    date: date
    close: Decimal


@dataclass(frozen=True)
class ParsedPrices:
    rows: tuple[PriceRow, ...]
    date_format: str
    decimal_separator: str
    #: Rows without a close ("null" in Yahoo's files for days without trading), by row number.
    skipped: tuple[int, ...] = ()


def _refuse(field: str, message: str, code: str = "invalid") -> ValidationFailed:
    return ValidationFailed(detail=f"{field}: {message}", errors=[FieldError(field, message, code)])


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        message = f"is larger than {MAX_BYTES // (1024 * 1024)} MB"
        raise FileTooLarge(
            detail=f"file: {message}", errors=[FieldError("file", message, "too_large")]
        )
    if not data.strip():
        raise _refuse("file", "is empty", "empty")
    if b"\x00" in data:
        raise _refuse("file", "is not a text file (it contains NUL bytes)", "not_text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refuse("file", "is neither UTF-8 nor Windows-1252 text", "encoding")  # pragma: no cover


def _dialect(sample: str) -> str:
    first = next((line for line in sample.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", "\t", ",", "|")}
    separator = max(counts, key=lambda s: counts[s])
    if counts[separator] == 0:
        raise _refuse(
            "file", "has no column separator: expected a header such as 'Date,Close'", "no_header"
        )
    return separator


def _find_column(header: Sequence[str], names: Iterable[str], what: str) -> int:
    cleaned = [h.strip().strip('"').lower() for h in header]
    for name in names:
        if name in cleaned:
            return cleaned.index(name)
    raise _refuse(
        "file",
        f"has no {what} column: the header must name one of {', '.join(n.title() for n in names)}",
        "missing_column",
    )


def _strip_time(value: str) -> str:
    return _TIME_SUFFIX.sub("", value.strip())


def _parse_day(value: str, fmt: str) -> date:
    """`value` read with `fmt`; strptime would also read non-ASCII digits ("٢٠٢٤-٠١-٠٢")."""
    text = _strip_time(value)
    if not text.isascii():
        raise ValueError("not an ASCII date")
    return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - dates only


def _median_gap(days: Sequence[date]) -> float:
    ordered = sorted(days)
    gaps = sorted((b - a).days for a, b in itertools.pairwise(ordered))
    return float(gaps[len(gaps) // 2]) if gaps else 0.0


def detect_date_format(values: Sequence[str]) -> str:
    """The one format that reads every value; when day-first and month-first both do, the one
    whose dates run in order (exports are sorted), else a refusal."""
    candidates = []
    for fmt in DATE_FORMATS:
        try:
            parsed = [_parse_day(v, fmt) for v in values]
        except ValueError:
            continue
        candidates.append((fmt, parsed))
    if not candidates:
        raise _refuse("Date", "is in no date format PMS knows; use YYYY-MM-DD", "date_format")
    if len(candidates) > 1:
        ordered = [(f, p) for f, p in candidates if p in (sorted(p), sorted(p, reverse=True))]
        candidates = ordered or candidates
    if len(candidates) > 1:
        # Daily prices lie a few days apart; the wrong reading of 01/02, 01/03 … jumps a month.
        close_together = [(f, p) for f, p in candidates if _median_gap(p) <= DAILY_GAP_DAYS]
        candidates = close_together if len(close_together) == 1 else candidates
    if len({tuple(p) for _, p in candidates}) > 1:
        raise _refuse(
            "Date",
            "could be day-first or month-first; write the dates as YYYY-MM-DD",
            "ambiguous_date",
        )
    return candidates[0][0]


def detect_decimal_separator(values: Sequence[str], column_separator: str) -> str:
    """'.' or ',', from the values themselves: the separator that ends a number with other than
    three digits after it is the decimal one; with both in a number, the last one is."""
    votes = {".": 0, ",": 0}
    for raw in values:
        value = raw.strip()
        dot, comma = value.rfind("."), value.rfind(",")
        if dot >= 0 and comma >= 0:
            votes["." if dot > comma else ","] += 1
            continue
        for sep, position in ((".", dot), (",", comma)):
            if position < 0:
                continue
            digits_after = len(value) - position - 1
            if value.count(sep) > 1:
                votes["," if sep == "." else "."] += 1  # repeated: a thousands separator
            elif digits_after != 3:
                votes[sep] += 1
    if votes["."] and votes[","]:
        raise _refuse("Close", "mixes '.' and ',' as decimal separators", "decimal_separator")
    if votes[","]:
        return ","
    if votes["."]:
        return "."
    # Only numbers like 1,234 or 1.234: a comma means thousands unless columns are split by ';'.
    return "," if column_separator in (";", "\t") and any("," in v for v in values) else "."


def parse_number(value: str, decimal_separator: str) -> Decimal:
    text = value.strip()
    if not _NUMBER.fullmatch(text):
        raise ValueError("is not a number")
    thousands = "," if decimal_separator == "." else "."
    text = re.sub(r"[' \u00a0\u202f]", "", text).replace(thousands, "")
    if decimal_separator == ",":
        text = text.replace(",", ".")
    if text.count(".") > 1:
        raise ValueError("is not a number")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("is not a number") from None
    if not number.is_finite():
        raise ValueError("is not a number")
    if number.adjusted() >= MAX_INTEGER_DIGITS:
        raise ValueError("is too large for a price")
    return number


def parse_price_csv(data: bytes, *, today: date) -> ParsedPrices:
    """Read (date, close) rows; raise `ValidationFailed` naming the first rows that are wrong."""
    text = _decode(data)
    separator = _dialect(text[:4096])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header = next(reader)
        date_col = _find_column(header, DATE_HEADERS, "date")
        close_col = _find_column(header, CLOSE_HEADERS, "close")
        raw: list[tuple[int, str, str]] = []
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(raw) >= MAX_ROWS:
                raise _refuse("file", f"has more than {MAX_ROWS} rows", "too_many_rows")
            if len(record) <= max(date_col, close_col):
                raise _refuse(f"row {number}", "has fewer columns than the header", "columns")
            if any(len(cell) > MAX_FIELD_CHARS for cell in record):
                raise _refuse(
                    f"row {number}",
                    f"has a field longer than {MAX_FIELD_CHARS} characters",
                    "too_long",
                )
            raw.append((number, record[date_col], record[close_col]))
    except csv.Error as exc:
        raise _refuse("file", f"is not valid CSV ({exc})", "csv") from None
    if not raw:
        raise _refuse("file", "has a header but no rows", "empty")

    present = [(n, d, c) for n, d, c in raw if c.strip().lower() not in MISSING]
    skipped = tuple(n for n, _, c in raw if c.strip().lower() in MISSING)
    if not present:
        raise _refuse("Close", "has no values", "empty")
    date_format = detect_date_format([d for _, d, _ in present])
    decimal = detect_decimal_separator([c for _, _, c in present], separator)

    errors: list[FieldError] = []
    rows: list[PriceRow] = []
    seen: dict[date, int] = {}
    for number, date_text, close_text in present:
        if len(errors) >= MAX_REPORTED_ERRORS:
            break
        day = _parse_day(date_text, date_format)
        if day < EARLIEST_DATE or day > today:
            errors.append(
                FieldError(f"row {number}.Date", f"{day.isoformat()} is out of range", "range")
            )
            continue
        if day in seen:
            errors.append(
                FieldError(
                    f"row {number}.Date", f"repeats the date of row {seen[day]}", "duplicate"
                )
            )
            continue
        seen[day] = number
        try:
            close = parse_number(close_text, decimal)
        except ValueError as exc:
            errors.append(FieldError(f"row {number}.Close", f"'{close_text[:20]}' {exc}", "number"))
            continue
        if close <= 0:
            errors.append(FieldError(f"row {number}.Close", "must be greater than 0", "range"))
            continue
        rows.append(PriceRow(number, day, close))
    if errors:
        shown = "; ".join(f"{e.field}: {e.message}" for e in errors[:3])
        raise ValidationFailed(
            detail=f"the file was not imported: {shown}", errors=errors[:MAX_REPORTED_ERRORS]
        )
    return ParsedPrices(tuple(sorted(rows, key=lambda r: r.date)), date_format, decimal, skipped)
