"""The HTTP edge: request body limits by route (checked before the body is read), the security
headers of every answer, the self-hosted API docs, and the Origin check of cookie-signed requests."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pms.api.middleware import (
    ANONYMOUS_UPLOAD_LIMIT,
    CONTENT_SECURITY_POLICY,
    CREDENTIALS_BODY_LIMIT,
    DEFAULT_BODY_LIMIT,
    SECURITY_HEADERS,
)
from pms.main import create_app
from pms.runtime import Runtime
from tests import factories
from tests.conftest import PASSWORD
from tests.imports.helpers import IMPORTS

TWO_MB = 2 * 1024 * 1024
PROBLEM = "application/problem+json"


def _multipart(content: bytes, boundary: str = "edge-boundary") -> tuple[bytes, dict[str, str]]:
    body = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            b'Content-Disposition: form-data; name="file"; filename="x.csv"\r\n',
            b"Content-Type: text/csv\r\n\r\n",
            content,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def _chunks(body: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def _big_pms_csv(rows: int = 1100) -> bytes:
    """A valid pms-csv file of over 2 MB: deposits with long notes."""
    header = b"date,type,account,amount,currency,note,external_id\n"
    note = "x" * 1900
    lines = [f"2024-01-02,DEPOSIT,Main,10,EUR,{note},dep-{i}\n".encode() for i in range(rows)]
    return header + b"".join(lines)


def _assert_413(response: Any, limit: int) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == 413
    assert body["title"] == "Content too large"
    assert f"limit of {limit} bytes" in body["detail"]
    assert body["errors"] == [
        {"field": "body", "message": f"must be at most {limit} bytes", "code": "too_large"}
    ]


# --- Body limits ----------------------------------------------------------------------------------


def test_an_unauthenticated_large_upload_is_413_not_401(client: TestClient) -> None:
    body, headers = _multipart(b"x" * TWO_MB)
    response = client.post(IMPORTS, params={"format": "pms-csv"}, content=body, headers=headers)
    _assert_413(response, ANONYMOUS_UPLOAD_LIMIT)
    assert "without a valid session" in response.json()["detail"]
    # The price CSV upload is an upload route too.
    response = client.post("/api/v1/instruments/1/prices/csv", content=body, headers=headers)
    _assert_413(response, ANONYMOUS_UPLOAD_LIMIT)


def test_a_small_unauthenticated_upload_still_gets_401(client: TestClient) -> None:
    body, headers = _multipart(b"date,type\n")
    response = client.post(IMPORTS, params={"format": "pms-csv"}, content=body, headers=headers)
    assert response.status_code == 401


def test_a_large_upload_with_an_invalid_token_is_413(client: TestClient) -> None:
    """Only a valid session lifts the limit: a made-up token or cookie does not."""
    body, headers = _multipart(b"x" * TWO_MB)
    forged = {**headers, "Authorization": "Bearer not-a-real-token"}
    response = client.post(IMPORTS, params={"format": "pms-csv"}, content=body, headers=forged)
    _assert_413(response, ANONYMOUS_UPLOAD_LIMIT)
    client.cookies.set("pms_session", "not-a-real-token", path="/api")
    response = client.post(IMPORTS, params={"format": "pms-csv"}, content=body, headers=headers)
    _assert_413(response, ANONYMOUS_UPLOAD_LIMIT)


def test_a_declared_huge_unauthenticated_upload_is_refused_before_its_body_is_read(
    app: FastAPI,
) -> None:
    """500 MB announced without a session: 413 at once, and not one body chunk is received."""
    received: list[dict[str, Any]] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        message = {"type": "http.request", "body": b"x" * 65536, "more_body": True}
        received.append(message)
        return message

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": IMPORTS,
        "raw_path": IMPORTS.encode(),
        "root_path": "",
        "query_string": b"format=pms-csv",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"multipart/form-data; boundary=x"),
            (b"content-length", str(500 * 1024 * 1024).encode()),
        ],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))
    assert received == []
    assert sent[0]["type"] == "http.response.start"
    assert sent[0]["status"] == 413
    assert b"limit of 104857600 bytes" in b"".join(m.get("body", b"") for m in sent[1:])


def test_an_authenticated_large_upload_works_as_before(
    client: TestClient, alice: dict[str, str]
) -> None:
    factories.account(client, alice, name="Main", track_cash=True)
    content = _big_pms_csv()
    assert len(content) > TWO_MB
    body, headers = _multipart(content)
    response = client.post(
        IMPORTS,
        params={"format": "pms-csv", "dry_run": "true", "rows": "errors"},
        content=body,
        headers={**alice, **headers},
    )
    assert response.status_code == 200, response.text[:500]
    result = response.json()
    assert result["valid"] is True
    assert result["counts"]["rows"] == 1100
    # Streamed without a Content-Length, it is counted and let through just the same.
    response = client.post(
        IMPORTS,
        params={"format": "pms-csv", "dry_run": "true", "rows": "errors"},
        content=_chunks(body),
        headers={**alice, **headers},
    )
    assert response.status_code == 200, response.text[:500]
    assert response.json()["counts"]["rows"] == 1100


def test_an_authenticated_upload_with_the_session_cookie_works(client: TestClient) -> None:
    factories_headers = _cookie_session(client, "carol")
    factories.account(client, factories_headers, name="Main", track_cash=True)
    body, headers = _multipart(_big_pms_csv(200))
    assert len(body) > ANONYMOUS_UPLOAD_LIMIT
    response = client.post(
        IMPORTS,
        params={"format": "pms-csv", "dry_run": "true", "rows": "errors"},
        content=body,
        headers={**headers, "Origin": "http://testserver"},
    )
    assert response.status_code == 200, response.text[:500]
    assert response.json()["counts"]["rows"] == 200


def test_a_streamed_unauthenticated_upload_is_cut_off_at_the_small_limit(
    client: TestClient,
) -> None:
    body, headers = _multipart(b"x" * TWO_MB)
    response = client.post(
        IMPORTS, params={"format": "pms-csv"}, content=_chunks(body), headers=headers
    )
    _assert_413(response, ANONYMOUS_UPLOAD_LIMIT)


def test_an_authenticated_upload_over_the_import_limit_is_413(
    app: FastAPI, client: TestClient, alice: dict[str, str]
) -> None:
    app.state.runtime.settings.import_max_bytes = 1024 * 1024
    body, headers = _multipart(b"x" * TWO_MB)
    response = client.post(
        IMPORTS, params={"format": "pms-csv"}, content=body, headers={**alice, **headers}
    )
    _assert_413(response, 1024 * 1024)
    assert "PMS_IMPORT_MAX_BYTES" in response.json()["detail"]
    response = client.post(
        IMPORTS, params={"format": "pms-csv"}, content=_chunks(body), headers={**alice, **headers}
    )
    _assert_413(response, 1024 * 1024)


def test_a_2mb_json_body_is_413_on_an_ordinary_route(
    client: TestClient, alice: dict[str, str]
) -> None:
    padded = b'{"name": "Big", "currency": "EUR", "kind": "brokerage"' + b" " * TWO_MB + b"}"
    headers = {**alice, "Content-Type": "application/json"}
    response = client.post("/api/v1/accounts", content=padded, headers=headers)
    _assert_413(response, DEFAULT_BODY_LIMIT)
    # Chunked, without a Content-Length: counted and cut off.
    response = client.post("/api/v1/accounts", content=_chunks(padded), headers=headers)
    _assert_413(response, DEFAULT_BODY_LIMIT)
    listed = client.get("/api/v1/accounts", headers=alice).json()
    assert listed["total"] == 0
    # Under the limit, the same route answers as usual.
    small = b'{"name": "Small", "currency": "EUR", "kind": "brokerage"}'
    assert client.post("/api/v1/accounts", content=small, headers=headers).status_code == 201


def test_sign_in_and_sign_up_take_16_kib_at_most(client: TestClient) -> None:
    body = b'{"username": "a", "password": "' + b"p" * (CREDENTIALS_BODY_LIMIT) + b'"}'
    headers = {"Content-Type": "application/json"}
    for path in ("/api/v1/auth/login", "/api/v1/auth/register"):
        _assert_413(client.post(path, content=body, headers=headers), CREDENTIALS_BODY_LIMIT)


def test_the_bulk_price_list_takes_more_than_a_mebibyte_when_signed_in(
    client: TestClient, alice: dict[str, str]
) -> None:
    instrument = factories.instrument(client, alice, symbol="BULK", data_source="manual")["id"]
    padded = b'[{"date": "2024-01-02", "close": "10"}' + b" " * TWO_MB + b"]"
    path = f"/api/v1/instruments/{instrument}/prices"
    headers = {"Content-Type": "application/json"}
    response = client.put(path, content=padded, headers={**alice, **headers})
    assert response.status_code == 200, response.text[:300]
    # Without a session the ordinary limit applies.
    _assert_413(client.put(path, content=padded, headers=headers), DEFAULT_BODY_LIMIT)


# --- Security headers -----------------------------------------------------------------------------


@pytest.fixture
def spa_client(runtime: Runtime, tmp_path: Path) -> Iterator[TestClient]:
    """The app serving a stand-in SPA build, as in embedded mode."""
    site = tmp_path / "dist"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>PMS</title>")
    (site / "assets" / "index-1.js").write_text("export const x = 1;")
    runtime.settings.static_dir = site
    with TestClient(create_app(runtime=runtime), raise_server_exceptions=False) as test_client:
        yield test_client


def _assert_security_headers(response: Any) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (response.url, name)
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/holdings/5",
        "/assets/index-1.js",
        "/api/v1/health",
        "/api/v1/accounts",  # 401
        "/api/v1/no-such-route",  # 404
        "/api/openapi.json",
        "/api/docs",
        "/api/docs/swagger-ui-bundle.js",
    ],
)
def test_every_answer_carries_the_security_headers(spa_client: TestClient, path: str) -> None:
    response = spa_client.get(path)
    assert response.status_code in (200, 401, 404)
    _assert_security_headers(response)


def test_a_refused_body_carries_the_security_headers_too(client: TestClient) -> None:
    response = client.post(
        "/api/v1/accounts", content=b"{" + b" " * TWO_MB, headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 413
    _assert_security_headers(response)


def test_the_policy_has_no_inline_script_and_allows_the_spas_inline_styles() -> None:
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert directives["frame-ancestors"] == "'none'"


def test_the_docs_page_loads_nothing_from_another_host(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "cdn" not in html.lower()
    assert not re.search(r"(https?:)?//", html)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts == ["/api/docs/swagger-ui-bundle.js", "/api/docs/init.js"]
    assert styles == ["/api/docs/swagger-ui.css"]
    # No inline script: the policy's script-src 'self' would block it.
    assert re.findall(r"<script>", html) == []
    for url, kind in [*((s, "javascript") for s in scripts), *((s, "css") for s in styles)]:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert kind in asset.headers["content-type"]
        assert len(asset.content) > 0
    init = client.get("/api/docs/init.js").text
    assert '"/api/openapi.json"' in init
    assert "validatorUrl: null" in init
    assert "SwaggerUIBundle" in client.get("/api/docs/swagger-ui-bundle.js").text
    assert client.get("/api/docs/oauth2-redirect.html").status_code == 404
    assert client.get("/api/docs/..%2f..%2fsettings.py").status_code == 404
    assert client.get("/api/redoc").status_code == 404


# --- Origin check -------------------------------------------------------------------------------


def _cookie_session(client: TestClient, username: str) -> dict[str, str]:
    """Sign up and sign in, keeping the session cookie in `client` (the web app's way); returns
    the bearer header too, for setup calls."""
    client.post("/api/v1/auth/register", json={"username": username, "password": PASSWORD})
    login = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert login.status_code == 200, login.text
    assert client.cookies.get("pms_session")
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


ACCOUNT = {"name": "Main", "currency": "EUR", "kind": "brokerage"}


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "http://testserver.evil.example"},
        {"Origin": "http://testserver:8080"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
        {"Origin": "https://evil.example", "Referer": "http://testserver/"},
    ],
)
def test_a_cross_origin_cookie_request_is_403(client: TestClient, headers: dict[str, str]) -> None:
    bearer = _cookie_session(client, "carol")
    response = client.post("/api/v1/accounts", json=ACCOUNT, headers=headers)
    assert response.status_code == 403, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/cross-origin-request")
    for method in ("put", "patch", "delete"):
        assert client.request(method, "/api/v1/accounts/1", headers=headers).status_code == 403
    assert client.get("/api/v1/accounts", headers=bearer).json()["total"] == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver"},
        {"Origin": "http://TESTSERVER:80"},
        {"Referer": "http://testserver/accounts"},
        {},  # neither header: not a browser, or one that sends none
        # TLS ended in front of the proxy: the browser saw https, the backend http.
        {"Origin": "https://testserver"},
    ],
)
def test_a_same_origin_cookie_request_passes(client: TestClient, headers: dict[str, str]) -> None:
    _cookie_session(client, "carol")
    response = client.post("/api/v1/accounts", json=ACCOUNT, headers=headers)
    assert response.status_code == 201, response.text


def test_a_cross_origin_get_is_not_refused(client: TestClient) -> None:
    _cookie_session(client, "carol")
    response = client.get("/api/v1/accounts", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200


def test_a_bearer_request_is_not_checked(client: TestClient) -> None:
    bearer = _cookie_session(client, "carol")
    client.cookies.clear()
    headers = {**bearer, "Origin": "https://evil.example"}
    assert client.post("/api/v1/accounts", json=ACCOUNT, headers=headers).status_code == 201
    # Bearer and cookie together: the bearer token is what signs the request in.
    _cookie_session(client, "dave")
    other = {**ACCOUNT, "name": "Other"}
    assert client.post("/api/v1/accounts", json=other, headers=headers).status_code == 201


def test_an_http_origin_does_not_match_an_https_request(app: FastAPI) -> None:
    with TestClient(app, base_url="https://pms.example") as secure:
        _cookie_session(secure, "carol")
        downgraded = {"Origin": "http://pms.example"}
        assert secure.post("/api/v1/accounts", json=ACCOUNT, headers=downgraded).status_code == 403
        same = {"Origin": "https://pms.example"}
        assert secure.post("/api/v1/accounts", json=ACCOUNT, headers=same).status_code == 201


def test_x_forwarded_host_counts_only_when_every_proxy_is_trusted(
    app: FastAPI, client: TestClient
) -> None:
    _cookie_session(client, "carol")
    headers = {"Origin": "https://pms.example", "X-Forwarded-Host": "pms.example"}
    app.state.runtime.settings.forwarded_allow_ips = "127.0.0.1"
    assert client.post("/api/v1/accounts", json=ACCOUNT, headers=headers).status_code == 403
    app.state.runtime.settings.forwarded_allow_ips = "*"
    assert client.post("/api/v1/accounts", json=ACCOUNT, headers=headers).status_code == 201
