"""The backend container's entry point, run outside Docker against the real PostgreSQL and Redis:
it migrates a fresh database, serves with several workers, reports health, stops on SIGTERM, and
what it stored is there after a restart."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from pms import __version__
from pms.db.migrate import alembic_config
from tests.deploy.conftest import (
    ENTRYPOINT,
    ServedBackend,
    container_environment,
    free_port,
    start_backend,
)

PASSWORD = "correct horse battery staple"


def _run_entrypoint(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ENTRYPOINT), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def _worker_processes(parent: int) -> list[str]:
    """Command lines of the uvicorn workers (spawned children) of process `parent`."""
    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[1]) == parent and "spawn_main" in cmdline:
            workers.append(cmdline)
    return workers


def test_a_fresh_database_is_migrated_and_health_reports_postgresql_and_redis(
    served_backend: ServedBackend,
) -> None:
    response = httpx.get(f"{served_backend.url}/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": {"status": "ok", "backend": "postgresql", "detail": ""},
        "cache": {"status": "ok", "backend": "redis", "detail": "connected"},
        "version": __version__,
    }
    database_url = served_backend.env["PMS_DATABASE_URL"]
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    engine = create_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head
    engine.dispose()


def test_the_server_runs_the_configured_number_of_workers(served_backend: ServedBackend) -> None:
    expected = int(served_backend.env["PMS_WORKERS"])
    assert expected == 2
    # uvicorn replaces a worker that is slow to answer its supervisor; allow for one in flight.
    deadline = time.monotonic() + 20
    while len(workers := _worker_processes(served_backend.process.pid)) != expected:
        assert time.monotonic() < deadline, workers
        time.sleep(0.5)


def test_the_backend_serves_the_api_and_leaves_the_web_app_to_the_proxy(
    served_backend: ServedBackend,
) -> None:
    spec = httpx.get(f"{served_backend.url}/api/openapi.json")
    assert spec.status_code == 200
    assert "/api/v1/health" in spec.json()["paths"]
    # PMS_STATIC_DIR points nowhere: no SPA route, `/` is not found.
    assert httpx.get(f"{served_backend.url}/").status_code == 404
    assert httpx.get(f"{served_backend.url}/holdings/5").status_code == 404


def test_the_logs_are_json_lines(served_backend: ServedBackend) -> None:
    lines = [line for line in served_backend.output().splitlines() if line.startswith("{")]
    events = [json.loads(line)["event"] for line in lines]
    assert "migrated" in events
    assert events.count("started") >= 2  # once per worker (more if one was replaced)


def test_healthcheck_passes_against_the_running_server(
    served_backend: ServedBackend, tmp_path: Path
) -> None:
    result = _run_entrypoint("healthcheck", env=served_backend.env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"healthy: cache redis, version {__version__}"


def test_healthcheck_fails_when_nothing_answers(
    served_backend: ServedBackend, tmp_path: Path
) -> None:
    env = {**served_backend.env, "PMS_PORT": str(free_port())}
    result = _run_entrypoint("healthcheck", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "unhealthy" in result.stderr


@pytest.fixture
def health_stub() -> Iterator[int]:
    """A server on loopback that answers /api/v1/health with the database down."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps(
                {
                    "status": "down",
                    "database": {"status": "down", "backend": "postgresql", "detail": "x"},
                    "cache": {"status": "ok", "backend": "redis", "detail": ""},
                    "version": "0",
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_healthcheck_fails_when_the_database_is_down(
    served_backend: ServedBackend, health_stub: int, tmp_path: Path
) -> None:
    env = {**served_backend.env, "PMS_PORT": str(health_stub)}
    result = _run_entrypoint("healthcheck", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "unhealthy: database" in result.stderr


def test_other_commands_run_in_place_of_the_server(
    served_backend: ServedBackend, tmp_path: Path
) -> None:
    help_text = _run_entrypoint("pms", "--help", env=served_backend.env, cwd=tmp_path)
    assert help_text.returncode == 0
    assert "serve" in help_text.stdout
    # Migrating an up-to-date database again changes nothing and succeeds.
    again = _run_entrypoint("pms", "migrate", env=served_backend.env, cwd=tmp_path)
    assert again.returncode == 0, again.stderr


def test_an_unreachable_database_is_retried_then_given_up(tmp_path: Path) -> None:
    closed = free_port()
    env = container_environment(
        port=free_port(),
        data_dir=tmp_path / "data",
        database_url=f"postgresql+psycopg://pms:x@127.0.0.1:{closed}/pms",
    )
    env.update({"PMS_MIGRATE_ATTEMPTS": "2", "PMS_MIGRATE_DELAY_SECONDS": "0"})
    result = _run_entrypoint(env=env, cwd=tmp_path)
    assert result.returncode != 0
    assert "migration failed (attempt 1 of 2); retrying in 0s" in result.stderr
    assert "migration failed 2 times; giving up" in result.stderr
    assert "Uvicorn running" not in result.stderr + result.stdout


def test_a_stop_is_graceful_and_data_and_sessions_survive_a_restart(
    fresh_database: str, tmp_path: Path
) -> None:
    """`docker compose down && up`: the same database and data volume, a new process."""
    data_dir = tmp_path / "volume"
    env = container_environment(port=free_port(), data_dir=data_dir, database_url=fresh_database)
    first = start_backend(env, tmp_path / "first")
    credentials = {"username": "admin", "password": PASSWORD}
    assert httpx.post(f"{first.url}/api/v1/auth/register", json=credentials).status_code == 201
    login = httpx.post(f"{first.url}/api/v1/auth/login", json=credentials)
    assert login.status_code == 200
    token = login.json()["access_token"]
    assert first.stop() == 0  # SIGTERM, as `docker stop` sends: a clean exit
    # With PMS_SECRET_KEY empty, the key was generated into the data volume.
    assert (data_dir / "secret_key").stat().st_mode & 0o777 == 0o600

    second = start_backend(env, tmp_path / "second")
    try:
        me = httpx.get(f"{second.url}/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, me.text
        assert me.json()["username"] == "admin"
        assert me.json()["role"] == "admin"
        again = httpx.post(f"{second.url}/api/v1/auth/login", json=credentials)
        assert again.status_code == 200
    finally:
        assert second.stop() == 0
    assert "Running upgrade" not in second.output()  # the schema was already there
