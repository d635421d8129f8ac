"""The price an instrument is valued at on one day, as an exact decimal: its last close on or before
the day, else (no close yet) its last trade price, split-adjusted (ARCHITECTURE §5, Valuation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from pms.analytics.ledger import TradePrices
from pms.analytics.records import DailySeries, PortfolioData, SplitRecord, as_decimal


@dataclass(frozen=True, slots=True)
class Quote:
    """A price in the instrument's currency, the day it is from, and whether it is a close (or the
    fallback: the last trade price)."""

    price: Decimal
    date: date
    has_close: bool


class Pricing:
    def __init__(self, data: PortfolioData, trade_prices: TradePrices) -> None:
        self.prices = data.prices
        self.trade_prices = trade_prices
        self.splits: dict[int, list[SplitRecord]] = {}
        for split in sorted(data.splits, key=lambda split: split.date):
            self.splits.setdefault(split.instrument_id, []).append(split)

    def closes(self, instrument_id: int) -> DailySeries | None:
        return self.prices.get(instrument_id)

    def quote(self, instrument_id: int, day: date) -> Quote | None:
        """The last close on or before `day`, restated in units after the splits since then;
        else the last trade price."""
        series = self.prices.get(instrument_id)
        if series is not None:
            at = series.index_on(day)
            if at >= 0:
                close, closed = as_decimal(series.values[at]), series.day_at(at)
                factor = self.split_factor(instrument_id, closed, day)
                if factor != 1:
                    close = close * factor.denominator / factor.numerator
                return Quote(close, closed, True)
        fallback = self.trade_prices.on(instrument_id, day)
        if fallback is None:
            return None
        return Quote(fallback[0], fallback[1], False)

    def split_factor(self, instrument_id: int, after: date, until: date) -> Fraction:
        """Π numerator ÷ denominator of the splits dated in (`after`, `until`]."""
        factor = Fraction(1)
        for split in self.splits.get(instrument_id, ()):
            if after < split.date <= until:
                factor *= split.ratio
        return factor

    def previous_close(self, instrument_id: int, quote: Quote, day: date) -> Decimal | None:
        """The close before `quote`'s close, restated in the units of `day`."""
        series = self.prices.get(instrument_id)
        if series is None or not quote.has_close:
            return None
        at = series.index_on(quote.date) - 1
        if at < 0:
            return None
        previous = as_decimal(series.values[at])
        factor = self.split_factor(instrument_id, series.day_at(at), day)
        if factor != 1:
            previous = previous * factor.denominator / factor.numerator
        return previous
