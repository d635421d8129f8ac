"""The canonical text of a decimal, as the API and the CSV exports write it."""

from __future__ import annotations

from decimal import Context, Decimal


def format_decimal(value: Decimal, min_places: int) -> str:
    """Canonical text of a decimal: no exponent, trailing zeros dropped down to `min_places`."""
    if not value.is_finite():
        raise ValueError("not a finite number")
    # normalize() rounds to its context's precision (28 digits by default): keep every digit.
    text = format(value.normalize(Context(prec=max(len(value.as_tuple().digits), 1))), "f")
    if "." in text:
        whole, frac = text.split(".")
    else:
        whole, frac = text, ""
    frac = frac.rstrip("0").ljust(min_places, "0")
    result = f"{whole}.{frac}" if frac else whole
    return "0" + result[1:] if result.startswith("-0") and Decimal(result) == 0 else result
