"""Fixtures for the self-hosting tests: the backend started by its container entry point, outside
Docker, against the real PostgreSQL and Redis, with the environment its image and compose.yaml
give it (only what must differ on this machine is overridden)."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis

from tests.conftest import (
    REDIS_TEST_URL,
    create_postgres_database,
    drop_postgres_database,
    postgres_available,
    require_service,
)
from tests.deploy import compose
from tests.deploy.dockerfile import BACKEND_DOCKERFILE, parse

BACKEND_DIR = compose.REPO_ROOT / "backend"
ENTRYPOINT = BACKEND_DIR / "docker-entrypoint.sh"
VENV_BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = 60.0
#: What compose.yaml must be given for interpolation to succeed (a required variable).
COMPOSE_SECRETS = {"POSTGRES_PASSWORD": "0123456789abcdef0123456789abcdef"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def redis_available() -> bool:
    try:
        client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=3)
        client.ping()
        client.close()
        return True
    except redis.RedisError:
        return False


def database_name(purpose: str) -> str:
    """Unique per checkout, xdist worker and purpose, so that parallel runs never collide."""
    checkout = hashlib.sha1(str(Path(__file__).resolve()).encode()).hexdigest()[:8]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"pms_deploy_{purpose}_{checkout}_{worker}"


def container_environment(*, port: int, data_dir: Path, database_url: str) -> dict[str, str]:
    """The backend container's environment — the image's ENV, then compose.yaml's `environment` —
    with only the addresses of this machine swapped in."""
    image_env = parse(BACKEND_DOCKERFILE).final.env({"PATH": "/usr/local/bin:/usr/bin:/bin"})
    service_env = compose.load(COMPOSE_SECRETS)["services"]["backend"]["environment"]
    env = {**image_env, **service_env}
    env.update(
        {
            # The venv of this checkout stands in for the image's /app/.venv.
            "PATH": f"{VENV_BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
            "HOME": str(data_dir),
            "PMS_DATA_DIR": str(data_dir),
            # Loopback instead of the container's 0.0.0.0: nothing here is meant for the network.
            "PMS_HOST": "127.0.0.1",
            "PMS_PORT": str(port),
            "PMS_DATABASE_URL": database_url,
            "PMS_REDIS_URL": REDIS_TEST_URL,
            "PMS_CACHE_PREFIX": f"pms-deploy-test-{uuid.uuid4().hex}",
            # Tests never go online for market data.
            "PMS_MARKET_REFRESH": "false",
        }
    )
    return env


@dataclass
class ServedBackend:
    """A backend process started by docker-entrypoint.sh."""

    process: subprocess.Popen[bytes]
    port: int
    env: dict[str, str]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, timeout: float = 30.0) -> int:
        """Stop it as `docker stop` does: SIGTERM, and wait."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise
        return self.process.returncode


def _started_workers(served: ServedBackend) -> int:
    """Workers that logged their start (the image logs JSON lines)."""
    return served.output().count('"event": "started"')


def start_backend(env: dict[str, str], workdir: Path) -> ServedBackend:
    """Run the entry point with no arguments, as the container does; wait until /health answers
    and every worker has started."""
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "backend.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(ENTRYPOINT)],
            env=env,
            cwd=workdir,  # no stray .env file from a checkout is read
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    served = ServedBackend(process=process, port=int(env["PMS_PORT"]), env=env, log=log)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the backend exited with {process.returncode}:\n{served.output()}")
        try:
            healthy = httpx.get(f"{served.url}/api/v1/health", timeout=2).status_code == 200
            if healthy and _started_workers(served) >= int(env["PMS_WORKERS"]):
                return served
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    served.stop()
    pytest.fail(f"the backend did not answer within {STARTUP_TIMEOUT}s:\n{served.output()}")


@pytest.fixture(scope="session")
def services_up() -> None:
    require_service(postgres_available(), "PostgreSQL")
    require_service(redis_available(), "Redis")


@pytest.fixture
def fresh_database(services_up: None, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database of its own for one test; its URL."""
    name = database_name(hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:6])
    url = create_postgres_database(name)
    yield url
    drop_postgres_database(name)


@pytest.fixture(scope="session")
def served_backend(
    services_up: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServedBackend]:
    """One backend for the session, on a fresh database, started by the container's entry point."""
    name = database_name("served")
    url = create_postgres_database(name)
    workdir = tmp_path_factory.mktemp("served-backend")
    env = container_environment(port=free_port(), data_dir=workdir / "data", database_url=url)
    served = start_backend(env, workdir)
    yield served
    served.stop()
    drop_postgres_database(name)
