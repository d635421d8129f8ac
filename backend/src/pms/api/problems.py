"""Turns every error into an RFC 9457 `application/problem+json` response, in one place."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from pms.errors import FieldError, PMSError
from pms.logs import get_logger

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://pms.invalid/problems/"

log = get_logger(__name__)


class ProblemFieldError(BaseModel):
    field: str = Field(description="Dotted path of the refused field, e.g. `quantity` or `0.date`")
    message: str
    code: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[ProblemFieldError] = Field(default_factory=list)


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    slug: str | None = None,
    errors: list[FieldError] | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"{PROBLEM_BASE}{slug}" if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "errors": [e.as_dict() for e in errors or []],
    }
    if instance:
        body["instance"] = instance
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _location_to_field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def _validation_errors(exc: RequestValidationError) -> list[FieldError]:
    errors: list[FieldError] = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        message = str(err.get("msg", "invalid value"))
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        errors.append(FieldError(_location_to_field(loc), message, str(err.get("type", "invalid"))))
    return errors


_HTTP_TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Validation failed",
    429: "Too many requests",
}


#: PostgreSQL SQLSTATEs that mean "another transaction was in the way; the same request may succeed
#: when retried": serialization_failure, deadlock_detected, lock_not_available, query_canceled
#: (statement_timeout / lock_timeout), too_many_connections.
_PG_BUSY = frozenset({"40001", "40P01", "55P03", "57014", "53300"})
#: SQLite primary result codes: SQLITE_BUSY, SQLITE_LOCKED (another writer); SQLITE_READONLY,
#: SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN (the file cannot be used).
_SQLITE_BUSY = frozenset({5, 6})
_SQLITE_UNAVAILABLE = frozenset({8, 10, 13, 14})
_BUSY_RETRY_AFTER = "2"
_UNAVAILABLE_RETRY_AFTER = "5"


def database_trouble(exc: BaseException) -> Literal["busy", "unavailable"] | None:
    """Whether a database error is passing trouble that a retry may get past: the database is busy
    (a lock, a deadlock, a statement or pool timeout) or unreachable. None for anything else (a
    genuine error in the code, answered 500)."""
    if isinstance(exc, PoolTimeoutError):
        return "busy"
    if not isinstance(exc, DBAPIError):
        return None
    if exc.connection_invalidated:
        return "unavailable"
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if sqlstate in _PG_BUSY:
        return "busy"
    errorcode = getattr(orig, "sqlite_errorcode", None)
    if isinstance(errorcode, int):
        primary = errorcode & 0xFF
        if primary in _SQLITE_BUSY:
            return "busy"
        return "unavailable" if primary in _SQLITE_UNAVAILABLE else None
    message = str(orig).lower()
    if "database is locked" in message or "database table is locked" in message:
        return "busy"
    if type(orig).__module__.startswith("sqlite3"):
        return "unavailable" if "unable to open" in message or "disk" in message else None
    if isinstance(exc, OperationalError) or type(orig).__name__ == "InterfaceError":
        # PostgreSQL: the server is down, restarting, out of resources, or the connection broke.
        return "unavailable"
    return None


def _database_problem(
    request: Request, kind: Literal["busy", "unavailable"], exc: Exception
) -> JSONResponse:
    error = str(getattr(exc, "orig", None) or exc)
    if kind == "busy":
        log.warning("database_busy", error=error, path=request.url.path)
        return problem_response(
            503,
            "Busy, retry",
            "the database is busy with other changes; retry in a moment",
            slug="busy",
            instance=request.url.path,
            headers={"Retry-After": _BUSY_RETRY_AFTER},
        )
    log.error("database_unavailable", error=error, path=request.url.path)
    return problem_response(
        503,
        "Database unavailable",
        "the database could not be reached; try again shortly",
        slug="database-unavailable",
        instance=request.url.path,
        headers={"Retry-After": _UNAVAILABLE_RETRY_AFTER},
    )


def _internal_error(request: Request) -> JSONResponse:
    log.exception("unhandled_error", path=request.url.path)
    return problem_response(
        500,
        "Internal server error",
        "an unexpected error occurred; it has been logged",
        instance=request.url.path,
    )


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(PMSError)
    async def _domain(request: Request, exc: PMSError) -> JSONResponse:
        return problem_response(
            exc.status,
            exc.title,
            exc.detail,
            slug=exc.slug,
            errors=exc.errors,
            instance=request.url.path,
            headers=exc.headers or None,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:5]) or "invalid request"
        return problem_response(
            422,
            "Validation failed",
            detail,
            slug="validation-failed",
            errors=errors,
            instance=request.url.path,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = _HTTP_TITLES.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) else title
        return problem_response(
            exc.status_code,
            title,
            detail,
            instance=request.url.path,
            headers=dict(exc.headers) if exc.headers else None,
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        # The services check the rules first; this is the database catching a race between two
        # requests. It is a conflict, never a 500.
        log.warning("integrity_error", error=str(exc.orig))
        return problem_response(
            409,
            "Conflict",
            "the change conflicts with data stored meanwhile; reload and try again",
            slug="conflict",
            instance=request.url.path,
        )

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> JSONResponse:
        # Validation refuses what the database cannot store; this is the net beneath it.
        log.warning("data_error", error=str(exc.orig))
        return problem_response(
            422,
            "Validation failed",
            "a value is out of range or cannot be stored",
            slug="validation-failed",
            instance=request.url.path,
        )

    @app.exception_handler(DBAPIError)
    @app.exception_handler(PoolTimeoutError)
    async def _database_trouble(request: Request, exc: Exception) -> JSONResponse:
        # A lock, a timeout or an unreachable database is 503 "retry"; a bug stays a 500.
        kind = database_trouble(exc)
        if kind is None:
            return _internal_error(request)
        return _database_problem(request, kind, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return _internal_error(request)


#: `responses=` entries for routes, so the OpenAPI documents the error shape.
def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "model": Problem,
            "description": _HTTP_TITLES.get(status, "Error"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
