"""The price an instrument is valued at on one day, as an exact decimal: its last close on or before
the day, else (no close yet) its last trade price, split-adjusted (ARCHITECTURE §5, Valuation)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from pms.analytics.records import (
    DailySeries,
    PortfolioData,
    SplitRecord,
    TransactionRecord,
    as_decimal,
)
from pms.enums import TransactionType

#: Transactions whose price (when given and not 0) is a trade price of their instrument.
PRICED_TYPES = frozenset(
    {
        TransactionType.BUY,
        TransactionType.SELL,
        TransactionType.TRANSFER_IN,
        TransactionType.TRANSFER_OUT,
    }
)


class TradePrices:
    """Each instrument's last trade price in its own currency, split-adjusted, as it changed over
    time: the valuation falls back on it before an instrument has any close. Worked out per
    instrument on first use (most instruments have closes and never need it)."""

    def __init__(
        self,
        transactions: list[TransactionRecord],
        splits: list[SplitRecord],
        local_price: Callable[[TransactionRecord], Decimal],
    ) -> None:
        self._transactions = transactions
        self._splits = splits
        self._local_price = local_price
        self._histories: dict[int, tuple[list[int], list[Decimal], list[date]]] = {}

    def history(self, instrument_id: int) -> tuple[list[int], list[Decimal], list[date]]:
        """(day ordinals, prices, trade dates): a new entry at each trade and each split."""
        found = self._histories.get(instrument_id)
        if found is None:
            self.prepare([instrument_id])
            found = self._histories[instrument_id]
        return found

    def prepare(self, instrument_ids: Collection[int]) -> None:
        """Works out the histories of several instruments in one pass over the transactions."""
        wanted = set(instrument_ids) - set(self._histories)
        if not wanted:
            return
        trades: dict[int, list[TransactionRecord]] = {instrument_id: [] for instrument_id in wanted}
        for tx in self._transactions:
            if tx.instrument_id in wanted and tx.price and tx.type in PRICED_TYPES:
                trades[tx.instrument_id].append(tx)
        for instrument_id in wanted:
            self._histories[instrument_id] = self._history(instrument_id, trades[instrument_id])

    def _history(
        self, instrument_id: int, trades: list[TransactionRecord]
    ) -> tuple[list[int], list[Decimal], list[date]]:
        ordinals: list[int] = []
        prices: list[Decimal] = []
        traded: list[date] = []
        splits = [split for split in self._splits if split.instrument_id == instrument_id]
        next_split = 0
        for tx in trades:
            while next_split < len(splits) and splits[next_split].date <= tx.date:
                _adjust(splits[next_split], ordinals, prices, traded)
                next_split += 1
            ordinals.append(tx.date.toordinal())
            prices.append(self._local_price(tx))
            traded.append(tx.date)
        for split in splits[next_split:]:
            _adjust(split, ordinals, prices, traded)
        return ordinals, prices, traded

    def on(self, instrument_id: int, day: date) -> tuple[Decimal, date] | None:
        """The last trade price at the close of `day` and the date of that trade."""
        ordinals, prices, traded = self.history(instrument_id)
        at = bisect_right(ordinals, day.toordinal()) - 1
        return None if at < 0 else (prices[at], traded[at])


def _adjust(
    split: SplitRecord, ordinals: list[int], prices: list[Decimal], traded: list[date]
) -> None:
    if prices:
        ordinals.append(split.date.toordinal())
        prices.append(prices[-1] * split.denominator / split.numerator)
        traded.append(traded[-1])


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
