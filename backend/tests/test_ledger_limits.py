"""The ledger's limits, shared by the API's schemas, the imports and the report parameters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pms.ledger_limits import (
    DateProblem,
    date_problem,
    fits_column,
    has_control_characters,
    is_locale,
    is_transfer_id,
    latest_date,
)

TODAY = date(2024, 6, 30)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (date(1899, 12, 31), DateProblem.TOO_EARLY),
        (date(1900, 1, 1), None),
        (TODAY, None),
        (date(2024, 7, 1), None),
        (date(2024, 7, 2), DateProblem.IN_FUTURE),
    ],
)
def test_dates_run_from_1900_to_a_day_after_today(value: date, problem: DateProblem | None) -> None:
    assert date_problem(value, TODAY) == problem


def test_the_latest_date_is_a_day_after_today() -> None:
    assert latest_date(date(2024, 12, 31)) == date(2025, 1, 1)


@pytest.mark.parametrize(
    ("number", "fits"),
    [
        (Decimal("99999999999999999999.9999999999"), True),
        (Decimal("-99999999999999999999"), True),
        (Decimal("1E+20"), False),
        (Decimal("-100000000000000000000"), False),
        (Decimal("0E+30"), True),
        (Decimal("0.0000000001"), True),
    ],
)
def test_numbers_fit_twenty_digits_before_the_point(number: Decimal, fits: bool) -> None:
    assert fits_column(number) is fits


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("tab\tline\nreturn\r", False),
        ("Grüße ✓", False),
        ("nul\x00", True),
        ("escape\x1b[0m", True),
        ("delete\x7f", True),
    ],
)
def test_control_characters_other_than_tab_and_line_breaks_are_refused(
    text: str, refused: bool
) -> None:
    assert has_control_characters(text) is refused


@pytest.mark.parametrize(
    ("text", "valid"),
    [("move-2024.01:a_b", True), ("", False), ("two words", False), ("umbuchung-ä", False)],
)
def test_transfer_ids_are_ascii_letters_digits_and_four_marks(text: str, valid: bool) -> None:
    assert is_transfer_id(text) is valid


@pytest.mark.parametrize(
    ("text", "valid"),
    [("de", True), ("en-GB", True), ("zh-Hant-TW", True), ("e", False), ("en_GB", False)],
)
def test_locales_are_language_tags(text: str, valid: bool) -> None:
    assert is_locale(text) is valid
    assert is_locale("en-" + "abcdefgh-" * 4 + "x1") is False  # over 35 characters
