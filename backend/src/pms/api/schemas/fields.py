"""Field types used across the schemas: exact decimals that travel as JSON strings, currency codes."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer

from pms.currencies import is_currency
from pms.decimal_text import format_decimal
from pms.ledger_limits import DECIMAL_PLACES, DIGITS, is_decimal_text


def _reject_blank(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        raise ValueError("must be a number, not an empty string")
    if isinstance(value, str) and not is_decimal_text(value):
        # Decimal() would also read "1_000", " 12" and non-ASCII digits ("١٢٣").
        raise ValueError("must be a number written with the digits 0-9, such as 1234.56")
    if isinstance(value, bool):
        raise ValueError("must be a number")
    return value


_decimal_input = Field(allow_inf_nan=False, max_digits=DIGITS, decimal_places=DECIMAL_PLACES)

#: Money amounts and prices: serialised with at least two decimals ("12.50").
Money = Annotated[
    Decimal,
    BeforeValidator(_reject_blank),
    _decimal_input,
    PlainSerializer(lambda v: format_decimal(v, 2), return_type=str, when_used="json"),
]
#: Quantities: serialised without forced decimals ("146", "0.5").
Quantity = Annotated[
    Decimal,
    BeforeValidator(_reject_blank),
    _decimal_input,
    PlainSerializer(lambda v: format_decimal(v, 0), return_type=str, when_used="json"),
]


def _check_currency(value: str) -> str:
    if not is_currency(value):
        raise ValueError(f"'{value}' is not an ISO 4217 currency code")
    return value


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


Currency = Annotated[
    str,
    BeforeValidator(_upper),
    Field(min_length=3, max_length=3, examples=["EUR"]),
    AfterValidator(_check_currency),
]

#: Output-only variants (computed values may carry more digits than an input may).
MoneyOut = Annotated[
    Decimal, PlainSerializer(lambda v: format_decimal(v, 2), return_type=str, when_used="json")
]
QuantityOut = Annotated[
    Decimal, PlainSerializer(lambda v: format_decimal(v, 0), return_type=str, when_used="json")
]
