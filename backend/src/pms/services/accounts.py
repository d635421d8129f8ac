"""Accounts of the signed-in user."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.db.models import Account, Transaction, User
from pms.errors import Conflict, ValidationFailed, not_found


def list_accounts(
    session: Session, user: User, *, limit: int, offset: int
) -> tuple[Sequence[Account], int]:
    query = select(Account).where(Account.user_id == user.id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = session.scalars(
        query.order_by(Account.name, Account.id).limit(limit).offset(offset)
    ).all()
    return items, total


def get_account(session: Session, user: User, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None or account.user_id != user.id:
        raise not_found("account", account_id)
    return account


def _ensure_unique_name(
    session: Session, user: User, name: str, exclude: int | None = None
) -> None:
    query = select(Account.id).where(Account.user_id == user.id, Account.name == name)
    if exclude is not None:
        query = query.where(Account.id != exclude)
    if session.scalar(query) is not None:
        raise Conflict.for_field("name", f"an account named '{name}' exists already", "taken")


def create_account(session: Session, user: User, fields: dict[str, Any]) -> Account:
    _ensure_unique_name(session, user, fields["name"])
    account = Account(user_id=user.id, **fields)
    session.add(account)
    session.flush()
    return account


def transaction_count(session: Session, account: Account) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Transaction)
            .where(Transaction.account_id == account.id)
        )
        or 0
    )


def update_account(
    session: Session, user: User, account: Account, changes: dict[str, Any]
) -> Account:
    for name in ("name", "currency", "kind", "track_cash"):
        if name in changes and changes[name] is None:
            raise ValidationFailed.for_field(name, "must not be null", "null")
    if "name" in changes and changes["name"] != account.name:
        _ensure_unique_name(session, user, changes["name"], exclude=account.id)
    if (
        "currency" in changes
        and changes["currency"] != account.currency
        and transaction_count(session, account)
    ):
        raise Conflict.for_field(
            "currency", "the currency of an account with transactions cannot change", "in_use"
        )
    for name, value in changes.items():
        setattr(account, name, value)
    session.flush()
    return account


def delete_account(session: Session, account: Account, *, cascade: bool) -> int:
    """Delete the account; with `cascade` its transactions go too. Returns how many went."""
    count = transaction_count(session, account)
    if count and not cascade:
        raise Conflict(
            detail=f"the account has {count} transactions; delete with cascade=true to remove them too"
        )
    session.delete(account)
    session.flush()
    return count
