"""Sign-up, sign-in with a rate limit, bearer/session tokens that expire and can be revoked."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.cache import Cache
from pms.db.base import utcnow
from pms.db.models import AuthToken, User
from pms.enums import Role
from pms.errors import Conflict, Forbidden, TooManyRequests, Unauthorized
from pms.services.passwords import hash_password, needs_rehash, verify_password

#: An address may fail this many times more often than a single username before it is refused.
ADDRESS_FACTOR = 4


@dataclass(frozen=True)
class LoginLimits:
    max_attempts: int
    window_seconds: int


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def token_digest(secret_key: str, token: str) -> str:
    return hmac.new(secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()


def find_user_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def create_user(
    session: Session,
    username: str,
    password: str,
    *,
    role: Role = Role.USER,
    base_currency: str | None = None,
) -> User:
    if find_user_by_username(session, username) is not None:
        raise Conflict.for_field("username", f"'{username}' is already taken", "taken")
    user = User(username=username, password_hash=hash_password(password), role=role)
    if base_currency:
        user.base_currency = base_currency
    session.add(user)
    session.flush()
    return user


def has_users(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


def register(
    session: Session,
    username: str,
    password: str,
    *,
    allow_signup: bool,
    base_currency: str | None = None,
) -> User:
    """The first user becomes admin; later ones only when sign-up is open."""
    first = not has_users(session)
    if not first and not allow_signup:
        raise Forbidden(detail="sign-up is closed; ask the administrator for an account")
    role = Role.ADMIN if first else Role.USER
    return create_user(session, username, password, role=role, base_currency=base_currency)


def _limit_keys(username: str, address: str) -> tuple[str, str]:
    return f"login-fail:user:{username.lower()}", f"login-fail:addr:{address}"


def _refuse_if_limited(cache: Cache, limits: LoginLimits, username: str, address: str) -> None:
    user_key, addr_key = _limit_keys(username, address)
    user_failures = int(cache.get(user_key) or 0)
    addr_failures = int(cache.get(addr_key) or 0)
    if (
        user_failures >= limits.max_attempts
        or addr_failures >= limits.max_attempts * ADDRESS_FACTOR
    ):
        raise TooManyRequests(
            detail="too many failed sign-in attempts; wait a few minutes and try again",
            headers={"Retry-After": str(limits.window_seconds)},
        )


def login(
    session: Session,
    cache: Cache,
    *,
    secret_key: str,
    username: str,
    password: str,
    address: str,
    limits: LoginLimits,
    ttl: timedelta,
) -> tuple[User, IssuedToken]:
    _refuse_if_limited(cache, limits, username, address)
    user = find_user_by_username(session, username)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        user_key, addr_key = _limit_keys(username, address)
        cache.incr(user_key, limits.window_seconds)
        cache.incr(addr_key, limits.window_seconds)
        raise Unauthorized(detail="wrong username or password")
    cache.delete(_limit_keys(username, address)[0])
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user, issue_token(session, user, secret_key=secret_key, ttl=ttl)


def issue_token(session: Session, user: User, *, secret_key: str, ttl: timedelta) -> IssuedToken:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    expires = now + ttl
    session.add(
        AuthToken(
            user_id=user.id,
            token_hash=token_digest(secret_key, token),
            created_at=now,
            expires_at=expires,
        )
    )
    session.flush()
    return IssuedToken(token=token, expires_at=expires)


def authenticate(session: Session, *, secret_key: str, token: str) -> User:
    """The active user a live token belongs to, else `Unauthorized`."""
    row = session.execute(
        select(AuthToken, User)
        .join(User, User.id == AuthToken.user_id)
        .where(AuthToken.token_hash == token_digest(secret_key, token))
    ).first()
    if row is None:
        raise Unauthorized(detail="the token is not valid; sign in again")
    auth, user = row
    if auth.revoked_at is not None or auth.expires_at <= utcnow():
        raise Unauthorized(detail="the session has expired; sign in again")
    if not user.is_active:
        raise Unauthorized(detail="the account is disabled")
    return user


def revoke(session: Session, *, secret_key: str, token: str) -> None:
    auth = session.scalar(
        select(AuthToken).where(AuthToken.token_hash == token_digest(secret_key, token))
    )
    if auth is not None and auth.revoked_at is None:
        auth.revoked_at = utcnow()


def revoke_all(session: Session, user: User) -> None:
    now = utcnow()
    for auth in session.scalars(
        select(AuthToken).where(AuthToken.user_id == user.id, AuthToken.revoked_at.is_(None))
    ):
        auth.revoked_at = now
