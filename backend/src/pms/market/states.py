"""The vocabulary of fetching: how a fetch went (per instrument or currency pair), how a job is
doing, and which error means which state."""

from __future__ import annotations

from enum import StrEnum

from pms.errors import PMSError, ProviderUnavailable
from pms.market.providers.base import OfflineMode, RateLimited, UnknownSymbol


class FetchState(StrEnum):
    NEVER_FETCHED = "never_fetched"
    OK = "ok"
    UNREACHABLE = "unreachable"
    RATE_LIMITED = "rate_limited"
    UNKNOWN_SYMBOL = "unknown_symbol"
    PROVIDER_ERROR = "provider_error"
    NO_DATA = "no_data"
    CURRENCY_MISMATCH = "currency_mismatch"
    OFFLINE = "offline"


class StaleReason(StrEnum):
    """Why an instrument's last close is older than the last business day: a fetch state, or one
    of these two when nothing failed."""

    NEVER_FETCHED = "never_fetched"
    NOT_REFRESHED = "not_refreshed"
    MANUAL = "manual"
    UNREACHABLE = "unreachable"
    RATE_LIMITED = "rate_limited"
    UNKNOWN_SYMBOL = "unknown_symbol"
    PROVIDER_ERROR = "provider_error"
    NO_DATA = "no_data"
    CURRENCY_MISMATCH = "currency_mismatch"
    OFFLINE = "offline"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def state_of(error: PMSError) -> FetchState:
    """The fetch state a provider error leaves behind."""
    if isinstance(error, OfflineMode):
        return FetchState.OFFLINE
    if isinstance(error, RateLimited):
        return FetchState.RATE_LIMITED
    if isinstance(error, UnknownSymbol):
        return FetchState.UNKNOWN_SYMBOL
    if isinstance(error, ProviderUnavailable):
        return FetchState.UNREACHABLE
    return FetchState.PROVIDER_ERROR
