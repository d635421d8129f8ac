"""A real server on loopback over a real PostgreSQL database, for requests made truly in parallel.

The API tests share one connection per test (rolled back at the end), which serialises everything;
races only show with a connection pool and concurrent requests. Each test here gets a database of its
own, copied from a migrated template, and a uvicorn server on 127.0.0.1 in a background thread.
"""

from __future__ import annotations

import hashlib
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pms.cache import MemoryCache
from pms.db.migrate import upgrade
from pms.main import create_app
from pms.market.context import MarketContext
from pms.market.providers.offline import OfflineProvider
from pms.market.runner import JobRunner
from pms.runtime import Runtime
from pms.settings import Settings
from tests.conftest import (
    PASSWORD,
    PG_ADMIN_URL,
    create_postgres_database,
    drop_postgres_database,
    postgres_available,
    require_service,
)

#: No request here may take longer than this: a hang fails the test instead of the run.
REQUEST_TIMEOUT = 30.0


def _name(kind: str) -> str:
    checkout = hashlib.sha1(str(Path(__file__).resolve()).encode()).hexdigest()[:8]
    tag = os.environ.get("PMS_TEST_DB_TAG", "")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"pms_live_{kind}_{checkout}{tag}_{worker}"


@pytest.fixture(scope="session")
def live_template() -> Iterator[str]:
    """The name of a migrated database that each test's database is copied from."""
    require_service(postgres_available(), "PostgreSQL")
    name = _name("tpl")
    upgrade(create_postgres_database(name))
    yield name
    drop_postgres_database(name)


@pytest.fixture
def live_database(live_template: str) -> Iterator[str]:
    name = _name("db")
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{live_template}"'))
    admin.dispose()
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    drop_postgres_database(name)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class LiveServer:
    """A running PMS on loopback, and helpers to call it from many threads at once."""

    url: str
    runtime: Runtime

    def client(self, headers: dict[str, str] | None = None) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=headers, timeout=REQUEST_TIMEOUT)

    def sign_up(self, username: str, password: str = PASSWORD) -> dict[str, str]:
        with self.client() as client:
            created = client.post(
                "/api/v1/auth/register", json={"username": username, "password": password}
            )
            assert created.status_code == 201, created.text
            login = client.post(
                "/api/v1/auth/login", json={"username": username, "password": password}
            )
            assert login.status_code == 200, login.text
            return {"Authorization": f"Bearer {login.json()['access_token']}"}

    def parallel(
        self, calls: Sequence[Callable[[httpx.Client], httpx.Response]]
    ) -> list[httpx.Response]:
        """Run every call at the same moment, each on its own connection; the responses in order."""
        barrier = threading.Barrier(len(calls))

        def run(call: Callable[[httpx.Client], httpx.Response]) -> httpx.Response:
            with self.client() as client:
                barrier.wait(timeout=REQUEST_TIMEOUT)
                return call(client)

        with ThreadPoolExecutor(max_workers=len(calls)) as pool:
            return list(pool.map(run, calls))


def _serve(app: Any, port: int) -> tuple[uvicorn.Server, threading.Thread]:
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.02)
    return server, thread


@pytest.fixture
def live_settings(tmp_path: Path, live_database: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=live_database,
        secret_key="test-secret-key-that-is-long-enough-for-pms",
        allow_signup=True,
        static_dir=tmp_path / "no-spa",
        market_refresh=False,
    )


@pytest.fixture
def live(live_settings: Settings) -> Iterator[LiveServer]:
    """A server over this test's own PostgreSQL database (an in-process cache, no network)."""
    built = Runtime.build(live_settings, cache=MemoryCache())
    cache = built.cache
    market = MarketContext(provider=OfflineProvider(), cache=cache, runner=JobRunner(inline=True))
    runtime = Runtime(
        settings=live_settings,
        engine=built.engine,
        session_factory=built.session_factory,
        cache=cache,
        secret_key=built.secret_key,
        market_context=market,
    )
    port = _free_port()
    server, thread = _serve(create_app(runtime=runtime), port)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", runtime)
    finally:
        server.should_exit = True
        thread.join(timeout=REQUEST_TIMEOUT)
        runtime.close()
