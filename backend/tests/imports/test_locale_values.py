"""Dates and numbers as files write them, decided from every value of the file."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from pms.services.imports.locale_values import (
    Ambiguous,
    DateDetector,
    DateOrder,
    DecimalSeparator,
    NumberDetector,
    parse_date,
    parse_number,
    to_decimal,
)

POINT, COMMA = DecimalSeparator.POINT, DecimalSeparator.COMMA


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2024-03-05", None, date(2024, 3, 5)),
        ("2024-03-05T00:00", None, date(2024, 3, 5)),
        ("2021-09-16T00:00:00.000Z", None, date(2021, 9, 16)),
        ("2024/3/5", None, date(2024, 3, 5)),
        ("20240305", None, date(2024, 3, 5)),
        ("05.03.2024", DateOrder.DMY, date(2024, 3, 5)),
        ("5.3.24", DateOrder.DMY, date(2024, 3, 5)),
        ("03/05/2024", DateOrder.MDY, date(2024, 3, 5)),
        ("05-03-1999", DateOrder.DMY, date(1999, 3, 5)),
        ("31/12/2023", None, date(2023, 12, 31)),
    ],
)
def test_dates_are_read_in_the_decided_order(
    text: str, order: DateOrder | None, expected: date
) -> None:
    assert parse_date(text, order) == expected


@pytest.mark.parametrize("text", ["2024-02-30", "13/13/2024", "yesterday", "2024-1", "05/03/2024"])
def test_impossible_or_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"'{text}'")):
        parse_date(text, None)


def _decide_dates(*values: str) -> DateOrder | None:
    detector = DateDetector()
    for value in values:
        detector.feed(value)
    return detector.decide(None)


def test_a_day_above_twelve_anywhere_decides_day_first() -> None:
    assert _decide_dates("01/02/2024", "03/04/2024", "17/04/2024") == DateOrder.DMY
    assert _decide_dates("01/02/2024", "04/17/2024") == DateOrder.MDY
    assert _decide_dates("01.02.2024") == DateOrder.DMY
    assert _decide_dates("2024-01-02", "2024-12-31") is None


def test_mixed_or_undecidable_dates_ask() -> None:
    with pytest.raises(Ambiguous, match="mix day-first and month-first"):
        _decide_dates("17/04/2024", "04/17/2024")
    with pytest.raises(Ambiguous, match="'01/02/2024' can be day-first or month-first"):
        _decide_dates("01/02/2024", "02/02/2024")
    detector = DateDetector()
    detector.feed("01/02/2024")
    assert detector.decide(DateOrder.MDY) == DateOrder.MDY


@pytest.mark.parametrize(
    ("text", "separator", "expected"),
    [
        ("1,234.56", POINT, "1234.56"),
        ("1.234,56", COMMA, "1234.56"),
        ("-1.005,90", COMMA, "-1005.90"),
        ("1 234,5", COMMA, "1234.5"),
        ("1'234.50", POINT, "1234.50"),
        ("0.9200", POINT, "0.92"),
        ("1.500", COMMA, "1500"),
        ("12", COMMA, "12"),
        ("+3.5", POINT, "3.5"),
        ("1e3", POINT, "1000"),
        ("0.123456789012", POINT, "0.1234567890"),
    ],
)
def test_numbers_are_read_with_the_decided_separator(
    text: str, separator: DecimalSeparator, expected: str
) -> None:
    assert parse_number(text, separator) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "separator"),
    [
        ("12,3", POINT),
        ("1,23.4", POINT),
        ("1.2.3", POINT),
        ("=1+2", POINT),
        ("12abc", COMMA),
        ("", POINT),
    ],
)
def test_malformed_numbers_are_refused(text: str, separator: DecimalSeparator) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(text, separator)


def _decide_numbers(*values: str) -> DecimalSeparator:
    detector = NumberDetector()
    for value in values:
        detector.feed(value)
    return detector.decide(None)


def test_the_decimal_separator_is_decided_from_the_whole_file() -> None:
    assert _decide_numbers("1.500", "12", "-1.005,90") == COMMA
    assert _decide_numbers("1,500", "0.92") == POINT
    assert _decide_numbers("1.000.000") == COMMA
    assert _decide_numbers("12", "7") == POINT
    with pytest.raises(Ambiguous, match=re.escape("'1.250' can be read")):
        _decide_numbers("1.250", "12")
    with pytest.raises(Ambiguous, match="decimal point and numbers like '1,5'"):
        _decide_numbers("2.75", "1,5")


def test_numbers_too_large_for_the_ledger_are_refused() -> None:
    assert to_decimal("99999999999999999999.5") == Decimal("99999999999999999999.5")
    with pytest.raises(ValueError, match="too large"):
        to_decimal("1e20")
    with pytest.raises(ValueError, match="finite"):
        to_decimal("Infinity")
    with pytest.raises(ValueError, match="not a number"):
        to_decimal(True)
