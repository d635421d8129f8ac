"""The generated benchmark portfolio (`bench.generate`) in a PostgreSQL database of its own.

`prepare(url)` creates the database when it is missing, migrates it, and loads the data with
`COPY` unless the same data set is already there, so repeated benchmark runs start at once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url

from bench.generate import Dataset
from pms.db.migrate import upgrade
from pms.db.models import User
from pms.db.session import create_db_engine, make_session_factory, session_scope
from pms.services import auth

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/pms_bench"
PASSWORD = "benchmark password, not a secret"
#: Tables emptied before a fresh load (the rest cascade from them).
TABLES = ("users", "instruments", "fx_rates", "jobs")


@dataclass(frozen=True)
class BenchDatabase:
    url: str
    username: str
    user_id: int
    loaded_seconds: float | None  # None: the data was there already


def username_for(dataset: Dataset) -> str:
    """A name that identifies the data set: a different seed or size loads afresh."""
    return f"bench-{len(dataset.transactions)}-{dataset.price_count}-{dataset.end.isoformat()}"


def create_database_if_missing(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": parsed.database},
            )
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        admin.dispose()


def prepare(url: str, dataset: Dataset) -> BenchDatabase:
    create_database_if_missing(url)
    upgrade(url)
    engine = create_db_engine(url)
    username = username_for(dataset)
    try:
        with session_scope(make_session_factory(engine)) as session:
            user_id = session.scalar(select(User.id).where(User.username == username))
            count = (
                session.scalar(
                    text("SELECT count(*) FROM transactions WHERE user_id = :u"), {"u": user_id}
                )
                if user_id is not None
                else 0
            )
        if user_id is not None and count == len(dataset.transactions):
            return BenchDatabase(url, username, user_id, None)
        started = time.perf_counter()
        user_id = _load(engine, dataset, username)
        return BenchDatabase(url, username, user_id, time.perf_counter() - started)
    finally:
        engine.dispose()


def _load(engine: Engine, dataset: Dataset, username: str) -> int:
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    with session_scope(make_session_factory(engine)) as session:
        user = auth.register(session, username, PASSWORD, allow_signup=True, base_currency="EUR")
        user_id = user.id
    now = datetime.now(UTC)
    raw = engine.raw_connection()
    try:
        cursor: Any = raw.cursor()
        _copy(
            cursor,
            "accounts (id, user_id, name, kind, currency, track_cash, created_at, updated_at)",
            _account_rows(dataset, user_id, now),
        )
        _copy(
            cursor,
            "instruments (id, symbol, name, currency, asset_class, data_source, owner_id, sector,"
            " country, created_at, updated_at)",
            _instrument_rows(dataset, user_id, now),
        )
        _copy(
            cursor,
            "splits (instrument_id, date, numerator, denominator, source)",
            (
                (s.instrument_id, s.date, s.numerator, s.denominator, "manual")
                for s in dataset.splits
            ),
        )
        _copy(
            cursor,
            "prices (instrument_id, date, close, source)",
            ((p.instrument_id, p.date, p.close, "manual") for p in dataset.price_rows()),
        )
        _copy(
            cursor,
            "fx_rates (base, quote, date, rate, source)",
            ((r.base, r.quote, r.date, r.rate, "manual") for r in dataset.fx_rows()),
        )
        _copy(
            cursor,
            "transactions (id, user_id, account_id, instrument_id, type, date, quantity, price,"
            " amount, fee, tax, currency, fx_rate, transfer_id, created_at, updated_at)",
            _transaction_rows(dataset, user_id, now),
        )
        for table in ("accounts", "instruments", "splits", "transactions"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    return user_id


def _account_rows(dataset: Dataset, user_id: int, now: datetime) -> Iterator[tuple[Any, ...]]:
    for a in dataset.accounts:
        name = dataset.account_names[a.id]
        yield (a.id, user_id, name, "brokerage", a.currency, a.track_cash, now, now)


def _instrument_rows(dataset: Dataset, user_id: int, now: datetime) -> Iterator[tuple[Any, ...]]:
    for i in dataset.instruments:
        name = dataset.instrument_names[i.id]
        yield (
            i.id,
            i.symbol,
            name,
            i.currency,
            i.asset_class,
            "manual",
            user_id,
            i.sector,
            i.country,
            now,
            now,
        )


def _transaction_rows(dataset: Dataset, user_id: int, now: datetime) -> Iterator[tuple[Any, ...]]:
    for t in dataset.transactions:
        yield (
            t.id,
            user_id,
            t.account_id,
            t.instrument_id,
            t.type.value,
            t.date,
            t.quantity,
            t.price,
            t.amount,
            t.fee,
            t.tax,
            t.currency,
            t.fx_rate,
            t.transfer_id,
            now,
            now,
        )


def _copy(cursor: Any, target: str, rows: Iterable[tuple[Any, ...]]) -> None:
    with cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
