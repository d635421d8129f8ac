"""A database that is down, locked or slow answers 503 "retry" with Retry-After, never a 500 and
never a hang; genuine errors stay 500. The SQLite file is owner-only."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg.errors
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from pms.api.problems import database_trouble
from pms.cache import MemoryCache
from pms.db.session import create_db_engine, make_session_factory
from pms.main import create_app
from pms.market.context import MarketContext
from pms.market.providers.offline import OfflineProvider
from pms.market.runner import JobRunner
from pms.runtime import Runtime
from pms.settings import Settings
from tests.conftest import sign_up

SECRET = "test-secret-key-that-is-long-enough-for-pms"


def _settings(tmp_path: Path, database_url: str, **overrides: object) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        secret_key=SECRET,
        allow_signup=True,
        static_dir=tmp_path / "no-spa",
        market_refresh=False,
        market_offline=True,
        **overrides,  # type: ignore[arg-type]
    )


def _runtime(settings: Settings, engine: Engine) -> Runtime:
    cache = MemoryCache()
    market = MarketContext(provider=OfflineProvider(), cache=cache, runner=JobRunner(inline=True))
    return Runtime(
        settings=settings,
        engine=engine,
        session_factory=make_session_factory(engine),
        cache=cache,
        secret_key=SECRET,
        market_context=market,
    )


def _assert_retry(response: Any, title: str) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) > 0
    assert response.json()["title"] == title


# --- health -----------------------------------------------------------------------------------------


def test_health_answers_503_quickly_when_the_database_is_down(tmp_path: Path) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:1/pms"
    runtime = _runtime(_settings(tmp_path, url), create_db_engine(url))
    with TestClient(create_app(runtime=runtime), raise_server_exceptions=False) as client:
        started = time.monotonic()
        response = client.get("/api/v1/health")
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert elapsed < 5
        body = response.json()
        assert body["status"] == "down"
        assert body["database"] == {
            "status": "down",
            "backend": "postgresql",
            "detail": "unreachable",
        }
        # An API call is a 503 "database unavailable" as well, not a 500.
        _assert_retry(client.get("/api/v1/auth/status"), "Database unavailable")
    runtime.engine.dispose()


# --- SQLite ----------------------------------------------------------------------------------------


@pytest.fixture
def sqlite_runtime(tmp_path: Path, sqlite_template: Path) -> Iterator[Runtime]:
    path = tmp_path / "pms.db"
    shutil.copyfile(sqlite_template, path)
    settings = _settings(tmp_path, f"sqlite:///{path}", db_busy_timeout_seconds=0.3)
    built = Runtime.build(settings, cache=MemoryCache())
    yield built
    built.close()


def test_a_write_behind_another_sqlite_writer_answers_busy_after_the_busy_timeout(
    sqlite_runtime: Runtime,
) -> None:
    database = sqlite_runtime.engine.url.database
    assert database
    with TestClient(create_app(runtime=sqlite_runtime), raise_server_exceptions=False) as client:
        headers = sign_up(client, "admin")
        writer = sqlite3.connect(database, isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")
            started = time.monotonic()
            response = client.post(
                "/api/v1/accounts", headers=headers, json={"name": "Broker", "currency": "EUR"}
            )
            elapsed = time.monotonic() - started
        finally:
            writer.execute("ROLLBACK")
            writer.close()
        _assert_retry(response, "Busy, retry")
        assert "busy" in response.json()["detail"]
        assert 0.3 <= elapsed < 5
        # Reads go on meanwhile, and the write succeeds once the other writer is done.
        created = client.post(
            "/api/v1/accounts", headers=headers, json={"name": "Broker", "currency": "EUR"}
        )
        assert created.status_code == 201, created.text


def test_sqlite_connections_use_the_configured_busy_timeout_and_wal(
    sqlite_runtime: Runtime,
) -> None:
    with sqlite_runtime.engine.connect() as conn:
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 300
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_the_sqlite_database_and_its_wal_are_owner_only(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        settings = _settings(tmp_path, "", db_busy_timeout_seconds=0.3)
        settings.database_url = None  # embedded: the file in the data directory
        runtime = Runtime.build(settings, cache=MemoryCache())
        try:
            path = settings.data_dir / "pms.db"
            with runtime.engine.begin() as conn:
                conn.execute(text("CREATE TABLE probe (x INTEGER)"))
                conn.execute(text("INSERT INTO probe VALUES (1)"))
                for suffix in ("", "-wal", "-shm"):
                    companion = path.with_name(path.name + suffix)
                    assert stat.S_IMODE(companion.stat().st_mode) == 0o600, suffix
        finally:
            runtime.close()
    finally:
        os.umask(old_umask)


def test_an_existing_world_readable_sqlite_file_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    engine = create_db_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# --- PostgreSQL ------------------------------------------------------------------------------------


def test_a_pool_timeout_answers_busy(tmp_path: Path, postgres_url: str) -> None:
    engine = create_engine(postgres_url, pool_size=1, max_overflow=0, pool_timeout=0.3)
    runtime = _runtime(_settings(tmp_path, postgres_url), engine)
    held = engine.connect()  # every pooled connection is in use
    try:
        with TestClient(create_app(runtime=runtime), raise_server_exceptions=False) as client:
            started = time.monotonic()
            response = client.get("/api/v1/auth/status")
            assert time.monotonic() - started < 5
            _assert_retry(response, "Busy, retry")
    finally:
        held.close()
        engine.dispose()


def test_a_statement_timeout_answers_busy(tmp_path: Path, postgres_url: str) -> None:
    engine = create_engine(postgres_url, connect_args={"options": "-c statement_timeout=300"})
    runtime = _runtime(_settings(tmp_path, postgres_url), engine)
    locker = create_engine(postgres_url).connect()
    tx = locker.begin()
    locker.execute(text("LOCK TABLE users IN ACCESS EXCLUSIVE MODE"))
    # Without a statement timeout the request would wait for this lock: let it go after a while.
    release = threading.Timer(8, tx.rollback)
    release.start()
    try:
        with TestClient(create_app(runtime=runtime), raise_server_exceptions=False) as client:
            started = time.monotonic()
            response = client.get("/api/v1/auth/status")
            assert time.monotonic() - started < 5
            _assert_retry(response, "Busy, retry")
    finally:
        release.cancel()
        if tx.is_active:
            tx.rollback()
        locker.close()
        locker.engine.dispose()
        engine.dispose()


def test_the_runtime_applies_the_statement_timeout_setting(
    tmp_path: Path, postgres_url: str
) -> None:
    runtime = Runtime.build(
        _settings(tmp_path, postgres_url, db_statement_timeout_seconds=12.5), cache=MemoryCache()
    )
    try:
        with runtime.engine.connect() as conn:
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "12500ms"
        assert runtime.engine.pool.timeout() == 5.0  # type: ignore[attr-defined]
    finally:
        runtime.close()


# --- classification ---------------------------------------------------------------------------------


def _wrapped(orig: Exception, kind: type[DBAPIError] = OperationalError) -> Exception:
    return kind("SELECT 1", {}, orig)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (_wrapped(psycopg.errors.DeadlockDetected("deadlock detected")), "busy"),
        (_wrapped(psycopg.errors.SerializationFailure("could not serialize")), "busy"),
        (_wrapped(psycopg.errors.LockNotAvailable("could not obtain lock")), "busy"),
        (_wrapped(psycopg.errors.QueryCanceled("statement timeout")), "busy"),
        (_wrapped(psycopg.OperationalError("connection refused")), "unavailable"),
        (_wrapped(psycopg.errors.AdminShutdown("terminating connection")), "unavailable"),
        (_wrapped(sqlite3.OperationalError("database is locked")), "busy"),
        (_wrapped(sqlite3.OperationalError("unable to open database file")), "unavailable"),
        (_wrapped(sqlite3.OperationalError("no such table: nope")), None),
        (_wrapped(psycopg.errors.UndefinedTable("no such table"), ProgrammingError), None),
        (ValueError("not a database error"), None),
    ],
)
def test_database_errors_are_told_apart(error: Exception, expected: str | None) -> None:
    assert database_trouble(error) == expected


def _app_raising(runtime: Runtime, error: Exception) -> FastAPI:
    app = create_app(runtime=runtime)

    def boom() -> None:
        raise error

    app.add_api_route("/api/v1/test-boom", boom)
    return app


def test_a_deadlock_answers_busy_and_a_programming_error_stays_500(runtime: Runtime) -> None:
    deadlock = _wrapped(psycopg.errors.DeadlockDetected("deadlock detected"))
    with TestClient(_app_raising(runtime, deadlock), raise_server_exceptions=False) as busy:
        _assert_retry(busy.get("/api/v1/test-boom"), "Busy, retry")
    bug = _wrapped(sqlite3.OperationalError("no such column: nope"))
    with TestClient(_app_raising(runtime, bug), raise_server_exceptions=False) as broken:
        response = broken.get("/api/v1/test-boom")
        assert response.status_code == 500
        assert response.json()["title"] == "Internal server error"
