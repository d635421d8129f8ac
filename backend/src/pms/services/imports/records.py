"""What a format reader makes of a file: rows of draft transactions or prices, and (for backups)
the accounts, instruments, rates and settings they rest on. Readers do no database work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pms.errors import FieldError


@dataclass(frozen=True)
class AccountRef:
    """An account named by a file: by id, or by name (created from the other fields when the
    format carries them)."""

    id: int | None = None
    name: str | None = None
    currency: str | None = None
    kind: str | None = None
    track_cash: bool | None = None
    #: The account's own cost-basis method (a backup's), `None` for the user's.
    cost_basis_method: str | None = None

    @property
    def creatable(self) -> bool:
        return self.name is not None and self.currency is not None


@dataclass(frozen=True)
class InstrumentRef:
    """An instrument named by a file: by id, ISIN or symbol, with what the file says about it."""

    id: int | None = None
    symbol: str | None = None
    isin: str | None = None
    wkn: str | None = None
    name: str | None = None
    currency: str | None = None
    #: `yahoo` or `manual` when the file says; None when it does not know.
    data_source: str | None = None
    asset_class: str | None = None
    sector: str | None = None
    country: str | None = None
    exchange: str | None = None
    #: A backup restores a provider instrument from its own record, without asking the provider.
    trusted: bool = False


@dataclass
class TxnDraft:
    """One ledger entry as read: the fields of `TransactionCreate` except the two ids."""

    account: AccountRef | None
    instrument: InstrumentRef | None
    fields: dict[str, Any]


@dataclass
class PriceDraft:
    date: date
    close: Decimal
    open: Decimal | None = None
    high: Decimal | None = None
    low: Decimal | None = None
    volume: Decimal | None = None


@dataclass
class Row:
    """One record of the file: a CSV line or an element of a JSON list (`line` counts those)."""

    line: int
    drafts: list[TxnDraft] = field(default_factory=list)
    prices: list[PriceDraft] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)

    def error(self, name: str, message: str, code: str = "invalid") -> None:
        self.errors.append(FieldError(name, message, code))


@dataclass
class AccountRecord:
    """An account of a backup: matched by name, created when missing."""

    ref: AccountRef
    line: int


@dataclass
class InstrumentRecord:
    """An instrument of a backup with the prices and splits it carries."""

    ref: InstrumentRef
    line: int
    prices: list[PriceDraft] = field(default_factory=list)
    splits: list[tuple[date, int, int]] = field(default_factory=list)
    #: The user's own closes (restored for the user, whoever may write the shared ones).
    own_prices: list[tuple[date, Decimal]] = field(default_factory=list)


@dataclass
class FxRecord:
    base: str
    quote: str
    rates: list[tuple[date, Decimal]]
    line: int
    #: The user's own rates (restored for the user), not shared ones (an administrator's).
    own: bool = False


@dataclass
class SettingsRecord:
    """The user's own settings of a backup."""

    values: dict[str, Any]


Record = Row | AccountRecord | InstrumentRecord | FxRecord | SettingsRecord
