"""Transactions: the ledger's rules (which fields each type takes, currencies, transfers, holdings)
and its create / read / update / delete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.cache import Cache
from pms.db.locks import lock_instruments, lock_ledger
from pms.db.models import Account, Instrument, Transaction, User
from pms.enums import TransactionType as T
from pms.errors import Conflict, FieldError, NotFound, ValidationFailed
from pms.market.context import MarketContext
from pms.services import market_data
from pms.services.accounts import get_account
from pms.services.instruments import get_instrument
from pms.services.positions_guard import ensure_no_shortfall

#: How far a given `amount` of a trade may be from quantity × price (rounding by the broker).
AMOUNT_TOLERANCE = Decimal("0.01")
ZERO = Decimal(0)


class Need(Enum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    FORBIDDEN = "forbidden"


REQ, OPT, NO = Need.REQUIRED, Need.OPTIONAL, Need.FORBIDDEN


@dataclass(frozen=True)
class TypeRule:
    instrument: Need
    quantity: Need
    price: Need
    amount: Need
    fee: bool
    tax: bool
    transfer: bool = False


#: What each type takes (ARCHITECTURE §5). `fee`/`tax`: whether a non-zero value is allowed.
RULES: dict[T, TypeRule] = {
    T.BUY: TypeRule(REQ, REQ, REQ, OPT, fee=True, tax=True),
    T.SELL: TypeRule(REQ, REQ, REQ, OPT, fee=True, tax=True),
    T.TRANSFER_IN: TypeRule(REQ, REQ, OPT, NO, fee=False, tax=False, transfer=True),
    T.TRANSFER_OUT: TypeRule(REQ, REQ, OPT, NO, fee=False, tax=False, transfer=True),
    T.DIVIDEND: TypeRule(REQ, OPT, NO, REQ, fee=False, tax=True),
    T.INTEREST: TypeRule(OPT, NO, NO, REQ, fee=False, tax=True),
    T.FEE: TypeRule(OPT, NO, NO, REQ, fee=False, tax=False),
    T.TAX: TypeRule(OPT, NO, NO, REQ, fee=False, tax=False),
    T.DEPOSIT: TypeRule(NO, NO, NO, REQ, fee=False, tax=False),
    T.WITHDRAWAL: TypeRule(NO, NO, NO, REQ, fee=False, tax=False),
}

FIELDS = (
    "account_id",
    "instrument_id",
    "type",
    "date",
    "quantity",
    "price",
    "amount",
    "fee",
    "tax",
    "currency",
    "fx_rate",
    "transfer_id",
    "note",
    "external_id",
)


@dataclass
class Resolved:
    """A transaction's fields after defaults, with the account and instrument they name."""

    values: dict[str, Any]
    account: Account
    instrument: Instrument | None


def _resolve_references(session: Session, user: User, values: dict[str, Any]) -> Resolved:
    try:
        account = get_account(session, user, values["account_id"])
    except NotFound as exc:
        exc.errors = [FieldError("account_id", exc.detail, "not_found")]
        exc.detail = f"account_id: {exc.detail}"
        raise
    instrument = None
    if values.get("instrument_id") is not None:
        try:
            instrument = get_instrument(session, user, values["instrument_id"])
        except NotFound as exc:
            exc.errors = [FieldError("instrument_id", exc.detail, "not_found")]
            exc.detail = f"instrument_id: {exc.detail}"
            raise
    return Resolved(values, account, instrument)


def _check_fields(resolved: Resolved) -> list[FieldError]:
    values = resolved.values
    kind = T(values["type"])
    rule = RULES[kind]
    errors: list[FieldError] = []

    def need(name: str, requirement: Need, positive: bool = False) -> None:
        value = values.get(name)
        if requirement is Need.REQUIRED and value is None:
            errors.append(FieldError(name, f"required for {kind}", "missing"))
        elif requirement is Need.FORBIDDEN and value is not None:
            errors.append(FieldError(name, f"not used by {kind}; leave it out", "not_allowed"))
        elif value is not None and positive and value <= ZERO:
            errors.append(FieldError(name, "must be greater than 0", "not_positive"))
        elif value is not None and value < ZERO:
            errors.append(FieldError(name, "must not be negative", "negative"))

    need("instrument_id", rule.instrument)
    need("quantity", rule.quantity, positive=True)
    need("price", rule.price)
    need("amount", rule.amount, positive=True)
    for name, allowed in (("fee", rule.fee), ("tax", rule.tax)):
        value = values.get(name) or ZERO
        if value < ZERO:
            errors.append(FieldError(name, "must not be negative", "negative"))
        elif value and not allowed:
            errors.append(FieldError(name, f"not used by {kind}; leave it out or 0", "not_allowed"))
    if values.get("transfer_id") is not None and not rule.transfer:
        errors.append(
            FieldError("transfer_id", "only TRANSFER_IN and TRANSFER_OUT take one", "not_allowed")
        )
    if kind == T.TRANSFER_IN and values.get("price") is None and values.get("transfer_id") is None:
        errors.append(
            FieldError(
                "price",
                "required for a TRANSFER_IN without transfer_id (it is the cost carried in)",
                "missing",
            )
        )
    fx_rate = values.get("fx_rate")
    if fx_rate is not None and fx_rate <= ZERO:
        errors.append(FieldError("fx_rate", "must be greater than 0", "not_positive"))
    return errors


def _apply_defaults(resolved: Resolved) -> list[FieldError]:
    """Fill the currency and a trade's amount; check they agree with the instrument and account."""
    values, account, instrument = resolved.values, resolved.account, resolved.instrument
    kind = T(values["type"])
    errors: list[FieldError] = []
    trades_units = kind in (T.BUY, T.SELL, T.TRANSFER_IN, T.TRANSFER_OUT)
    if values.get("currency") is None:
        if instrument is not None and (trades_units or kind == T.DIVIDEND):
            values["currency"] = instrument.currency
        else:
            values["currency"] = account.currency
    elif trades_units and instrument is not None and values["currency"] != instrument.currency:
        errors.append(
            FieldError(
                "currency",
                f"{kind} is in the instrument's currency {instrument.currency}",
                "currency_mismatch",
            )
        )
    fx_rate = values.get("fx_rate")
    if fx_rate is not None and values["currency"] == account.currency and fx_rate != 1:
        errors.append(
            FieldError(
                "fx_rate",
                "the transaction is in the account's currency; the rate can only be 1",
                "not_allowed",
            )
        )
    if kind in (T.BUY, T.SELL) and values.get("quantity") and values.get("price") is not None:
        gross = values["quantity"] * values["price"]
        given = values.get("amount")
        if given is not None and abs(given - gross) > AMOUNT_TOLERANCE:
            errors.append(
                FieldError(
                    "amount",
                    f"must equal quantity × price ({format(gross.normalize(), 'f')}) or be left out",
                    "mismatch",
                )
            )
        values["amount"] = gross
    if kind in (T.DEPOSIT, T.WITHDRAWAL) and not account.track_cash:
        # Accepted, it would change nothing: cash is not kept for such an account (§5).
        errors.append(
            FieldError(
                "account_id",
                f"account '{account.name}' does not track cash, so a {kind.value} there would "
                "change nothing; turn cash tracking on for it (PATCH /api/v1/accounts/"
                f"{account.id} with track_cash true, or the account's settings), or leave the "
                "deposits and withdrawals out",
                "cash_not_tracked",
            )
        )
    values["fee"] = values.get("fee") or ZERO
    values["tax"] = values.get("tax") or ZERO
    return errors


def check_transfer_pair(session: Session, user: User, txn: Transaction) -> None:
    if txn.transfer_id is None:
        return
    others = session.scalars(
        select(Transaction).where(
            Transaction.user_id == user.id,
            Transaction.transfer_id == txn.transfer_id,
            Transaction.id != txn.id,
        )
    ).all()
    if not others:
        return
    if len(others) > 1:
        raise Conflict.for_field(
            "transfer_id", "a transfer has two legs; this transfer_id has both already", "taken"
        )
    other = others[0]
    expected = T.TRANSFER_IN if txn.type == T.TRANSFER_OUT else T.TRANSFER_OUT
    problems = []
    if other.type != expected:
        problems.append(f"the other leg is a {other.type}, this one must be a {expected}")
    if other.instrument_id != txn.instrument_id:
        problems.append("both legs must move the same instrument")
    if other.quantity != txn.quantity:
        problems.append("both legs must move the same quantity")
    if other.date != txn.date:
        problems.append("both legs must be on the same day")
    if other.account_id == txn.account_id:
        problems.append("the legs must be in different accounts")
    if problems:
        raise ValidationFailed.for_field(
            "transfer_id",
            f"does not match transaction {other.id}: " + "; ".join(problems),
            "mismatch",
        )


def prepare_values(session: Session, user: User, values: dict[str, Any]) -> Resolved:
    """Check a transaction's fields against its type's rules and fill the defaults (currency, a
    trade's amount). Raises `ValidationFailed` naming every refused field. Does not write."""
    resolved = _resolve_references(session, user, values)
    errors = _check_fields(resolved)
    if not errors:
        errors = _apply_defaults(resolved)
    if errors:
        raise ValidationFailed(
            detail="; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors
        )
    return resolved


def ensure_external_id_free(
    session: Session, account_id: int, external_id: str | None, exclude: int | None = None
) -> None:
    if external_id is None:
        return
    query = select(Transaction.id).where(
        Transaction.account_id == account_id, Transaction.external_id == external_id
    )
    if exclude is not None:
        query = query.where(Transaction.id != exclude)
    existing = session.scalar(query)
    if existing is not None:
        raise Conflict.for_field(
            "external_id",
            f"transaction {existing} in this account has external_id '{external_id}' already",
            "taken",
        )


def guard_positions(
    session: Session, pairs: set[tuple[int, int | None]], changed: int | None
) -> None:
    """Refuse the change if it leaves a disposal in one of `pairs` (account, instrument) selling
    more than was held. The caller holds the ledger lock; the instruments are held still here, so
    that no split can land between the check and the commit."""
    lock_instruments(session, (instrument_id for _, instrument_id in pairs))
    for account_id, instrument_id in sorted(pairs, key=lambda p: (p[0], p[1] or 0)):
        if instrument_id is not None:
            ensure_no_shortfall(session, instrument_id, [account_id], changed_id=changed)


def _backfill(session: Session, market: MarketContext | None, txn: Transaction) -> None:
    """A provider instrument's history must reach back to its oldest transaction."""
    if market is not None and txn.instrument_id is not None:
        market_data.request_backfill(session, market, txn.instrument_id, txn.date)


def create_transaction(
    session: Session,
    cache: Cache,
    user: User,
    fields: dict[str, Any],
    market: MarketContext | None = None,
) -> Transaction:
    lock_ledger(session, user.id)
    resolved = prepare_values(session, user, dict(fields))
    values = resolved.values
    ensure_external_id_free(session, values["account_id"], values.get("external_id"))
    txn = Transaction(user_id=user.id, **{k: values.get(k) for k in FIELDS})
    session.add(txn)
    session.flush()
    check_transfer_pair(session, user, txn)
    guard_positions(session, {(txn.account_id, txn.instrument_id)}, txn.id)
    _backfill(session, market, txn)
    return txn


def get_transaction(session: Session, user: User, transaction_id: int) -> Transaction:
    txn = session.get(Transaction, transaction_id)
    if txn is None or txn.user_id != user.id:
        raise NotFound(detail=f"transaction {transaction_id} not found")
    return txn


def update_transaction(
    session: Session,
    cache: Cache,
    user: User,
    txn: Transaction,
    changes: dict[str, Any],
    market: MarketContext | None = None,
) -> Transaction:
    for name in ("account_id", "type", "date"):
        if name in changes and changes[name] is None:
            raise ValidationFailed.for_field(name, "must not be null", "null")
    lock_ledger(session, user.id)
    before = {(txn.account_id, txn.instrument_id)}
    values = {name: getattr(txn, name) for name in FIELDS} | changes
    # A trade's amount follows its quantity and price unless the caller restates it.
    if (
        changes.keys() & {"type", "quantity", "price"}
        and "amount" not in changes
        and T(values["type"]) in (T.BUY, T.SELL)
    ):
        values["amount"] = None
    if "instrument_id" in changes and "currency" not in changes:
        values["currency"] = None
    resolved = prepare_values(session, user, values)
    ensure_external_id_free(
        session, resolved.values["account_id"], resolved.values.get("external_id"), exclude=txn.id
    )
    for name in FIELDS:
        setattr(txn, name, resolved.values.get(name))
    session.flush()
    check_transfer_pair(session, user, txn)
    guard_positions(session, before | {(txn.account_id, txn.instrument_id)}, txn.id)
    _backfill(session, market, txn)
    return txn


def delete_transaction(session: Session, cache: Cache, user: User, txn: Transaction) -> None:
    lock_ledger(session, user.id)
    pair = (txn.account_id, txn.instrument_id)
    session.delete(txn)
    session.flush()
    guard_positions(session, {pair}, None)


@dataclass(frozen=True)
class TransactionFilter:
    account_ids: Sequence[int] = ()
    instrument_id: int | None = None
    types: Sequence[T] = ()
    start: date | None = None
    end: date | None = None
    newest_first: bool = True


def list_transactions(
    session: Session, user: User, filters: TransactionFilter, *, limit: int, offset: int
) -> tuple[Sequence[Transaction], int]:
    query = select(Transaction).where(Transaction.user_id == user.id)
    if filters.account_ids:
        query = query.where(Transaction.account_id.in_(list(filters.account_ids)))
    if filters.instrument_id is not None:
        query = query.where(Transaction.instrument_id == filters.instrument_id)
    if filters.types:
        query = query.where(Transaction.type.in_([str(t) for t in filters.types]))
    if filters.start:
        query = query.where(Transaction.date >= filters.start)
    if filters.end:
        query = query.where(Transaction.date <= filters.end)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = (
        (Transaction.date.desc(), Transaction.id.desc())
        if filters.newest_first
        else (Transaction.date, Transaction.id)
    )
    items = session.scalars(query.order_by(*order).limit(limit).offset(offset)).all()
    return items, total
