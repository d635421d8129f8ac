from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from pms.db import models  # noqa: F401 - registers the tables
from pms.db.base import Base
from pms.db.migrate import downgrade, upgrade
from tests.conftest import (
    create_postgres_database,
    drop_postgres_database,
    postgres_available,
    require_service,
)

TABLES = {
    "users",
    "auth_tokens",
    "accounts",
    "instruments",
    "prices",
    "splits",
    "dividend_events",
    "fx_rates",
    "transactions",
}


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    require_service(postgres_available(), "PostgreSQL")
    name = "pms_migration_roundtrip"
    url = create_postgres_database(name)
    yield url
    drop_postgres_database(name)


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _differences(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_postgres_upgrades_from_empty_to_head_and_back_to_base(empty_postgres: str) -> None:
    upgrade(empty_postgres)
    assert _tables(empty_postgres) >= TABLES
    assert _differences(empty_postgres) == []
    downgrade(empty_postgres)
    assert _tables(empty_postgres) == set()
    upgrade(empty_postgres)  # and up again: the downgrade left nothing behind
    assert _tables(empty_postgres) >= TABLES


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_sqlite_upgrades_and_matches_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pms.db'}"
    upgrade(url)
    assert _tables(url) >= TABLES
    assert _differences(url) == []
    downgrade(url)
    assert _tables(url) == set()
