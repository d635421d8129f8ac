"""The domain's error family. Services raise these; `pms.api.problems` renders them as RFC 9457
`application/problem+json` in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class FieldError:
    """One refused field: where it is (`field`, dotted) and why, for people."""

    field: str
    message: str
    code: str = "invalid"

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "message": self.message, "code": self.code}


@dataclass
class PMSError(Exception):
    """Base of every error the API answers on purpose. Subclasses set `status` and `title`."""

    detail: str
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    status: ClassVar[int] = 400
    title: ClassVar[str] = "Bad request"
    slug: ClassVar[str] = "bad-request"

    def __str__(self) -> str:
        return self.detail

    @classmethod
    def for_field(cls, name: str, message: str, code: str = "invalid") -> PMSError:
        return cls(detail=f"{name}: {message}", errors=[FieldError(name, message, code)])


class ValidationFailed(PMSError):
    status = 422
    title = "Validation failed"
    slug = "validation-failed"


class InsufficientQuantity(ValidationFailed):
    title = "Not enough units held"
    slug = "insufficient-quantity"


class NotFound(PMSError):
    status = 404
    title = "Not found"
    slug = "not-found"


class Conflict(PMSError):
    status = 409
    title = "Conflict"
    slug = "conflict"


class Unauthorized(PMSError):
    status = 401
    title = "Not signed in"
    slug = "unauthorized"


class Forbidden(PMSError):
    status = 403
    title = "Forbidden"
    slug = "forbidden"


class TooManyRequests(PMSError):
    status = 429
    title = "Too many requests"
    slug = "too-many-requests"


class ProviderUnavailable(PMSError):
    """The market-data provider could not be reached or timed out."""

    status = 503
    title = "Market data provider unavailable"
    slug = "provider-unavailable"


class ProviderError(PMSError):
    """The provider answered, but not with something usable."""

    status = 502
    title = "Market data provider error"
    slug = "provider-error"


class Busy(PMSError):
    """A lock the request needs is held by another change for longer than it may wait: retry."""

    status = 503
    title = "Busy, retry"
    slug = "busy"


def not_found(resource: str, ident: object) -> NotFound:
    return NotFound(detail=f"{resource} {ident} not found")
