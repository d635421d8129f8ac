"""The rule that nobody disposes of more than they hold, on the date of the disposal.

After a change is flushed, the affected (account, instrument) positions are replayed from the stored
ledger — splits first within a day, then transactions in the order they were recorded — and the change
is refused (and rolled back with the request) if any SELL or TRANSFER_OUT would take more than is held.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext

from sqlalchemy import select
from sqlalchemy.orm import Session

from pms.db.models import Split, Transaction, User
from pms.enums import DISPOSAL_TYPES, POSITION_TYPES
from pms.errors import FieldError, InsufficientQuantity
from pms.ledger_limits import LEDGER_CONTEXT, units_taken


@dataclass(frozen=True)
class Shortfall:
    transaction_id: int
    user_id: int
    account_id: int
    type: str
    date: date
    quantity: Decimal
    held: Decimal


def _splits(session: Session, instrument_id: int) -> list[tuple[date, int, int]]:
    rows = session.execute(
        select(Split.date, Split.numerator, Split.denominator)
        .where(Split.instrument_id == instrument_id)
        .order_by(Split.date)
    ).all()
    return [(d, n, m) for d, n, m in rows]


def find_shortfall(
    session: Session, instrument_id: int, account_ids: Iterable[int] | None = None
) -> Shortfall | None:
    """The first disposal that takes more than is held, in any of the accounts (all when None)."""
    query = select(Transaction).where(
        Transaction.instrument_id == instrument_id, Transaction.type.in_(list(POSITION_TYPES))
    )
    if account_ids is not None:
        query = query.where(Transaction.account_id.in_(list(account_ids)))
    by_account: dict[int, list[Transaction]] = defaultdict(list)
    for txn in session.scalars(query.order_by(Transaction.date, Transaction.id)):
        by_account[txn.account_id].append(txn)
    if not by_account:
        return None
    splits = _splits(session, instrument_id)
    # The replay's arithmetic, step for step (`Position.split`, `units_taken`), in its context.
    with localcontext(LEDGER_CONTEXT):
        for account_id, entries in sorted(by_account.items()):
            held = Decimal(0)
            pending = iter(splits)
            next_split = next(pending, None)
            for txn in entries:
                while next_split is not None and next_split[0] <= txn.date:
                    held = held * next_split[1] / next_split[2]
                    next_split = next(pending, None)
                quantity = txn.quantity or Decimal(0)
                if txn.type in DISPOSAL_TYPES:
                    taken = units_taken(quantity, held)
                    if taken is None:
                        return Shortfall(
                            txn.id,
                            txn.user_id,
                            account_id,
                            txn.type,
                            txn.date,
                            quantity,
                            held.normalize(),
                        )
                    held -= taken
                else:
                    held += quantity
    return None


def ensure_no_shortfall(
    session: Session,
    instrument_id: int,
    account_ids: Iterable[int] | None = None,
    *,
    changed_id: int | None = None,
    field: str = "quantity",
    actor: User | None = None,
) -> None:
    """Raise `InsufficientQuantity` when a disposal sells more than is held. With an `actor` (a
    change to a shared instrument, checked in every user's accounts) a shortfall in someone else's
    ledger is reported without a word about it: what, when or how much."""
    session.flush()
    shortfall = find_shortfall(session, instrument_id, account_ids)
    if shortfall is None:
        return
    if actor is not None and shortfall.user_id != actor.id:
        message = "this change would leave a sale in another portfolio with more units than held"
        raise InsufficientQuantity(
            detail=f"{field}: {message}",
            errors=[FieldError(field, message, "insufficient_quantity")],
        )
    held = format(shortfall.held, "f")
    wanted = format(shortfall.quantity.normalize(), "f")
    if changed_id is not None and shortfall.transaction_id == changed_id:
        message = (
            f"{shortfall.type} of {wanted} on {shortfall.date.isoformat()} exceeds the {held} "
            "held in this account on that date"
        )
    else:
        message = (
            f"this change would leave the {shortfall.type} of {wanted} on "
            f"{shortfall.date.isoformat()} (transaction {shortfall.transaction_id}) with only "
            f"{held} held"
        )
    raise InsufficientQuantity(
        detail=f"{field}: {message}", errors=[FieldError(field, message, "insufficient_quantity")]
    )
