"""Test fixtures: every API test runs against SQLite and the real PostgreSQL.

SQLite: a migrated template file is copied for each test. PostgreSQL: one database per xdist worker,
migrated once; each test runs inside a transaction that is rolled back (the app's commits become
savepoints). Under `CI=true` PostgreSQL and Redis must be reachable: an unreachable server fails the run
instead of skipping tests.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pms.cache import MemoryCache
from pms.db.migrate import upgrade
from pms.db.session import create_db_engine
from pms.main import create_app
from pms.market.context import MarketContext
from pms.market.providers.offline import OfflineProvider
from pms.market.runner import JobRunner
from pms.runtime import Runtime
from pms.services import passwords
from pms.settings import Settings

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get(
    "PMS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_TEST_URL = os.environ.get("PMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PASSWORD = "correct horse battery staple"


def _database_name() -> str:
    """Unique per checkout and xdist worker (and `PMS_TEST_DB_TAG`, for two runs in one checkout),
    so parallel runs never collide."""
    checkout = hashlib.sha1(str(Path(__file__).resolve()).encode()).hexdigest()[:8]
    tag = os.environ.get("PMS_TEST_DB_TAG", "")
    return f"pms_test_{checkout}{tag}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def postgres_available() -> bool:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except OperationalError:
        return False


def require_service(available: bool, name: str) -> None:
    """Skip locally when a server is down; under CI fail loudly."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{name} is not reachable and CI=true: start it (see README, Development)")
    pytest.skip(f"{name} is not reachable")


def create_postgres_database(name: str) -> str:
    """(Re)create an empty database `name` and return its URL."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(name: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2 at production cost makes every sign-up slow; tests use the cheapest parameters."""
    original = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    passwords._hasher = original


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "pms.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    require_service(postgres_available(), "PostgreSQL")
    name = _database_name()
    url = create_postgres_database(name)
    upgrade(url)
    yield url
    drop_postgres_database(name)


@dataclass
class Backend:
    """The database a test runs against, and how to open sessions on it."""

    name: str
    url: str
    engine: Any
    session_factory: sessionmaker[Session]
    connection: Connection | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "pms.db"
        shutil.copyfile(template, path)
        url = f"sqlite:///{path}"
        engine = create_db_engine(url)
        yield Backend("sqlite", url, engine, sessionmaker(bind=engine, expire_on_commit=False))
        engine.dispose()
        return
    url = request.getfixturevalue("postgres_url")
    engine = create_db_engine(url)
    connection = engine.connect()
    outer = connection.begin()
    factory = sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    yield Backend("postgresql", url, engine, factory, connection)
    outer.rollback()
    connection.close()
    engine.dispose()


@pytest.fixture
def settings(tmp_path: Path, backend: Backend) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=backend.url,
        secret_key="test-secret-key-that-is-long-enough-for-pms",
        allow_signup=True,
        static_dir=tmp_path / "no-spa",
        market_refresh=False,
    )


@pytest.fixture
def runtime(settings: Settings, backend: Backend) -> Runtime:
    cache = MemoryCache()
    # No test reaches the network: the market data provider is switched off, and background work
    # runs at once (tests/market/ swaps in a fake Yahoo).
    market = MarketContext(provider=OfflineProvider(), cache=cache, runner=JobRunner(inline=True))
    return Runtime(
        settings=settings,
        engine=backend.engine,
        session_factory=backend.session_factory,
        cache=cache,
        secret_key=settings.effective_secret_key,
        market_context=market,
    )


@pytest.fixture
def app(runtime: Runtime) -> FastAPI:
    return create_app(runtime=runtime)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def session(backend: Backend) -> Iterator[Session]:
    with backend.session_factory() as db_session:
        yield db_session


def sign_up(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Register `username`, sign in, and return the Authorization header."""
    response = client.post(
        "/api/v1/auth/register", json={"username": username, "password": password}
    )
    assert response.status_code == 201, response.text
    login = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert login.status_code == 200, login.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


@pytest.fixture
def make_user(client: TestClient) -> Callable[[str], dict[str, str]]:
    return lambda username: sign_up(client, username)


@pytest.fixture
def admin(client: TestClient) -> dict[str, str]:
    """Headers of the first user, who is the administrator."""
    return sign_up(client, "admin")


@pytest.fixture
def alice(client: TestClient, admin: dict[str, str]) -> dict[str, str]:
    return sign_up(client, "alice")


@pytest.fixture
def bob(client: TestClient, admin: dict[str, str]) -> dict[str, str]:
    return sign_up(client, "bob")
