"""Writing an import's rows in bulk: COPY on PostgreSQL, multi-row INSERT on SQLite."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any, cast

import psycopg
from sqlalchemy import Table, insert, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pms.db.models import Transaction
from pms.db.upsert import CHUNK_ROWS, upsert_rows
from pms.errors import Conflict, ValidationFailed
from pms.services import cache_versions
from pms.services.imports.locale_values import quantize


def insert_transactions(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ledger rows in the given order; their ids in the same order.

    PostgreSQL gets ids from the table's sequence and the rows by COPY: an INSERT of many rows
    with RETURNING is several times slower there (the driver parses one huge statement per
    batch). SQLite takes a multi-row INSERT … RETURNING."""
    table = cast(Table, Transaction.__table__)
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.scalars(statement, rows))
    ids = sorted(
        session.scalars(
            text(
                "SELECT nextval(pg_get_serial_sequence('transactions', 'id')) "
                "FROM generate_series(1, :n)"
            ),
            {"n": len(rows)},
        )
    )
    columns = ["id", *rows[0]]
    # COPY goes past the session's hooks: mark the ledgers it writes for the cached results.
    for user_id in {row["user_id"] for row in rows}:
        cache_versions.touch_ledger(session, user_id)
    driver = connection.connection.driver_connection
    assert driver is not None
    try:
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY transactions ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for txn_id, row in zip(ids, rows, strict=True):
                copy.write_row([txn_id, *(_copy_value(v) for v in row.values())])
    except psycopg.errors.IntegrityError as exc:
        raise Conflict(
            detail="the import conflicts with data stored meanwhile; nothing was written"
        ) from exc
    except psycopg.Error as exc:
        raise ValidationFailed.for_field(
            "file", f"a value cannot be stored ({exc.diag.message_primary})", "storage"
        ) from exc
    return ids


def _copy_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return quantize(value)
    if isinstance(value, StrEnum):
        return value.value
    return value


def insert_rows(
    session: Session,
    model: Any,
    rows: list[dict[str, Any]],
    keys: tuple[str, ...],
    *,
    overwrite: bool,
) -> int:
    if not rows:
        return 0
    if overwrite:
        columns = [c for c in rows[0] if c not in keys]
        return upsert_rows(session, model.__table__, rows, keys=keys, update=columns)
    dialect = session.get_bind().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    written = 0
    for start in range(0, len(rows), CHUNK_ROWS):
        statement = make(model.__table__).values(rows[start : start + CHUNK_ROWS])
        result = session.execute(statement.on_conflict_do_nothing(index_elements=list(keys)))
        written += max(getattr(result, "rowcount", 0) or 0, 0)
    return written
