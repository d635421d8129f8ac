"""Cached portfolio responses.

A response is cached as the bytes sent, so a cached answer is byte for byte the fresh one. Its key
holds the user, the endpoint, every parameter after defaults were resolved (the reporting currency,
the cost-basis method, the risk-free rate, today's date where a date defaulted to today) and the
tokens of the user's ledger and of the market data (`cache_versions`), read from the database
before anything else: the transaction of any write to them rewrites a token, entries under old
tokens are never read again, and they expire after `TTL_SECONDS`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum

from sqlalchemy.orm import Session

from pms.cache import Cache
from pms.services import cache_versions

#: How long a computed response is kept (versions make it stale sooner when anything changes).
TTL_SECONDS = 3600
#: Bumped when the shape of cached responses changes, so a new release never reads old entries.
FORMAT = 2

Parameter = str | int | float | bool | date | Decimal | Enum | tuple[int, ...] | None


def _plain(value: Parameter) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | Decimal):
        return str(value)
    return value


def response_key(
    session: Session, user_id: int, endpoint: str, parameters: Mapping[str, Parameter]
) -> str:
    """The entry's key: the user, the endpoint, the parameters and the versions of now."""
    normalised = json.dumps(
        {name: _plain(value) for name, value in parameters.items()},
        sort_keys=True,
        separators=(",", ":"),
    )
    digest = hashlib.sha256(normalised.encode()).hexdigest()[:32]
    ledger, market = cache_versions.versions(session, user_id)
    return f"portfolio:{FORMAT}:{user_id}:{ledger}:{market}:{endpoint}:{digest}"


def cached_response(
    cache: Cache,
    session: Session,
    user_id: int,
    endpoint: str,
    parameters: Mapping[str, Parameter],
    produce: Callable[[], bytes],
) -> bytes:
    """The cached body for these parameters, or `produce()`'s, stored for next time.

    The key is taken before computing: a write that lands meanwhile changes a token, so what was
    computed from older data is filed under the old tokens and not served after the write."""
    key = response_key(session, user_id, endpoint, parameters)
    body = cache.get(key)
    if body is None:
        body = produce()
        cache.set(key, body, TTL_SECONDS)
    return body
