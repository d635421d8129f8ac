"""Version counters that invalidate cached portfolio results.

A cached result's key carries the user's ledger version and the market-data version current when it
was computed. Any write to a user's ledger bumps their version; any write to prices, splits or FX bumps
the market version; old entries are then never read again and expire by their TTL.
"""

from __future__ import annotations

import time

from pms.cache import Cache

VERSION_TTL_SECONDS = 30 * 24 * 3600
MARKET_KEY = "version:market"


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


def bump_ledger(cache: Cache, user_id: int) -> None:
    cache.set(_user_key(user_id), str(time.time_ns()).encode(), VERSION_TTL_SECONDS)


def bump_market(cache: Cache) -> None:
    cache.set(MARKET_KEY, str(time.time_ns()).encode(), VERSION_TTL_SECONDS)
