"""Insert-or-update of many rows in one statement per chunk, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

CHUNK_ROWS = 1000


def upsert_rows(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    keys: Sequence[str],
    update: Sequence[str],
) -> int:
    """Insert `rows`; where a row with the same `keys` exists, overwrite its `update` columns."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for start in range(0, len(rows), CHUNK_ROWS):
        statement = insert(table).values(list(rows[start : start + CHUNK_ROWS]))
        statement = statement.on_conflict_do_update(
            index_elements=list(keys),
            set_={name: statement.excluded[name] for name in update},
        )
        session.execute(statement)
    return len(rows)
