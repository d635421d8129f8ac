"""Checking an imported entry as the API checks one: its account and instrument found (or created),
its fields held to the ledger's rules and limits, and whether the account holds it already."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from pms import ledger_limits
from pms.currencies import is_currency
from pms.db.models import Account, User
from pms.errors import FieldError, ValidationFailed
from pms.services.accounts import get_account
from pms.services.imports.catalogue import Books
from pms.services.imports.dedup import Seen
from pms.services.imports.records import AccountRef, TxnDraft
from pms.services.ledger import FIELDS, prepare_values

_NUMBERS = ("quantity", "price", "amount", "fee", "tax", "fx_rate")
_TEXT_LIMITS = {
    "note": ledger_limits.NOTE_LENGTH,
    "transfer_id": ledger_limits.TRANSFER_ID_LENGTH,
    "external_id": ledger_limits.EXTERNAL_ID_LENGTH,
}


@dataclass
class Entry:
    """A checked ledger entry waiting to be written."""

    values: dict[str, Any]
    account_name: str
    symbol: str | None
    #: (account id, external id) when the entry has one: matched against the stored ones.
    external_key: tuple[int, str] | None
    #: Without an external id: the account holds this entry already.
    duplicate: bool = False

    def view(self) -> dict[str, Any]:
        shown = {k: v for k, v in self.values.items() if k in FIELDS}
        return shown | {"account": self.account_name, "symbol": self.symbol}


class EntryChecker:
    """Turns a drafted entry into a checked `Entry`, or raises the `PMSError` that refuses it."""

    def __init__(
        self, session: Session, user: User, books: Books, seen: Seen, account_id: int | None
    ) -> None:
        self.session = session
        self.user = user
        self.books = books
        self.seen = seen
        #: The account named by the import for rows that name none (None: the file's own).
        self.account_id = account_id
        self._fallback: Account | None = None

    def check(self, draft: TxnDraft, line: int) -> Entry:
        account = self.books.account(draft.account) if draft.account else self._default_account()
        instrument = self.books.instrument(draft.instrument) if draft.instrument else None
        values = {name: draft.fields.get(name) for name in FIELDS}
        values["account_id"] = account.id
        values["instrument_id"] = instrument.id if instrument else None
        check_limits(values)
        values = prepare_values(self.session, self.user, values).values
        # Again: the ledger's defaults (a trade's amount) may not fit a column.
        check_limits(values)
        external = values.get("external_id")
        key = None
        duplicate = False
        if external is not None:
            earlier = self.seen.first_line_of(account.id, external, line)
            if earlier is not None:
                raise ValidationFailed.for_field(
                    "external_id",
                    f"'{external}' appears at line {earlier} already for this account",
                    "duplicate",
                )
            key = (account.id, external)
        else:
            duplicate = self.seen.hash_is_stored(account.id, values)
        symbol = instrument.symbol if instrument else None
        return Entry(values, account.name, symbol, key, duplicate)

    def _default_account(self) -> Account:
        if self.account_id is None:
            return self.books.account(AccountRef())
        if self._fallback is None:
            self._fallback = get_account(self.session, self.user, self.account_id)
        return self._fallback


def date_problem(value: date) -> str | None:
    """The ledger's date rule, said of a date read from a file (which the message names)."""
    problem = ledger_limits.date_problem(value)
    if problem is ledger_limits.DateProblem.IN_FUTURE:
        return f"{value.isoformat()} is in the future"
    return None if problem is None else problem.value


def _has_control_characters(name: str, text: str) -> bool:
    if name == "external_id":
        return ledger_limits.has_id_control_characters(text)
    return ledger_limits.has_control_characters(text)


def check_limits(values: dict[str, Any]) -> None:
    """What the API's request schema checks before the ledger's rules: a date in range, texts
    without control characters within their lengths, numbers that fit a column."""
    errors = []
    if values.get("date") is None:
        errors.append(FieldError("date", "is required", "missing"))
    else:
        problem = date_problem(values["date"])
        if problem:
            errors.append(FieldError("date", problem, "date"))
    if values.get("type") is None:
        errors.append(FieldError("type", "is required", "missing"))
    currency = values.get("currency")
    if currency is not None and not is_currency(currency):
        errors.append(FieldError("currency", f"'{currency}' is not an ISO 4217 currency code"))
    for name, limit in _TEXT_LIMITS.items():
        text = values.get(name)
        if text is None:
            continue
        if _has_control_characters(name, text):
            errors.append(FieldError(name, "must not contain control characters", "control"))
        elif len(text) > limit:
            errors.append(FieldError(name, f"is longer than {limit} characters", "too_long"))
    for name in _NUMBERS:
        number = values.get(name)
        if isinstance(number, Decimal) and not ledger_limits.fits_column(number):
            errors.append(FieldError(name, "is too large to be stored", "too_large"))
    transfer = values.get("transfer_id")
    if transfer is not None and not ledger_limits.is_transfer_id(transfer):
        errors.append(FieldError("transfer_id", "may hold ASCII letters, digits and . _ : - only"))
    if errors:
        raise ValidationFailed(
            detail="; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors
        )
