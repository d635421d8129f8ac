"""From what a provider serves to what we store: as-traded prices in the major currency unit.

Yahoo serves daily closes *split-adjusted as of the day of the request*: every close before a split
is divided by that split's ratio. The close actually traded on day *d* is therefore

    as_traded(d) = served(d) × Π ratio(s) over the splits s dated after d

(a split dated *d* is effective at the start of *d*, so day *d* itself already trades post-split).
Dividends per share are served adjusted the same way and are un-adjusted by the same factor. This is
only right when the provider's answer lists every split after the first bar, which is why history
is always fetched up to today (see `pms.market.providers.yahoo`).

Quotes in a minor unit (pence `GBp`/`GBX`, South African cents `ZAc`, Israeli agorot `ILA`) are
divided by 100 into the major currency (`pms.currencies.normalise_currency`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

from pms.currencies import normalise_currency
from pms.db.types import SCALE
from pms.market.providers.base import Bar, Dividend, SplitEvent

#: Yahoo's chart API serves prices as 32-bit floats: about seven significant decimal digits are
#: real, the rest is binary noise (129.0399932861328 is 129.04).
FLOAT_SIGNIFICANT_DIGITS = 7
#: Split ratios are announced as small integer ratios (4:1, 3:2, 1:10); a float ratio from the
#: provider is turned back into one with a denominator at most this large.
MAX_SPLIT_DENOMINATOR = 1000
_QUANTUM = Decimal(1).scaleb(-SCALE)


def decimal_from_float(
    value: float | None, digits: int = FLOAT_SIGNIFICANT_DIGITS
) -> Decimal | None:
    """The decimal a provider meant by a float: rounded to `digits` significant digits.

    None for a missing value (None, NaN or infinite)."""
    if value is None or not math.isfinite(value):
        return None
    exact = Decimal(repr(float(value)))
    if exact.is_zero():
        return Decimal(0)
    exponent = exact.adjusted() - (digits - 1)
    return tidy(exact.quantize(Decimal(1).scaleb(exponent)))


def volume_from_float(value: float | None) -> Decimal | None:
    if value is None or not math.isfinite(value) or value < 0:
        return None
    return Decimal(round(value))


def split_from_ratio(day: date, ratio: float) -> SplitEvent | None:
    """A split from a float ratio (4.0 → 4:1, 1.5 → 3:2, 0.1 → 1:10); None for a zero or bad one."""
    if not math.isfinite(ratio) or ratio <= 0:
        return None
    fraction = Fraction(ratio).limit_denominator(MAX_SPLIT_DENOMINATOR)
    if fraction == 1 or fraction.numerator == 0:
        return None
    return SplitEvent(day, fraction.numerator, fraction.denominator)


def factor_after(day: date, splits: Iterable[SplitEvent]) -> Fraction:
    """Π ratio(s) over the splits dated strictly after `day`."""
    factor = Fraction(1)
    for split in splits:
        if split.date > day:
            factor *= split.ratio
    return factor


def tidy(value: Decimal) -> Decimal:
    """`value` to the stored number of decimal places, without trailing zeros or an exponent."""
    if value.adjusted() >= 28 - SCALE:  # beyond what quantize can hold; no real price is that big
        return value
    result = value.quantize(_QUANTUM).normalize()
    return result.quantize(Decimal(1)) if result.as_tuple().exponent > 0 else result  # type: ignore[operator]


def scale(value: Decimal, factor: Fraction, divisor: Decimal = Decimal(1)) -> Decimal:
    """`value × factor ÷ divisor`, to the stored number of decimal places."""
    return tidy(value * factor.numerator / (factor.denominator * divisor))


def unadjust_bars(bars: Sequence[Bar], splits: Sequence[SplitEvent], divisor: Decimal) -> list[Bar]:
    """Split-adjusted bars → as-traded bars in the major currency unit (volumes are left alone)."""

    def one(value: Decimal | None, factor: Fraction) -> Decimal | None:
        return None if value is None else scale(value, factor, divisor)

    result = []
    for bar in bars:
        factor = factor_after(bar.date, splits)
        result.append(
            Bar(
                date=bar.date,
                close=scale(bar.close, factor, divisor),
                open=one(bar.open, factor),
                high=one(bar.high, factor),
                low=one(bar.low, factor),
                volume=bar.volume,
            )
        )
    return result


def unadjust_dividends(
    dividends: Sequence[Dividend], splits: Sequence[SplitEvent], divisor: Decimal
) -> list[Dividend]:
    return [
        Dividend(d.date, scale(d.amount, factor_after(d.date, splits), divisor)) for d in dividends
    ]


def major_currency(quote_currency: str) -> tuple[str, Decimal]:
    """The currency prices are stored in, and what to divide the provider's prices by."""
    return normalise_currency(quote_currency)
