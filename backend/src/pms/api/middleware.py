"""Pure ASGI middleware: a request id on every request (and log line), an access log, request
body limits by route, the security headers of every answer, and the Origin check of requests
signed in with the session cookie."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import structlog
from fastapi import FastAPI, Request
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import cookie_parser
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pms.api.deps import SESSION_COOKIE
from pms.api.problems import problem_response
from pms.errors import FieldError, Unauthorized
from pms.logs import get_logger
from pms.runtime import Runtime
from pms.services import auth
from pms.settings import Settings

REQUEST_ID_HEADER = "x-request-id"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

log = get_logger("pms.access")


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = (
            dict(scope.get("headers") or []).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        )
        request_id = incoming if _VALID_ID.fullmatch(incoming) else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status_code = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            path = scope.get("path", "")
            if path.startswith("/api/"):
                log.info(
                    "request",
                    method=scope.get("method"),
                    path=path,
                    status=status_code,
                    ms=round((time.perf_counter() - started) * 1000, 1),
                )
            structlog.contextvars.clear_contextvars()


# --- Request body limits ------------------------------------------------------------------------

KIB = 1024
MIB = 1024 * KIB
#: Any JSON request.
DEFAULT_BODY_LIMIT = 1 * MIB
#: Sign-in and sign-up: a username and a password.
CREDENTIALS_BODY_LIMIT = 16 * KIB
#: An upload route asked without a valid session: enough for a 401, never a spooled file.
ANONYMOUS_UPLOAD_LIMIT = 64 * KIB
#: The JSON price and rate lists (50 000 rows each, a few hundred bytes a row at most).
BULK_BODY_LIMIT = 16 * MIB

_UPLOAD_ROUTES = (
    ("POST", re.compile(r"^/api/v1/imports/?$")),
    ("POST", re.compile(r"^/api/v1/instruments/[^/]+/prices/csv/?$")),
)
_BULK_ROUTES = (
    ("PUT", re.compile(r"^/api/v1/instruments/[^/]+/prices/?$")),
    ("PUT", re.compile(r"^/api/v1/fx-rates/[^/]+/[^/]+/?$")),
)
_CREDENTIAL_ROUTES = (("POST", re.compile(r"^/api/v1/auth/(login|register)/?$")),)


@dataclass(frozen=True)
class BodyLimit:
    """The most bytes a request body may have: `anonymous` without a valid session, `signed_in`
    with one (they differ only for uploads and bulk lists); `setting` names what sets it."""

    anonymous: int
    signed_in: int
    setting: str = ""


def _matches(routes: tuple[tuple[str, re.Pattern[str]], ...], method: str, path: str) -> bool:
    return any(method == m and pattern.match(path) for m, pattern in routes)


def body_limit(method: str, path: str, settings: Settings) -> BodyLimit:
    """The body limit of a request, by its route."""
    if _matches(_UPLOAD_ROUTES, method, path):
        limit = settings.import_max_bytes
        return BodyLimit(min(ANONYMOUS_UPLOAD_LIMIT, limit), limit, "PMS_IMPORT_MAX_BYTES")
    if _matches(_BULK_ROUTES, method, path):
        return BodyLimit(DEFAULT_BODY_LIMIT, BULK_BODY_LIMIT)
    if _matches(_CREDENTIAL_ROUTES, method, path):
        return BodyLimit(CREDENTIALS_BODY_LIMIT, CREDENTIALS_BODY_LIMIT)
    return BodyLimit(DEFAULT_BODY_LIMIT, DEFAULT_BODY_LIMIT)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _bearer_token(scope: Scope) -> str | None:
    value = _header(scope, b"authorization")
    if value is None:
        return None
    scheme, _, token = value.strip().partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _session_cookie(scope: Scope) -> str | None:
    value = _header(scope, b"cookie")
    return cookie_parser(value).get(SESSION_COOKIE) or None if value else None


def _credential(scope: Scope) -> str | None:
    """The token a request signs in with, as `api.deps.get_token` picks it."""
    return _bearer_token(scope) or _session_cookie(scope)


def _token_is_valid(runtime: Runtime, token: str) -> bool:
    # One indexed SELECT in its own short session, closed (rolled back) at once: no transaction
    # stays open while the body streams in.
    with runtime.session_factory() as session:
        try:
            auth.authenticate(session, secret_key=runtime.secret_key, token=token)
        except Unauthorized:
            return False
        except SQLAlchemyError as exc:  # the database is away: the small limit, the route answers
            log.warning("body_limit_session_check_failed", error=str(exc))
            return False
    return True


class BodyTooLarge(StarletteHTTPException):
    """A body over its limit (raised from `receive` when a streamed one passes it)."""

    def __init__(self, limits: BodyLimit, limit: int) -> None:
        if limit < limits.signed_in:
            where = (
                f" for a request without a valid session (signed in: {limits.signed_in} bytes"
                + (f", {limits.setting})" if limits.setting else ")")
            )
        else:
            where = f" ({limits.setting})" if limits.setting else ""
        super().__init__(413, f"the request body is larger than the limit of {limit} bytes{where}")
        self.limit = limit


def body_too_large_response(exc: BodyTooLarge, path: str) -> Response:
    return problem_response(
        413,
        "Content too large",
        str(exc.detail),
        slug="content-too-large",
        errors=[FieldError("body", f"must be at most {exc.limit} bytes", "too_large")],
        instance=path,
    )


class BodyLimitMiddleware:
    """Refuses a request body over its route's limit with 413, before the app reads it.

    A declared `Content-Length` over the limit is answered at once; a body without one (chunked)
    is counted as it streams and cut off with 413 the moment it passes the limit. Nothing is
    buffered here. Upload routes take `PMS_IMPORT_MAX_BYTES` only from a request whose bearer
    token or session cookie is valid (checked once, only when the body is larger than an
    anonymous one may be); anyone else gets `ANONYMOUS_UPLOAD_LIMIT`.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        runtime: Runtime | None = getattr(scope["app"].state, "runtime", None)
        if runtime is None:  # not started (no lifespan ran): no route can answer anyway
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limits = body_limit(scope.get("method", "GET"), path, runtime.settings)
        current = limits.anonymous
        checked = limits.signed_in <= limits.anonymous

        async def raise_to_session_limit() -> None:
            nonlocal current, checked
            checked = True
            token = _credential(scope)
            if token is None:
                return
            valid: bool = await run_in_threadpool(_token_is_valid, runtime, token)
            if valid:
                current = limits.signed_in

        declared = _header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > current:
            size = int(declared)
            if size <= limits.signed_in and not checked:
                await raise_to_session_limit()
            if size > current:
                limit = limits.signed_in if size > limits.signed_in else current
                refusal = BodyTooLarge(limits, limit)
                await body_too_large_response(refusal, path)(scope, receive, send)
                return

        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > current and not checked:
                    await raise_to_session_limit()
                if seen > current:
                    raise BodyTooLarge(limits, current)
            return message

        await self.app(scope, counted, send)


# --- Security headers ---------------------------------------------------------------------------

#: The web app's policy; deploy/Caddyfile sends the very same one (tests/deploy checks it).
#: Mantine sets inline styles, hence `style-src 'unsafe-inline'`; no script is inline.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
_SECURITY_HEADERS_RAW = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


class SecurityHeadersMiddleware:
    """Adds `SECURITY_HEADERS` to every answer that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {bytes(name).lower() for name, _ in headers}
                headers.extend(h for h in _SECURITY_HEADERS_RAW if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


# --- Origin check -------------------------------------------------------------------------------

_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class _Origin:
    scheme: str
    host: str
    port: int | None  # None: the scheme's default


def _parse_origin(value: str) -> _Origin | None:
    """scheme://host[:port] of an Origin or Referer value; None when it is none (`null`, junk)."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return _Origin(scheme, parts.hostname.lower(), port)


def _parse_host(value: str) -> tuple[str, int | None] | None:
    """host and port of a Host header value."""
    if any(c in value for c in "/@?#"):
        return None
    origin = _parse_origin(f"http://{value.strip()}")
    return None if origin is None else (origin.host, origin.port)


def _trusts_proxy_headers(settings: Settings) -> bool:
    """X-Forwarded-Host counts only when every peer is a trusted proxy (`PMS_FORWARDED_ALLOW_IPS=*`,
    as in compose). With a list of addresses it does not: uvicorn has already replaced the peer's
    address with the forwarded one, so this middleware cannot tell who sent the header."""
    return settings.forwarded_allow_ips.strip() == "*"


def same_origin(origin: _Origin, scheme: str, hosts: list[tuple[str, int | None]]) -> bool:
    """Whether `origin` is this server as the request reached it: `scheme` (uvicorn has applied a
    trusted X-Forwarded-Proto to it) and one of `hosts` (Host, and a trusted X-Forwarded-Host).

    An https origin also matches a request that arrived as http: TLS ended in front of the proxy
    (Cloudflare Tunnel before Caddy), and the port a Host header leaves out is then the default
    of the browser's scheme. An http origin never matches an https request."""
    if origin.scheme != scheme and not (origin.scheme == "https" and scheme == "http"):
        return False
    origin_port = origin.port or _DEFAULT_PORTS[origin.scheme]
    for host, port in hosts:
        if host == origin.host and (port or _DEFAULT_PORTS[origin.scheme]) == origin_port:
            return True
    return False


class OriginCheckMiddleware:
    """Refuses, with 403, a state-changing request signed in by the session cookie whose Origin
    (or, without one, Referer) is another site's. Requests with a bearer token are not checked: a
    browser never adds one on its own. A request with neither header passes (not a browser, or
    one that sends none; the cookie is SameSite=Strict besides)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") not in _UNSAFE_METHODS
            or _bearer_token(scope) is not None
            or _session_cookie(scope) is None
        ):
            await self.app(scope, receive, send)
            return
        claimed = _header(scope, b"origin")
        if claimed is None:
            claimed = _header(scope, b"referer")
        if claimed is not None and not self._allowed(scope, claimed):
            refusal = problem_response(
                403,
                "Forbidden",
                "the request comes from another site (its Origin is not this server's); "
                "it was refused",
                slug="cross-origin-request",
                instance=scope.get("path", ""),
            )
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _allowed(scope: Scope, claimed: str) -> bool:
        origin = _parse_origin(claimed)
        if origin is None:
            return False
        values = [_header(scope, b"host")]
        runtime: Runtime | None = getattr(scope["app"].state, "runtime", None)
        if runtime is not None and _trusts_proxy_headers(runtime.settings):
            values.append(_header(scope, b"x-forwarded-host"))
        # A proxy chain may list several hosts; the first is the client's.
        parsed = [_parse_host(v.split(",")[0]) for v in values if v]
        hosts = [p for p in parsed if p is not None]
        return same_origin(origin, scope.get("scheme", "http"), hosts)


# --- Wiring -------------------------------------------------------------------------------------


def install_http_edge(app: FastAPI) -> None:
    """The middleware, outermost first: request id and access log, security headers, the Origin
    check, body limits; and the 413 answer of a body cut off while streaming."""

    async def _body_too_large(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, BodyTooLarge):  # pragma: no cover - registered for it alone
            raise exc
        return body_too_large_response(exc, request.url.path)

    app.add_exception_handler(BodyTooLarge, _body_too_large)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(OriginCheckMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestContextMiddleware)
