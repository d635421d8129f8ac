"""What yfinance's failures mean for us: every exception it (or its HTTP client) raises becomes one
of our provider errors, so that nothing else escapes the yahoo provider."""

from __future__ import annotations

import requests
from yfinance.exceptions import YFDataException, YFRateLimitError, YFTickerMissingError

from pms.errors import PMSError, ProviderError, ProviderUnavailable
from pms.logs import get_logger
from pms.market.providers.base import RateLimited, UnknownSymbol

log = get_logger(__name__)


def _status_of(exc: BaseException) -> int | None:
    """The HTTP status the provider answered with; None when it never answered (curl reports a
    failed connection with a response of status 0)."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) and status >= 100 else None


def translate_error(exc: BaseException, what: str) -> PMSError:
    """A yfinance or HTTP failure as one of our provider errors."""
    if isinstance(exc, PMSError):
        return exc
    if isinstance(exc, YFRateLimitError):
        return RateLimited(
            detail=f"{what}: the provider is rate-limiting requests", headers={"Retry-After": "60"}
        )
    if isinstance(exc, YFTickerMissingError):
        return UnknownSymbol(detail=f"{what}: the provider does not know this symbol")
    status = _status_of(exc)
    if status == 404:
        return UnknownSymbol(detail=f"{what}: the provider does not know this symbol")
    if status == 429:
        return RateLimited(detail=f"{what}: the provider is rate-limiting requests")
    if status is not None and status >= 500:
        return ProviderUnavailable(
            detail=f"{what}: the provider answered HTTP {status}", headers={"Retry-After": "60"}
        )
    if status is not None:
        return ProviderError(detail=f"{what}: the provider refused the request (HTTP {status})")
    if isinstance(exc, ValueError):  # unreadable JSON (requests' JSON error is also a ValueError)
        return ProviderError(detail=f"{what}: the provider answered with something unusable")
    # Network failures of both HTTP clients yfinance may use: `requests` and curl_cffi errors
    # are OSErrors.
    if isinstance(exc, (requests.exceptions.RequestException, OSError, TimeoutError)):
        return ProviderUnavailable(
            detail=f"{what}: the provider could not be reached ({type(exc).__name__})",
            headers={"Retry-After": "60"},
        )
    if isinstance(exc, YFDataException) and "DOWN" in str(exc).upper():
        return ProviderUnavailable(detail=f"{what}: the provider says it is down")
    log.warning("provider_unusable_answer", what=what, error=repr(exc))
    return ProviderError(detail=f"{what}: the provider answered with something unusable")
