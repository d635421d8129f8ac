"""Exchange rates between any two currencies, from the stored daily pairs and a reference set.

A pair `(base, quote)` with rate `x` means 1 `base` = `x` `quote`. Converting currency `A` into `B` on
day `t` has two sources:

- **stored** rates (entered by hand or fetched from the provider): the pair `(A, B)`; else the
  inverse of `(B, A)`; else `A → USD → B`; else `A → EUR → B` (each leg of a cross again direct or
  inverse). A rate is the last one on or before `t` (forward fill, however old).
- **reference** rates (`ReferenceRates`, the ECB's euro rates bundled with PMS), when given:
  `A → anchor → B`, both legs the reference's own.
- for a currency only stored rates reach (a trade's own rate, say) and one only the reference does,
  a **mixed** cross through USD or EUR: one leg stored, the other the reference's rates taken as a
  stored leg (forward filled).

The stored route wins on every day on or after its first rate (of each leg). On a day before it, or
for a pair with no stored route, the reference rate is used when it has one: the last published on
or before `t` and at most `CURRENT_DAYS` old (a weekend or holiday gap, not a currency the reference
stopped publishing), or, after the reference set's last day, the last rate of a currency still
published then (carried forward; `ExchangeRates.carried_past_reference` records those conversions).
Otherwise a stored route's first rate stands in for the days before it; with no stored route, the
reference's nearest rate stands in (its first for a day before the currency was published, its last
for a currency it stopped publishing). Every such stand-in is visible: `resolve` gives the date of
the rate used, and `rate` records conversions whose rate is more than `CARRY_BUSINESS_DAYS` away
from their day in `ExchangeRates.approximated`. Only a pair that no stored rate and no reference
rate connects on any day is a `MissingExchangeRate`: the reports leave what is held in such a
currency out of their figures and say so (`pms.analytics.caveats`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from pms.analytics.records import (
    DailySeries,
    DayArray,
    FloatArray,
    ReferenceRates,
    as_decimal,
)

#: Currencies a missing pair is crossed through, in order of preference.
CROSS_CURRENCIES = ("USD", "EUR")
#: A reference rate stands for this many days after its date: a weekend, or the longest gap between
#: two ECB publication days (Maundy Thursday to Easter Tuesday). A longer gap means the reference
#: stopped publishing the currency (suspended, or replaced by the euro).
CURRENT_DAYS = 5
#: A rate more than this many business days away from the day it converts is flagged as carried.
CARRY_BUSINESS_DAYS = 5

ONE = Decimal(1)
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class MissingExchangeRate(LookupError):
    """No stored pair, inverse or cross, nor a reference rate, leads from one currency to the
    other on any day."""

    def __init__(self, source: str, target: str, day: date | None = None) -> None:
        on = "" if day is None else f" on {day.isoformat()}"
        super().__init__(f"no exchange rate from {source} to {target}{on}")
        self.source = source
        self.target = target
        self.day = day


#: One step of a conversion: the stored series and whether it is used inverted.
Leg = tuple[DailySeries, bool]


@dataclass(frozen=True, eq=False)
class RateUse:
    """How a conversion resolved on each of some days (`ExchangeRates.resolve`): the rate; the date
    of the oldest rate in it (for a stored series' first rate standing in before the series began,
    that rate's date, after the day); whether the reference's cross was used rather than stored
    rates; and whether that was the reference's last rate carried past the reference's end."""

    values: FloatArray
    dated: DayArray
    from_reference: BoolArray
    carried: BoolArray


@dataclass
class Approximation:
    """Conversions of one pair whose rate was more than `CARRY_BUSINESS_DAYS` business days away
    from their day: how many days, the first and last such day, and the largest gap."""

    first: date
    last: date
    count: int
    widest: int
    #: Whether some of them used a rate dated after their day (a first rate standing in).
    later: bool = False

    def add(self, day: date, gap: int, later: bool) -> None:
        self.first = min(self.first, day)
        self.last = max(self.last, day)
        self.count += 1
        self.widest = max(self.widest, gap)
        self.later = self.later or later


def business_gap(rate_day: date, day: date) -> int:
    """Business days between a rate's date and the day it converts, either way round."""
    if rate_day <= day:
        return int(np.busday_count(rate_day, day))
    return int(np.busday_count(day, rate_day))


def _day_numbers(days: DayArray) -> IntArray:
    numbers: IntArray = days.astype("datetime64[D]").astype(np.int64)
    return numbers


class ExchangeRates:
    """Resolves and evaluates conversions between currencies."""

    def __init__(
        self,
        pairs: Mapping[tuple[str, str], DailySeries],
        reference: ReferenceRates | None = None,
    ) -> None:
        self._pairs = {key: series for key, series in pairs.items() if len(series) > 0}
        self._routes: dict[tuple[str, str], tuple[Leg, ...] | None] = {}
        self.reference = reference
        #: Conversions `(source, target)` that used the reference's last rate on days after the
        #: reference set ends, with the latest such day: the hook for a report-level warning that
        #: rates were carried forward past the bundled data.
        self.carried_past_reference: dict[tuple[str, str], date] = {}
        #: Single-day conversions (`rate`) whose rate was more than `CARRY_BUSINESS_DAYS` business
        #: days older than their day, or after it (a first rate standing in), per pair.
        self.approximated: dict[tuple[str, str], Approximation] = {}

    # -- stored routes ----------------------------------------------------------------------------

    def _leg(self, source: str, target: str) -> Leg | None:
        direct = self._pairs.get((source, target))
        if direct is not None:
            return direct, False
        reverse = self._pairs.get((target, source))
        if reverse is not None:
            return reverse, True
        return None

    def _stored_route(self, source: str, target: str) -> tuple[Leg, ...] | None:
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
            else:
                # Only for a pair the reference cannot convert alone (its own cross wins).
                if not self._references(source, target):
                    legs = self._mixed_route(source, target)
        self._routes[key] = legs
        return legs

    def _mixed_route(self, source: str, target: str) -> tuple[Leg, ...] | None:
        """A cross with one stored leg and one reference leg, for a currency only stored rates
        reach (a trade's own rate of TWD in a USD account) reported in one only the reference
        does (EUR): `source → pivot` stored and `pivot → target` from the reference, or the
        other way round."""
        reference = self.reference
        if reference is None:
            return None
        for pivot in CROSS_CURRENCIES:
            if pivot in (source, target) or not reference.publishes(pivot):
                continue
            stored = self._leg(source, pivot)
            if stored is not None and reference.publishes(target):
                other = self._reference_pair(pivot, target)
                if other is not None:
                    return (stored, other)
            stored = self._leg(pivot, target)
            if stored is not None and reference.publishes(source):
                other = self._reference_pair(source, pivot)
                if other is not None:
                    return (other, stored)
        return None

    def _reference_pair(self, source: str, target: str) -> Leg | None:
        """The reference's rates `source → target` as one stored-like leg (forward filled)."""
        reference = self.reference
        assert reference is not None
        if source == reference.anchor:
            return reference.series[target], False
        if target == reference.anchor:
            return reference.series[source], True
        base, quote = reference.series[source], reference.series[target]
        days, at_base, at_quote = np.intersect1d(base.days, quote.days, return_indices=True)
        if not days.size:
            return None
        return DailySeries(days, quote.values[at_quote] / base.values[at_base]), False

    def route(self, source: str, target: str) -> tuple[Leg, ...]:
        """The stored legs that convert `source` into `target` (none for the same currency)."""
        legs = self._stored_route(source, target)
        if legs is None:
            raise MissingExchangeRate(source, target)
        return legs

    def convertible(self, source: str, target: str) -> bool:
        """Whether any rate connects the two currencies (on some day, at least)."""
        return self._stored_route(source, target) is not None or self._references(source, target)

    def _references(self, source: str, target: str) -> bool:
        reference = self.reference
        return (
            reference is not None
            and source != target
            and reference.publishes(source)
            and reference.publishes(target)
        )

    # -- many days at once ------------------------------------------------------------------------

    def series(self, source: str, target: str, days: DayArray) -> FloatArray:
        """Rates `source → target` on each of `days` (ascending), as floats."""
        return self.resolve(source, target, days).values

    def resolve(self, source: str, target: str, days: DayArray) -> RateUse:
        """Rates `source → target` on each of `days` (ascending) and where each came from."""
        legs = self._stored_route(source, target)
        numbers = _day_numbers(days)
        if not self._references(source, target):
            if legs is None:
                raise MissingExchangeRate(source, target)
            values, dated, _ = self._stored_series(legs, days, numbers)
            none = np.zeros(days.shape, dtype=np.bool_)
            return RateUse(values, dated.astype("datetime64[D]"), none, none)
        values, dated, usable = self._reference_series(source, target, days, numbers)
        if legs is None:
            # The reference throughout: its nearest rate where none is current (see the module).
            use_reference = np.ones(days.shape, dtype=np.bool_)
        else:
            stored, stored_dated, started = self._stored_series(legs, days, numbers)
            use_reference = usable & ~started
            values = np.where(use_reference, values, stored)
            dated = np.where(use_reference, dated, stored_dated)
        reference = self.reference
        assert reference is not None
        carried = use_reference & (days > np.datetime64(reference.end, "D"))
        if not (reference.current_at_end(source) and reference.current_at_end(target)):
            carried[:] = False
        self._note_carried(source, target, days[carried])
        return RateUse(values, dated.astype("datetime64[D]"), use_reference, carried)

    def _stored_series(
        self, legs: tuple[Leg, ...], days: DayArray, numbers: IntArray
    ) -> tuple[FloatArray, IntArray, BoolArray]:
        """The rates on `days`; per day the date (day number) of the oldest rate used (a series'
        first rate, after the day, where it stands in before the series began); and whether every
        leg had begun."""
        result = np.ones(days.shape, dtype=np.float64)
        dated = numbers.copy() if not legs else np.full(days.shape, np.iinfo(np.int64).max)
        started = np.ones(days.shape, dtype=np.bool_)
        for series, inverted in legs:
            index = np.searchsorted(series.days, days, side="right") - 1
            clipped = np.maximum(index, 0)
            values = series.values[clipped]
            if inverted:
                result /= values
            else:
                result *= values
            dated = np.minimum(dated, _day_numbers(series.days[clipped]))
            started &= index >= 0
        return result, dated, started

    def _reference_leg(
        self, code: str, days: DayArray, numbers: IntArray
    ) -> tuple[FloatArray, IntArray, BoolArray]:
        """Units of `code` per anchor on `days`, the date of each rate, and where the reference
        has a usable one; elsewhere the nearest rate (the first, before the currency's first)."""
        reference = self.reference
        assert reference is not None
        if code == reference.anchor:
            return np.ones(days.shape), numbers, np.ones(days.shape, dtype=np.bool_)
        series = reference.series[code]
        index = np.searchsorted(series.days, days, side="right") - 1
        clipped = np.maximum(index, 0)
        dated = _day_numbers(series.days[clipped])
        usable = (index >= 0) & (numbers - dated <= CURRENT_DAYS)
        if reference.current_at_end(code):
            end = _day_numbers(np.array([reference.end], dtype="datetime64[D]"))[0]
            usable |= (index >= 0) & (numbers > end)
        return series.values[clipped], dated, usable

    def _reference_series(
        self, source: str, target: str, days: DayArray, numbers: IntArray
    ) -> tuple[FloatArray, IntArray, BoolArray]:
        source_values, source_dated, source_usable = self._reference_leg(source, days, numbers)
        target_values, target_dated, target_usable = self._reference_leg(target, days, numbers)
        later = np.maximum(source_dated, target_dated)
        dated = np.where(later > numbers, later, np.minimum(source_dated, target_dated))
        return target_values / source_values, dated, source_usable & target_usable

    def _note_carried(self, source: str, target: str, used: DayArray) -> None:
        """Record that the reference's last rate was carried to `used` (days after its end)."""
        reference = self.reference
        if reference is None or not used.size:
            return
        last: date = used[-1].astype(date)
        if last > reference.end:
            key = (source, target)
            known = self.carried_past_reference.get(key)
            self.carried_past_reference[key] = last if known is None else max(known, last)

    # -- one day ----------------------------------------------------------------------------------

    def rate(self, source: str, target: str, day: date) -> Decimal:
        """The rate `source → target` on `day` as an exact decimal of the stored (or reference)
        rates; a rate far from the day is recorded in `approximated`."""
        value, dated = self.rate_dated(source, target, day)
        if dated != day.toordinal():
            self._note_gap(source, target, day, date.fromordinal(dated))
        return value

    def rate_dated(self, source: str, target: str, day: date) -> tuple[Decimal, int]:
        """The rate `source → target` on `day` and the day number (`toordinal`) of the oldest
        rate in it (after `day` for a first rate standing in)."""
        ordinal = day.toordinal()
        legs = self._stored_route(source, target)
        referenced = self._references(source, target)
        if legs is None:
            found = self._reference_rate(source, target, day, nearest=True) if referenced else None
            if found is None:
                raise MissingExchangeRate(source, target)
            return self._use_reference(source, target, day, found[0]), found[1]
        result = ONE
        dated = ordinal
        stand_in = 0  # the latest first rate standing in for a leg that has not begun
        for series, inverted in legs:
            index = series.index_on(day)
            stored = as_decimal(series.values[max(index, 0)])
            result = result / stored if inverted else result * stored
            if index >= 0:
                dated = min(dated, series.ordinals[index])
            else:
                stand_in = max(stand_in, series.ordinals[0])
        started = stand_in == 0
        if not started:
            dated = stand_in
        if not started and referenced:
            found = self._reference_rate(source, target, day)
            if found is not None:
                return self._use_reference(source, target, day, found[0]), found[1]
        return result, dated

    def _note_gap(self, source: str, target: str, day: date, dated: date) -> None:
        if dated < day and (day - dated).days <= CARRY_BUSINESS_DAYS + 2:
            return  # a weekend or a short holiday: not worth a word
        gap = business_gap(dated, day)
        if gap <= CARRY_BUSINESS_DAYS and dated <= day:
            return
        key = (source, target)
        known = self.approximated.get(key)
        if known is None:
            self.approximated[key] = Approximation(day, day, 1, gap, dated > day)
        else:
            known.add(day, gap, dated > day)

    def _use_reference(self, source: str, target: str, day: date, value: Decimal) -> Decimal:
        reference = self.reference
        if (
            reference is not None
            and day > reference.end
            and reference.current_at_end(source)
            and reference.current_at_end(target)
        ):
            self._note_carried(source, target, np.array([day], dtype="datetime64[D]"))
        return value

    def _reference_rate(
        self, source: str, target: str, day: date, *, nearest: bool = False
    ) -> tuple[Decimal, int] | None:
        """The reference's rate `source → target` on `day` and the day number of its older leg,
        or `None` where it has none usable (unless `nearest`: then the nearest rate of each leg)."""
        source_rate = self._reference_leg_on(source, day, nearest)
        target_rate = self._reference_leg_on(target, day, nearest)
        if source_rate is None or target_rate is None:
            return None
        ordinal = day.toordinal()
        later = max(source_rate[1], target_rate[1])
        # a leg standing in with a rate after the day dates the whole; else the older leg does
        dated = later if later > ordinal else min(source_rate[1], target_rate[1])
        if source_rate[0] == ONE:
            return target_rate[0], dated
        return target_rate[0] / source_rate[0], dated

    def _reference_leg_on(
        self, code: str, day: date, nearest: bool = False
    ) -> tuple[Decimal, int] | None:
        reference = self.reference
        assert reference is not None
        ordinal = day.toordinal()
        if code == reference.anchor:
            return ONE, ordinal
        series = reference.series[code]
        index = series.index_on(day)
        if index < 0:
            return (as_decimal(series.values[0]), series.ordinals[0]) if nearest else None
        carried = day > reference.end and reference.current_at_end(code)
        if ordinal - series.ordinals[index] > CURRENT_DAYS and not carried and not nearest:
            return None
        return as_decimal(series.values[index]), series.ordinals[index]


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
