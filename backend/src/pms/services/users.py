"""The signed-in user's settings, and user management for administrators."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.db.models import User
from pms.enums import Role
from pms.errors import Conflict, ValidationFailed, not_found
from pms.services.auth import revoke_all
from pms.services.passwords import hash_password, verify_password


def update_me(
    session: Session, user: User, changes: dict[str, Any], *, current_token_hash: str | None = None
) -> User:
    """Change the user's own settings. A new password signs out every other session of the user;
    the one making the change (`current_token_hash`, the digest of its token) stays signed in."""
    new_password = changes.pop("new_password", None)
    current_password = changes.pop("current_password", None)
    if new_password is not None:
        if not current_password or not verify_password(user.password_hash, current_password):
            raise ValidationFailed.for_field(
                "current_password", "the current password is required and must match", "mismatch"
            )
        user.password_hash = hash_password(new_password)
        revoke_all(session, user, keep_token_hash=current_token_hash)
    for name in (
        "base_currency",
        "cost_basis_method",
        "theme",
        "locale",
        "long_term_days",
        "tax_year_start",
    ):
        if name in changes:
            value = changes[name]
            if value is None and name != "locale":
                raise ValidationFailed.for_field(name, "must not be null", "null")
            setattr(user, name, value)
    if "risk_free_rate" in changes:
        rate = changes["risk_free_rate"]
        user.risk_free_rate = Decimal(0) if rate is None else rate
    session.flush()
    return user


def list_users(session: Session, *, limit: int, offset: int) -> tuple[Sequence[User], int]:
    total = session.scalar(select(func.count()).select_from(User)) or 0
    users = session.scalars(select(User).order_by(User.id).limit(limit).offset(offset)).all()
    return users, total


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise not_found("user", user_id)
    return user


def _active_admins(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.ADMIN, User.is_active.is_(True))
        )
        or 0
    )


def _guard_last_admin(session: Session, user: User) -> None:
    if user.role == Role.ADMIN and user.is_active and _active_admins(session) <= 1:
        raise Conflict(
            detail="the last active administrator cannot be demoted, disabled or deleted"
        )


def update_user(session: Session, user: User, changes: dict[str, Any]) -> User:
    for name in ("role", "is_active"):
        if name in changes and changes[name] is None:
            raise ValidationFailed.for_field(name, "must not be null", "null")
    demoting = changes.get("role", user.role) != Role.ADMIN
    disabling = changes.get("is_active", user.is_active) is False
    if demoting or disabling:
        _guard_last_admin(session, user)
    if changes.get("password") is not None:
        user.password_hash = hash_password(changes["password"])
        revoke_all(session, user)
    if "role" in changes:
        user.role = changes["role"]
    if "is_active" in changes:
        user.is_active = changes["is_active"]
        if not user.is_active:
            revoke_all(session, user)
    session.flush()
    return user


def delete_user(session: Session, user: User) -> None:
    _guard_last_admin(session, user)
    session.delete(user)
    session.flush()
