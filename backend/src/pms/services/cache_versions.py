"""Version counters that invalidate cached portfolio results.

A cached result's key carries the user's ledger version and the market-data version current when it
was computed. Any write to a user's ledger bumps their version; any write to prices, splits or FX bumps
the market version; old entries are then never read again and expire by their TTL.

A writer inside a transaction passes its session: the version is bumped at once and again when the
transaction ends. Between the two, a reader may take the new version yet read the data from before
the commit (or, in the writer's own session, data that is then rolled back); whatever it stores is
filed under a version the second bump leaves behind, so it is never served.
"""

from __future__ import annotations

import time

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from pms.cache import Cache

VERSION_TTL_SECONDS = 30 * 24 * 3600
MARKET_KEY = "version:market"
#: `Session.info` entry: the version keys to bump when the session's transaction ends.
_PENDING = "pms.cache_versions.pending"


def _user_key(user_id: int) -> str:
    return f"version:ledger:{user_id}"


def _read(cache: Cache, key: str) -> str:
    value = cache.get(key)
    if value is None:
        # An unknown version (fresh or evicted cache) must not match any earlier one.
        value = str(time.time_ns()).encode()
        cache.set(key, value, VERSION_TTL_SECONDS)
    return value.decode()


def ledger_version(cache: Cache, user_id: int) -> str:
    return _read(cache, _user_key(user_id))


def market_version(cache: Cache) -> str:
    return _read(cache, MARKET_KEY)


def bump_ledger(cache: Cache, user_id: int, *, session: Session | None = None) -> None:
    """Invalidate the user's cached results; with `session`, again when its transaction ends."""
    _bump(cache, _user_key(user_id), session)


def bump_market(cache: Cache, *, session: Session | None = None) -> None:
    """Invalidate every cached result; with `session`, again when its transaction ends."""
    _bump(cache, MARKET_KEY, session)


def _bump(cache: Cache, key: str, session: Session | None) -> None:
    _set(cache, key)
    if session is None:
        return
    if not event.contains(session, "after_transaction_end", _bump_pending):
        event.listen(session, "after_transaction_end", _bump_pending)
    session.info.setdefault(_PENDING, {})[key] = cache


def _set(cache: Cache, key: str) -> None:
    cache.set(key, str(time.time_ns()).encode(), VERSION_TTL_SECONDS)


def _bump_pending(session: Session, transaction: SessionTransaction) -> None:
    # Savepoints end inside the transaction; only the end of the outermost one counts.
    if transaction.parent is not None:
        return
    pending: dict[str, Cache] = session.info.pop(_PENDING, {})
    for key, cache in pending.items():
        _set(cache, key)
