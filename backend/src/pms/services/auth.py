"""Sign-up, sign-in with a rate limit, bearer/session tokens that expire and can be revoked.

**Sign-in limits.** Failures are counted, within `LoginLimits.window_seconds` (15 minutes by
default), per (username, address) pair (`max_attempts`, 5), per username over every address
(`max_attempts × USERNAME_FACTOR`, 50) and per address over every username (`max_attempts ×
ADDRESS_FACTOR`, 20). Someone who fails five times locks out that pair only, not the user: the user
still signs in from elsewhere, until failures from many addresses reach the username's ceiling.
An attempt *reserves* its place in all three counters atomically before the password is checked,
so parallel requests cannot slip past a limit: the counters are Redis keys changed by a Lua script
when Redis is configured (shared by every worker and replica), else in-process counters behind a
lock (shared by the threads of one process: with several workers and no Redis, each worker counts
on its own). A successful sign-in gives its reservation back and clears the pair's failures.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import secrets
import threading
import time
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

import redis
from redis.exceptions import RedisError
from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.orm import Session

from pms.db.base import utcnow
from pms.db.models import AuthToken, User
from pms.enums import Role
from pms.errors import Conflict, Forbidden, TooManyRequests, Unauthorized
from pms.logs import get_logger
from pms.services.passwords import hash_password, needs_rehash, verify_password

log = get_logger(__name__)
T = TypeVar("T")

#: An address may fail this many times more often than one (username, address) pair.
ADDRESS_FACTOR = 4
#: A username may fail this many times more often than one pair, summed over all addresses.
USERNAME_FACTOR = 10
#: At most this many dead tokens are deleted by one sign-in.
PRUNE_BATCH = 500
#: PostgreSQL advisory lock (single bigint key space) that serialises the first sign-up.
_FIRST_USER_LOCK = 0x706D735F75736572  # "pms_user"


@dataclass(frozen=True)
class LoginLimits:
    #: Failures allowed per (username, address) pair within the window.
    max_attempts: int
    window_seconds: int

    @property
    def per_username(self) -> int:
        return self.max_attempts * USERNAME_FACTOR

    @property
    def per_address(self) -> int:
        return self.max_attempts * ADDRESS_FACTOR


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


# --- sign-in throttle ------------------------------------------------------------------------------


class LoginThrottle(ABC):
    """Counters of sign-in attempts that are checked and reserved atomically."""

    @abstractmethod
    def reserve(self, counters: Sequence[tuple[str, int]], window_seconds: int) -> int:
        """When every counter is below its limit, add one to each and return 0; else change nothing
        and return the seconds until the first full counter frees (at least 1)."""

    @abstractmethod
    def cancel(self, keys: Sequence[str]) -> None:
        """Give back one reservation of each counter."""

    @abstractmethod
    def forget(self, keys: Sequence[str]) -> None:
        """Drop the counters."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""


@dataclass
class _Count:
    count: int
    expires: float


class LocalLoginThrottle(LoginThrottle):
    """In-process counters behind one lock: atomic for the threads of this process."""

    #: Counters kept at most (the oldest go first): bounds memory under a flood of usernames.
    MAX_KEYS = 100_000

    def __init__(self) -> None:
        self._counts: OrderedDict[str, _Count] = OrderedDict()
        self._mutex = threading.Lock()

    def _live(self, key: str, now: float) -> _Count | None:
        entry = self._counts.get(key)
        if entry is not None and entry.expires <= now:
            del self._counts[key]
            return None
        return entry

    def _prune(self, now: float) -> None:
        # Counters are kept in creation order, so the expired ones are at the front.
        while self._counts:
            entry = next(iter(self._counts.values()))
            if entry.expires > now and len(self._counts) <= self.MAX_KEYS:
                return
            self._counts.popitem(last=False)

    def reserve(self, counters: Sequence[tuple[str, int]], window_seconds: int) -> int:
        with self._mutex:
            now = time.monotonic()
            self._prune(now)
            for key, limit in counters:
                entry = self._live(key, now)
                if entry is not None and entry.count >= limit:
                    return max(1, math.ceil(entry.expires - now))
            for key, _ in counters:
                entry = self._live(key, now)
                if entry is None:
                    self._counts[key] = _Count(1, now + window_seconds)
                else:
                    entry.count += 1
            return 0

    def cancel(self, keys: Sequence[str]) -> None:
        with self._mutex:
            for key in keys:
                entry = self._counts.get(key)
                if entry is None:
                    continue
                entry.count -= 1
                if entry.count <= 0:
                    del self._counts[key]

    def forget(self, keys: Sequence[str]) -> None:
        with self._mutex:
            for key in keys:
                self._counts.pop(key, None)


_RESERVE_SCRIPT = """
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('get', key) or '0')
  if count >= tonumber(ARGV[i + 1]) then
    local ttl = redis.call('ttl', key)
    if ttl > 0 then return ttl end
    return tonumber(ARGV[1])
  end
end
for _, key in ipairs(KEYS) do
  if redis.call('incr', key) == 1 or redis.call('ttl', key) < 0 then
    redis.call('expire', key, ARGV[1])
  end
end
return 0
"""

_CANCEL_SCRIPT = """
for _, key in ipairs(KEYS) do
  if redis.call('exists', key) == 1 and redis.call('decr', key) <= 0 then
    redis.call('del', key)
  end
end
return 0
"""


class RedisLoginThrottle(LoginThrottle):
    """Counters in Redis, checked and reserved by one Lua script: atomic across every worker and
    replica. When Redis fails, in-process counters answer until it is back (as the cache does)."""

    #: After a failure, Redis is not asked again for this long.
    RETRY_AFTER_SECONDS = 5.0

    def __init__(self, url: str, prefix: str = "pms", *, timeout: float = 0.5) -> None:
        self._client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self._prefix = prefix.rstrip(":") + ":"
        self._reserve = self._client.register_script(_RESERVE_SCRIPT)
        self._cancel = self._client.register_script(_CANCEL_SCRIPT)
        self._fallback = LocalLoginThrottle()
        self._down_since: float | None = None

    def _keys(self, keys: Sequence[str]) -> list[str]:
        return [self._prefix + key for key in keys]

    def _call(self, action: Callable[[], T], fallback: Callable[[], T]) -> T:
        now = time.monotonic()
        if self._down_since is not None and now - self._down_since < self.RETRY_AFTER_SECONDS:
            return fallback()
        try:
            result = action()
        except RedisError as exc:
            if self._down_since is None:
                log.warning("login_throttle_redis_unavailable", error=str(exc))
            self._down_since = now
            return fallback()
        self._down_since = None
        return result

    def reserve(self, counters: Sequence[tuple[str, int]], window_seconds: int) -> int:
        keys = self._keys([key for key, _ in counters])
        args = [window_seconds, *(limit for _, limit in counters)]
        return self._call(
            lambda: int(self._reserve(keys=keys, args=args)),
            lambda: self._fallback.reserve(counters, window_seconds),
        )

    def cancel(self, keys: Sequence[str]) -> None:
        self._fallback.cancel(keys)
        self._call(lambda: self._cancel(keys=self._keys(keys)) and None, lambda: None)

    def forget(self, keys: Sequence[str]) -> None:
        self._fallback.forget(keys)
        self._call(lambda: self._client.delete(*self._keys(keys)) and None, lambda: None)

    def close(self) -> None:
        self._client.close()


def create_login_throttle(redis_url: str | None, prefix: str) -> LoginThrottle:
    return RedisLoginThrottle(redis_url, prefix) if redis_url else LocalLoginThrottle()


def _address_key(address: str) -> str:
    """The address a limit applies to: an IPv6 client is counted by its /64 (one subscriber)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def _limit_counters(username: str, address: str, limits: LoginLimits) -> list[tuple[str, int]]:
    """The pair's counter first, then the username's and the address's."""
    name, where = username.lower(), _address_key(address)
    return [
        (f"login-fail:pair:{where} {name}", limits.max_attempts),
        (f"login-fail:user:{name}", limits.per_username),
        (f"login-fail:addr:{where}", limits.per_address),
    ]


# --- users -----------------------------------------------------------------------------------------


def token_digest(secret_key: str, token: str) -> str:
    return hmac.new(secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()


def find_user_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def _insert_user(
    session: Session,
    username: str,
    password_hash: str,
    *,
    role: Role,
    base_currency: str | None,
) -> User:
    if find_user_by_username(session, username) is not None:
        raise Conflict.for_field("username", f"'{username}' is already taken", "taken")
    user = User(username=username, password_hash=password_hash, role=role)
    if base_currency:
        user.base_currency = base_currency
    session.add(user)
    session.flush()
    return user


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
    password_hash = hash_password(password)
    return _insert_user(session, username, password_hash, role=role, base_currency=base_currency)


def has_users(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


def _serialise_sign_ups(session: Session) -> None:
    """Hold every other sign-up off until this transaction ends, so that "no user yet, so this one is
    the administrator" is decided by one of them only."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_FIRST_USER_LOCK)))
    elif dialect == "sqlite":
        # A write, even of no row, takes SQLite's one write lock for the rest of the transaction
        # (and waits `busy_timeout` for it), so the count below sees every other sign-up.
        session.execute(text("UPDATE users SET id = id WHERE 0 = 1"))


def register(
    session: Session,
    username: str,
    password: str,
    *,
    allow_signup: bool,
    base_currency: str | None = None,
) -> User:
    """The first user becomes admin; later ones only when sign-up is open."""
    if not allow_signup and has_users(session):
        raise Forbidden(detail="sign-up is closed; ask the administrator for an account")
    if find_user_by_username(session, username) is not None:
        raise Conflict.for_field("username", f"'{username}' is already taken", "taken")
    # Hash before taking the lock: the lock is held only for the count and the insert.
    password_hash = hash_password(password)
    first = False
    if not has_users(session):
        _serialise_sign_ups(session)
        first = not has_users(session)
    if not first and not allow_signup:
        raise Forbidden(detail="sign-up is closed; ask the administrator for an account")
    role = Role.ADMIN if first else Role.USER
    return _insert_user(session, username, password_hash, role=role, base_currency=base_currency)


# --- sign-in and tokens ----------------------------------------------------------------------------


def login(
    session: Session,
    throttle: LoginThrottle,
    *,
    secret_key: str,
    username: str,
    password: str,
    address: str,
    limits: LoginLimits,
    ttl: timedelta,
) -> tuple[User, IssuedToken]:
    counters = _limit_counters(username, address, limits)
    keys = [key for key, _ in counters]
    wait = throttle.reserve(counters, limits.window_seconds)
    if wait:
        raise TooManyRequests(
            detail="too many failed sign-in attempts; wait a few minutes and try again",
            headers={"Retry-After": str(wait)},
        )
    try:
        user = find_user_by_username(session, username)
        ok = verify_password(user.password_hash if user else None, password)
    except BaseException:
        # Busy, or the database failed: no password was checked, so the attempt does not count.
        throttle.cancel(keys)
        raise
    if user is None or not ok or not user.is_active:
        raise Unauthorized(detail="wrong username or password")
    pair, *shared = keys
    throttle.forget([pair])
    throttle.cancel(shared)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user, issue_token(session, user, secret_key=secret_key, ttl=ttl)


def prune_tokens(session: Session) -> int:
    """Delete up to `PRUNE_BATCH` tokens that can no longer sign anyone in (expired or revoked)."""
    now = utcnow()
    dead = (
        select(AuthToken.id)
        .where(or_(AuthToken.expires_at <= now, AuthToken.revoked_at.is_not(None)))
        .limit(PRUNE_BATCH)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Two sign-ins at once each take the rows the other has not locked.
        dead = dead.with_for_update(skip_locked=True)
    result = session.execute(
        delete(AuthToken).where(AuthToken.id.in_(dead.scalar_subquery())),
        execution_options={"synchronize_session": False},
    )
    return int(getattr(result, "rowcount", 0) or 0)


def issue_token(session: Session, user: User, *, secret_key: str, ttl: timedelta) -> IssuedToken:
    prune_tokens(session)
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


def revoke_all(session: Session, user: User, *, keep_token_hash: str | None = None) -> None:
    """Revoke every live token of `user`, except the one whose digest is `keep_token_hash`."""
    conditions = [AuthToken.user_id == user.id, AuthToken.revoked_at.is_(None)]
    if keep_token_hash is not None:
        conditions.append(AuthToken.token_hash != keep_token_hash)
    session.execute(
        update(AuthToken).where(*conditions).values(revoked_at=utcnow()),
        execution_options={"synchronize_session": "fetch"},
    )
