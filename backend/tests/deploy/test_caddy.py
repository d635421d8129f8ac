"""deploy/Caddyfile, checked by Caddy itself (the Debian package, installed here when missing):
it validates with the image's environment, and a running Caddy serves a stand-in build of the SPA
and passes /api/ to a running backend."""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from pms import __version__
from pms.api.middleware import CONTENT_SECURITY_POLICY
from pms.settings import Settings
from tests.deploy.compose import REPO_ROOT
from tests.deploy.conftest import ServedBackend, free_port
from tests.deploy.dockerfile import FRONTEND_DOCKERFILE, parse

CADDYFILE = REPO_ROOT / "deploy" / "Caddyfile"
INSTALL_LOCK = Path("/tmp/pms-test-caddy-install.lock")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
}
INDEX_HTML = (
    "<!doctype html><html><head><title>PMS stand-in</title>"
    '<script type="module" src="/assets/index-3f2a9c.js"></script></head>'
    '<body><div id="root"></div></body></html>\n'
)
#: Larger than Caddy's minimum length for compression, so that `encode` shows.
ASSET_JS = "export const marker = 'pms-asset';\n" + "// padding\n" * 200


def _install_caddy() -> str:
    """Caddy from Debian's packages: already there, or installed now (as root)."""
    found = shutil.which("caddy")
    if found:
        return found
    if os.geteuid() != 0:
        pytest.fail("caddy is not installed and only root can install it: apt-get install caddy")
    # One installer at a time across xdist workers.
    with INSTALL_LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not shutil.which("caddy"):
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            for command in (
                ["apt-get", "update", "-qq"],
                ["apt-get", "install", "-y", "-qq", "caddy"],
            ):
                result = subprocess.run(
                    command, env=env, capture_output=True, text=True, timeout=600
                )
                if result.returncode != 0:
                    pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    found = shutil.which("caddy")
    if not found:
        pytest.fail("caddy is still missing after apt-get install caddy")
    return found


@pytest.fixture(scope="session")
def caddy() -> str:
    return _install_caddy()


def _caddy_env(home: Path, extra: dict[str, str]) -> dict[str, str]:
    """A clean environment: Caddy's own state in a temporary home, plus the placeholders."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        **extra,
    }


def test_the_caddyfile_is_valid_with_the_images_environment(caddy: str, tmp_path: Path) -> None:
    image_env = parse(FRONTEND_DOCKERFILE).final.env()
    assert image_env["PMS_BACKEND"] == "backend:8000"
    result = subprocess.run(
        [caddy, "validate", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        env=_caddy_env(tmp_path, image_env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Valid configuration" in result.stdout + result.stderr
    # Caddy warns about an unformatted Caddyfile; there is no such warning.
    assert "not formatted" not in result.stderr


def test_the_caddyfile_is_formatted_as_caddy_formats_it(caddy: str) -> None:
    result = subprocess.run([caddy, "fmt", str(CADDYFILE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == CADDYFILE.read_text()


def test_the_caddyfile_defaults_are_the_images_values(caddy: str, tmp_path: Path) -> None:
    """Without any placeholder set, the adapted config is the one the image runs."""
    adapt = [caddy, "adapt", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
    bare = subprocess.run(adapt, env=_caddy_env(tmp_path, {}), capture_output=True, text=True)
    image_env = parse(FRONTEND_DOCKERFILE).final.env()
    with_image = subprocess.run(
        adapt, env=_caddy_env(tmp_path, image_env), capture_output=True, text=True
    )
    assert bare.returncode == 0, bare.stderr
    assert bare.stdout == with_image.stdout
    assert '"dial":"backend:8000"' in bare.stdout
    assert '"listen":["0.0.0.0:8080"]' in bare.stdout


@dataclass
class Proxy:
    url: str
    site: Path


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"caddy exited with {process.returncode}:\n{log.read_text()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"caddy did not listen within 30s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def proxy(
    caddy: str, served_backend: ServedBackend, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Proxy]:
    """Caddy run from deploy/Caddyfile in front of a stand-in dist/ and the served backend."""
    root = tmp_path_factory.mktemp("caddy")
    site = root / "dist"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text(INDEX_HTML)
    (site / "assets" / "index-3f2a9c.js").write_text(ASSET_JS)
    (site / "favicon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    port = free_port()
    env = _caddy_env(
        root,
        {
            "PMS_LISTEN_ADDRESS": "127.0.0.1",
            "PMS_LISTEN_PORT": str(port),
            "PMS_BACKEND": f"127.0.0.1:{served_backend.port}",
            "PMS_SITE_ROOT": str(site),
        },
    )
    log = root / "caddy.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [caddy, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
            env=env,
            cwd=root,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_port(port, process, log)
        yield Proxy(url=f"http://127.0.0.1:{port}", site=site)
    finally:
        process.terminate()
        process.wait(timeout=15)


def _assert_security_headers(response: httpx.Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (response.url, name)


def test_the_root_serves_index_html_uncached_with_a_content_security_policy(proxy: Proxy) -> None:
    response = httpx.get(f"{proxy.url}/")
    assert response.status_code == 200
    assert response.text == INDEX_HTML
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    _assert_security_headers(response)


@pytest.mark.parametrize("path", ["/holdings/5", "/accounts", "/settings/profile?tab=2"])
def test_a_client_side_route_is_answered_with_index_html(proxy: Proxy, path: str) -> None:
    response = httpx.get(f"{proxy.url}{path}")
    assert response.status_code == 200
    assert response.text == INDEX_HTML
    assert response.headers["cache-control"] == "no-cache"
    _assert_security_headers(response)


def test_a_fingerprinted_asset_is_served_with_a_long_cache_lifetime(proxy: Proxy) -> None:
    response = httpx.get(f"{proxy.url}/assets/index-3f2a9c.js")
    assert response.status_code == 200
    assert response.text == ASSET_JS
    assert response.headers["content-type"].startswith(
        ("text/javascript", "application/javascript")
    )
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    _assert_security_headers(response)


def test_assets_are_compressed_for_clients_that_accept_it(proxy: Proxy) -> None:
    response = httpx.get(f"{proxy.url}/assets/index-3f2a9c.js", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.text == ASSET_JS  # httpx decodes it


def test_a_missing_asset_is_a_404_not_a_cached_index_html(proxy: Proxy) -> None:
    response = httpx.get(f"{proxy.url}/assets/index-000000.js")
    assert response.status_code == 404
    assert "immutable" not in response.headers.get("cache-control", "")
    assert INDEX_HTML not in response.text


def test_another_file_of_the_build_is_served_as_itself(proxy: Proxy) -> None:
    response = httpx.get(f"{proxy.url}/favicon.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.headers["cache-control"] == "no-cache"


def test_api_requests_reach_the_backend(proxy: Proxy) -> None:
    response = httpx.get(f"{proxy.url}/api/v1/health", headers={"X-Request-ID": "via-proxy-1"})
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": {"status": "ok", "backend": "postgresql", "detail": ""},
        "cache": {"status": "ok", "backend": "redis", "detail": "connected"},
        "version": __version__,
    }
    assert response.headers["x-request-id"] == "via-proxy-1"
    _assert_security_headers(response)
    # The backend sends the web app's policy itself (its /api/docs page loads only local files).
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_an_unknown_api_path_is_the_backends_problem_not_the_spa(proxy: Proxy) -> None:
    response = httpx.get(f"{proxy.url}/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_the_openapi_document_and_a_json_post_pass_through(proxy: Proxy) -> None:
    spec = httpx.get(f"{proxy.url}/api/openapi.json")
    assert spec.status_code == 200
    assert "/api/v1/health" in spec.json()["paths"]
    # A request body reaches the backend intact: its validation names the missing field.
    refused = httpx.post(f"{proxy.url}/api/v1/auth/login", json={"username": "nobody"})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert "password" in refused.text


def test_an_oversized_request_body_is_refused(proxy: Proxy) -> None:
    """Over PMS_IMPORT_MAX_BYTES (the proxy's cap and the backend's upload limit alike)."""
    body = b"x" * (Settings.model_fields["import_max_bytes"].get_default() + 1)
    response = httpx.post(
        f"{proxy.url}/api/v1/imports",
        params={"format": "pms-csv"},
        content=body,
        headers={"Content-Type": "multipart/form-data; boundary=x"},
        timeout=120,
    )
    # The backend refuses the declared length at once (413 problem); should Caddy cut the body
    # off at max_size first, the Debian package (2.6) answers 502, later releases 413.
    assert response.status_code in (413, 502)
    assert response.status_code != 401
