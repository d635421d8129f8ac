"""What the analytics layer reads: plain frozen records that map one to one onto the database rows
of `pms.db.models`, and daily series of closes and exchange rates held as arrays.

The ledger part (transactions) stays `Decimal`. Market data enters as `float64` arrays: it only feeds
the valuation, and a day's close or rate is turned back into the exact stored decimal where money is
computed from it (see `as_decimal`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from pms.enums import TransactionType

ZERO = Decimal(0)

#: `date(1970, 1, 1).toordinal()`: turns `datetime64[D]` day numbers into ordinals.
EPOCH_ORDINAL = 719163

#: Arrays of calendar days (`datetime64[D]`) and of floats.
DayArray = npt.NDArray[np.datetime64]
FloatArray = npt.NDArray[np.float64]


def as_decimal(value: float) -> Decimal:
    """The shortest decimal that reads back as `value`.

    A float64 keeps 15 significant digits, so this is the stored `NUMERIC` value itself for every
    close or rate with at most 15 significant digits (any value below 100,000 at 10 places)."""
    return Decimal(repr(float(value)))


@dataclass(frozen=True, slots=True)
class AccountRecord:
    """An account (`pms.db.models.Account`): its currency, whether its cash is tracked, and its own
    cost-basis method (the portfolio's when `None`)."""

    id: int
    currency: str
    track_cash: bool = False
    cost_basis_method: str | None = None


@dataclass(frozen=True, slots=True)
class InstrumentRecord:
    """An instrument (`pms.db.models.Instrument`) with what allocation groups by."""

    id: int
    currency: str
    asset_class: str = "other"
    sector: str | None = None
    country: str | None = None
    symbol: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class TransactionRecord:
    """One ledger entry (`pms.db.models.Transaction`). Amounts are in `currency`; `fx_rate`, when set,
    is how many units of the account's currency one unit of `currency` was exchanged for. Entries of
    one day apply in `id` order."""

    id: int
    account_id: int
    type: TransactionType
    date: date
    currency: str
    instrument_id: int | None = None
    quantity: Decimal | None = None
    price: Decimal | None = None
    amount: Decimal | None = None
    fee: Decimal = ZERO
    tax: Decimal = ZERO
    fx_rate: Decimal | None = None
    transfer_id: str | None = None


@dataclass(frozen=True, slots=True)
class SplitRecord:
    """`numerator` new units for every `denominator` old ones, effective at the start of `date`."""

    instrument_id: int
    date: date
    numerator: int
    denominator: int

    @property
    def ratio(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)


@dataclass(frozen=True, slots=True)
class PriceRecord:
    """A close as traded (`pms.db.models.Price`), in the instrument's currency."""

    instrument_id: int
    date: date
    close: Decimal


@dataclass(frozen=True, slots=True)
class FxRateRecord:
    """One `base` is worth `rate` units of `quote` at the close of `date` (`pms.db.models.FxRate`)."""

    base: str
    quote: str
    date: date
    rate: Decimal


def _day_array(values: Any) -> DayArray:
    return np.asarray(values, dtype="datetime64[D]")


@dataclass(frozen=True, eq=False)
class DailySeries:
    """Values on ascending, distinct days: the closes of one instrument or the rates of one pair."""

    days: DayArray
    values: FloatArray

    def __post_init__(self) -> None:
        days = _day_array(self.days)
        values = np.asarray(self.values, dtype=np.float64)
        if days.ndim != 1 or days.shape != values.shape:
            raise ValueError("days and values must be one-dimensional and of the same length")
        if days.size > 1 and not bool(np.all(days[1:] > days[:-1])):
            raise ValueError("days must be strictly ascending")
        object.__setattr__(self, "days", days)
        object.__setattr__(self, "values", values)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[date, Decimal | float]]) -> DailySeries:
        ordered = sorted(pairs, key=lambda pair: pair[0])
        return cls(
            _day_array([day for day, _ in ordered]),
            np.array([float(value) for _, value in ordered], dtype=np.float64),
        )

    def __len__(self) -> int:
        return int(self.days.size)

    @cached_property
    def ordinals(self) -> list[int]:
        """The days as `date.toordinal()` numbers, for fast lookups of single days."""
        ordinals: list[int] = (self.days.astype(np.int64) + EPOCH_ORDINAL).tolist()
        return ordinals

    def index_on(self, day: date) -> int:
        """Position of the last entry on or before `day`, or -1 when there is none."""
        return bisect_right(self.ordinals, day.toordinal()) - 1

    def day_at(self, index: int) -> date:
        result: date = self.days[index].astype(date)
        return result


@dataclass(frozen=True, eq=False)
class ReferenceRates:
    """A published set of reference rates of one `anchor` currency (the ECB's euro rates), the
    lowest layer of exchange rates: used on the days no stored rate is current (see `fx.py`).

    `series[code]` holds the units of `code` one `anchor` was worth on each publication day.
    `end` is the last publication day of the set; a currency still published on it counts as
    current after it too (its last rate carried forward), one dropped earlier does not."""

    anchor: str
    series: Mapping[str, DailySeries]
    end: date
    source: str = "reference"
    #: The currencies published on `end`; worked out from `series` when not given.
    current: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if self.current is None:
            last = np.datetime64(self.end, "D")
            current = frozenset(
                code for code, rates in self.series.items() if len(rates) and rates.days[-1] == last
            )
            object.__setattr__(self, "current", current)

    def publishes(self, code: str) -> bool:
        return code == self.anchor or code in self.series

    def current_at_end(self, code: str) -> bool:
        """Whether `code` was still published on the last day (so it is carried forward)."""
        return code == self.anchor or code in (self.current or ())


@dataclass(frozen=True, eq=False)
class PortfolioData:
    """Everything one user's portfolio computations read, loaded in a few queries.

    Give all of the user's accounts and transactions even when a request narrows to some accounts:
    transfers carry lots between accounts, so an account's cost basis can depend on another's
    history. `prices` maps an instrument id to its closes, `fx` a `(base, quote)` pair to its rates,
    and `reference_fx` (optional) holds the reference rates used where no stored rate is current.
    """

    accounts: tuple[AccountRecord, ...]
    instruments: tuple[InstrumentRecord, ...]
    transactions: tuple[TransactionRecord, ...]
    splits: tuple[SplitRecord, ...] = ()
    prices: Mapping[int, DailySeries] = field(default_factory=dict)
    fx: Mapping[tuple[str, str], DailySeries] = field(default_factory=dict)
    reference_fx: ReferenceRates | None = None
    _accounts: dict[int, AccountRecord] = field(init=False, repr=False)
    _instruments: dict[int, InstrumentRecord] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        accounts = {account.id: account for account in self.accounts}
        instruments = {instrument.id: instrument for instrument in self.instruments}
        for tx in self.transactions:
            if tx.account_id not in accounts:
                raise ValueError(f"transaction {tx.id}: unknown account {tx.account_id}")
            if tx.instrument_id is not None and tx.instrument_id not in instruments:
                raise ValueError(f"transaction {tx.id}: unknown instrument {tx.instrument_id}")
        object.__setattr__(self, "_accounts", accounts)
        object.__setattr__(self, "_instruments", instruments)

    @classmethod
    def from_records(
        cls,
        *,
        accounts: Iterable[AccountRecord],
        instruments: Iterable[InstrumentRecord],
        transactions: Iterable[TransactionRecord],
        splits: Iterable[SplitRecord] = (),
        prices: Iterable[PriceRecord] = (),
        fx_rates: Iterable[FxRateRecord] = (),
    ) -> PortfolioData:
        """Build the bundle from rows as the database returns them."""
        closes: dict[int, list[tuple[date, Decimal]]] = {}
        for price in prices:
            closes.setdefault(price.instrument_id, []).append((price.date, price.close))
        rates: dict[tuple[str, str], list[tuple[date, Decimal]]] = {}
        for rate in fx_rates:
            rates.setdefault((rate.base, rate.quote), []).append((rate.date, rate.rate))
        return cls(
            accounts=tuple(accounts),
            instruments=tuple(instruments),
            transactions=tuple(transactions),
            splits=tuple(splits),
            prices={key: DailySeries.from_pairs(rows) for key, rows in closes.items()},
            fx={key: DailySeries.from_pairs(rows) for key, rows in rates.items()},
        )

    def account(self, account_id: int) -> AccountRecord:
        return self._accounts[account_id]

    def instrument(self, instrument_id: int) -> InstrumentRecord:
        return self._instruments[instrument_id]
