"""The one interface every market-data provider implements, and the plain values it returns.

Everything a provider returns is already normalised: prices as traded (not split-adjusted) in the
major currency unit (a price quoted in pence is returned in pounds), splits as exact integer
ratios, dividends per share as paid at the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar, Protocol, runtime_checkable

from pms.enums import AssetClass, DataSource
from pms.errors import ProviderError, ProviderUnavailable


@dataclass(frozen=True)
class Bar:
    """One trading day: the close as traded, and the optional open, high, low and volume."""

    date: date
    close: Decimal
    open: Decimal | None = None
    high: Decimal | None = None
    low: Decimal | None = None
    volume: Decimal | None = None


@dataclass(frozen=True)
class SplitEvent:
    """`numerator` new shares for every `denominator` old ones, effective at the start of `date`."""

    date: date
    numerator: int
    denominator: int

    @property
    def ratio(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)


@dataclass(frozen=True)
class Dividend:
    """A cash dividend per share, as paid per share held on its ex-date."""

    date: date
    amount: Decimal


@dataclass(frozen=True)
class History:
    """What a provider knows about a symbol over a range of days."""

    symbol: str
    currency: str
    bars: tuple[Bar, ...] = ()
    splits: tuple[SplitEvent, ...] = ()
    dividends: tuple[Dividend, ...] = ()
    #: Things that were wrong with the provider's answer and were dropped (partial data).
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RatePoint:
    """One `base` is worth `rate` of `quote` at the close of `date`."""

    date: date
    rate: Decimal


@dataclass(frozen=True)
class Quote:
    symbol: str
    currency: str
    price: Decimal
    as_of: date
    previous_close: Decimal | None = None


@dataclass(frozen=True)
class InstrumentInfo:
    """What a provider says about a symbol: enough to fill in an instrument."""

    symbol: str
    name: str | None
    currency: str | None
    exchange: str | None = None
    asset_class: AssetClass = AssetClass.OTHER
    sector: str | None = None
    country: str | None = None
    isin: str | None = None
    data_source: DataSource = DataSource.YAHOO


class UnknownSymbol(ProviderError):
    """The provider answered that it has no such symbol."""

    status = 404
    title = "Unknown symbol"
    slug = "unknown-symbol"


@dataclass
class RateLimited(ProviderUnavailable):
    """The provider asked us to slow down (HTTP 429)."""

    #: Seconds the provider asked us to wait (0 when it did not say).
    retry_after: float = 0.0
    title: ClassVar[str] = "Market data provider rate limit"
    slug: ClassVar[str] = "provider-rate-limited"


class OfflineMode(ProviderUnavailable):
    """The provider is switched off by configuration (`PMS_MARKET_OFFLINE`)."""

    title = "Market data provider switched off"
    slug = "provider-offline"


@runtime_checkable
class Provider(Protocol):
    """A source of prices, corporate actions, quotes, symbol search and exchange rates.

    Every method raises `ProviderUnavailable` when the provider cannot be reached in time (and
    `RateLimited` when it asks to slow down), `UnknownSymbol` when it has no such symbol, and
    `ProviderError` when it answers with something unusable. Nothing else escapes.
    """

    source: DataSource

    def history(self, symbol: str, start: date, end: date | None = None) -> History:
        """Daily bars, splits and dividends from `start` to `end` (inclusive; today when None)."""
        ...

    def quote(self, symbol: str) -> Quote: ...

    def lookup(self, query: str) -> list[InstrumentInfo]:
        """Candidates for a free-text query (symbol, name or ISIN); empty when nothing matches."""
        ...

    def info(self, symbol: str) -> InstrumentInfo:
        """Name, currency, exchange, asset class, sector and country of one symbol."""
        ...

    def fx_history(
        self, base: str, quote: str, start: date, end: date | None = None
    ) -> list[RatePoint]:
        """Daily rates: one `base` in `quote`."""
        ...
