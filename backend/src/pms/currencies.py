"""ISO 4217 currency codes, and the minor-unit quotes that providers use for some markets."""

from __future__ import annotations

from decimal import Decimal

import pycountry

#: Every active ISO 4217 alphabetic code.
ISO_CURRENCIES: frozenset[str] = frozenset(c.alpha_3 for c in pycountry.currencies)

#: Quote currencies in minor units → (major currency, units per major unit).
MINOR_UNITS: dict[str, tuple[str, Decimal]] = {
    "GBp": ("GBP", Decimal(100)),
    "GBX": ("GBP", Decimal(100)),
    "ZAc": ("ZAR", Decimal(100)),
    "ZAC": ("ZAR", Decimal(100)),
    "ILA": ("ILS", Decimal(100)),
}


def is_currency(code: str) -> bool:
    return code in ISO_CURRENCIES


def normalise_currency(code: str) -> tuple[str, Decimal]:
    """The major currency of a quote currency and the divisor to apply to prices quoted in it."""
    if code in MINOR_UNITS:
        return MINOR_UNITS[code]
    return code.upper(), Decimal(1)
