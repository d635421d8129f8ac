"""Engine and session factory. One engine per process; one session (and transaction) per request.

Every wait on the database is bounded, so that a request answers 503 "retry" instead of hanging:
connecting (`connect_timeout`), one statement (PostgreSQL `statement_timeout`; migrations run
without one), a connection from the pool (`pool_timeout`) and, in SQLite, another writer
(`busy_timeout`). An SQLite database file is created readable by its owner only (0600); SQLite
gives its `-wal` and `-shm` files the mode of the database file.
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_POOL_TIMEOUT = 5.0
DEFAULT_BUSY_TIMEOUT = 5.0
_SQLITE_FILES = ("", "-wal", "-shm", "-journal")


def _configure_sqlite(busy_timeout_ms: int, dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _owner_only_sqlite_file(path: Path) -> None:
    """Create the database file with mode 0600 before SQLite does (it would use 0644), and take
    group and other access away from an existing one and its companion files."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError:
        return  # e.g. a missing directory: SQLite reports it on connect
    for suffix in _SQLITE_FILES:
        companion = path.with_name(path.name + suffix)
        try:
            mode = stat.S_IMODE(companion.stat().st_mode)
            if mode & 0o077:
                companion.chmod(mode & 0o700)
        except OSError:
            continue


def _postgres_options(parsed_options: object, statement_timeout: float | None) -> str | None:
    options = parsed_options if isinstance(parsed_options, str) else ""
    if statement_timeout:
        options = f"{options} -c statement_timeout={math.ceil(statement_timeout * 1000)}".strip()
    return options or None


def create_db_engine(
    url: str,
    *,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    statement_timeout: float | None = None,
    pool_timeout: float = DEFAULT_POOL_TIMEOUT,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    **kwargs: Any,
) -> Engine:
    """An engine for `url` with what each backend needs to behave (foreign keys on in SQLite) and
    bounded waits. `statement_timeout` (seconds; PostgreSQL) is off unless given."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        memory = database in ("", ":memory:")
        options: dict[str, Any] = {
            "connect_args": {"check_same_thread": False, "timeout": busy_timeout}
        }
        if memory:
            options["poolclass"] = StaticPool
        else:
            if not database.startswith("file:"):
                _owner_only_sqlite_file(Path(database))
            options["pool_timeout"] = pool_timeout
        engine = create_engine(url, **options, **kwargs)
        event.listen(engine, "connect", partial(_configure_sqlite, int(busy_timeout * 1000)))
        return engine
    connect_args: dict[str, Any] = {"connect_timeout": max(1, math.ceil(connect_timeout))}
    if parsed.get_backend_name() == "postgresql":
        pg_options = _postgres_options(parsed.query.get("options"), statement_timeout)
        if pg_options:
            connect_args["options"] = pg_options
    connect_args.update(kwargs.pop("connect_args", {}))
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=kwargs.pop("pool_size", 10),
        max_overflow=kwargs.pop("max_overflow", 20),
        pool_timeout=pool_timeout,
        connect_args=connect_args,
        **kwargs,
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work: commit when the block succeeds, roll back when it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
