"""Cached portfolio responses.

A response is cached as the bytes sent, so a cached answer is byte for byte the fresh one. Its key
holds the user, the endpoint, every parameter after defaults were resolved (the reporting currency,
the cost-basis method, the risk-free rate, today's date where a date defaulted to today) and the
user's ledger version and the market-data version of the moment: any write to the user's ledger or
to prices, splits, rates or instruments changes a version, and entries under old versions are
never read again; they expire after `TTL_SECONDS`.

Writers bump a version during their transaction and again once it has ended
(`cache_versions`): a response computed from the data before the commit is filed under a version
the second bump leaves behind. The key is taken before anything is read, and every query sees what
was committed before it began (READ COMMITTED on PostgreSQL; SQLite reads outside a write
transaction), so a response keyed with the version of the second bump is computed from the
committed write. Nothing needs to wait for writes to settle.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum

from pms.cache import Cache
from pms.services import cache_versions

#: How long a computed response is kept (versions make it stale sooner when anything changes).
TTL_SECONDS = 3600
#: Bumped when the shape of cached responses changes, so a new release never reads old entries.
FORMAT = 1

Parameter = str | int | float | bool | date | Decimal | Enum | tuple[int, ...] | None


def _plain(value: Parameter) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | Decimal):
        return str(value)
    return value


def response_key(
    cache: Cache, user_id: int, endpoint: str, parameters: Mapping[str, Parameter]
) -> str:
    """The entry's key: the user, the endpoint, the parameters and the versions of now."""
    normalised = json.dumps(
        {name: _plain(value) for name, value in parameters.items()},
        sort_keys=True,
        separators=(",", ":"),
    )
    digest = hashlib.sha256(normalised.encode()).hexdigest()[:32]
    ledger = cache_versions.ledger_version(cache, user_id)
    market = cache_versions.market_version(cache)
    return f"portfolio:{FORMAT}:{user_id}:{ledger}:{market}:{endpoint}:{digest}"


def cached_response(
    cache: Cache,
    user_id: int,
    endpoint: str,
    parameters: Mapping[str, Parameter],
    produce: Callable[[], bytes],
) -> bytes:
    """The cached body for these parameters, or `produce()`'s, stored for next time.

    The key is taken before computing: a write that lands meanwhile bumps a version, so what was
    computed from older data is filed under the old versions and not served after the write."""
    key = response_key(cache, user_id, endpoint, parameters)
    body = cache.get(key)
    if body is None:
        body = produce()
        cache.set(key, body, TTL_SECONDS)
    return body
