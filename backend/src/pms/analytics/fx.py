"""Exchange rates between any two currencies from the stored daily pairs.

A pair `(base, quote)` with rate `x` means 1 `base` = `x` `quote`. Converting currency `A` into `B` on
day `t` uses, in this order: the pair `(A, B)`; the inverse of `(B, A)`; `A → USD → B`; `A → EUR → B`
(each leg of a cross again direct or inverse). A rate is the last one on or before `t` (forward
fill); before a pair's first rate, its first rate is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import numpy as np

from pms.analytics.records import DailySeries, DayArray, FloatArray, as_decimal

#: Currencies a missing pair is crossed through, in order of preference.
CROSS_CURRENCIES = ("USD", "EUR")

ONE = Decimal(1)


class MissingExchangeRate(LookupError):
    """No stored pair, inverse or cross leads from one currency to the other."""

    def __init__(self, source: str, target: str) -> None:
        super().__init__(f"no exchange rate from {source} to {target}")
        self.source = source
        self.target = target


#: One step of a conversion: the stored series and whether it is used inverted.
Leg = tuple[DailySeries, bool]


class ExchangeRates:
    """Resolves and evaluates conversions between currencies."""

    def __init__(self, pairs: Mapping[tuple[str, str], DailySeries]) -> None:
        self._pairs = {key: series for key, series in pairs.items() if len(series) > 0}
        self._routes: dict[tuple[str, str], tuple[Leg, ...]] = {}

    def _leg(self, source: str, target: str) -> Leg | None:
        direct = self._pairs.get((source, target))
        if direct is not None:
            return direct, False
        reverse = self._pairs.get((target, source))
        if reverse is not None:
            return reverse, True
        return None

    def route(self, source: str, target: str) -> tuple[Leg, ...]:
        """The legs that convert `source` into `target` (none for the same currency)."""
        key = (source, target)
        if key in self._routes:
            return self._routes[key]
        legs: tuple[Leg, ...] | None = None
        if source == target:
            legs = ()
        elif (leg := self._leg(source, target)) is not None:
            legs = (leg,)
        else:
            for pivot in CROSS_CURRENCIES:
                if pivot in key:
                    continue
                first, second = self._leg(source, pivot), self._leg(pivot, target)
                if first is not None and second is not None:
                    legs = (first, second)
                    break
        if legs is None:
            raise MissingExchangeRate(source, target)
        self._routes[key] = legs
        return legs

    def series(self, source: str, target: str, days: DayArray) -> FloatArray:
        """Rates `source → target` on each of `days` (ascending), as floats."""
        result = np.ones(days.shape, dtype=np.float64)
        for series, inverted in self.route(source, target):
            index = np.searchsorted(series.days, days, side="right") - 1
            values = series.values[np.maximum(index, 0)]
            if inverted:
                result /= values
            else:
                result *= values
        return result

    def rate(self, source: str, target: str, day: date) -> Decimal:
        """The rate `source → target` on `day` as an exact decimal of the stored rates."""
        result = ONE
        for series, inverted in self.route(source, target):
            stored = as_decimal(series.values[max(series.index_on(day), 0)])
            result = result / stored if inverted else result * stored
        return result


class Converter:
    """Converts amounts into one target currency at the rate of their day (memoised per day)."""

    def __init__(self, rates: ExchangeRates, target: str) -> None:
        self.rates = rates
        self.target = target
        self._memo: dict[tuple[str, date], Decimal] = {}

    def rate(self, source: str, day: date, target: str | None = None) -> Decimal:
        target = self.target if target is None else target
        if source == target:
            return ONE
        if target != self.target:
            return self.rates.rate(source, target, day)
        key = (source, day)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self.rates.rate(source, target, day)
        return found

    def convert(self, amount: Decimal, source: str, day: date) -> Decimal:
        if source == self.target:
            return amount
        return amount * self.rate(source, day)
