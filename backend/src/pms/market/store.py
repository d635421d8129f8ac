"""Writing market data: prices, splits, dividend events and exchange rates, upserted in batches on
SQLite and PostgreSQL alike. A row a user entered by hand (`source = 'manual'`) is never overwritten
by a provider."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pms.db.models import DividendEvent, FxRate, Price, Split
from pms.market.providers.base import Bar, Dividend, RatePoint, SplitEvent

BATCH = 500
MANUAL = "manual"


def _insert(session: Session, table: Table) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def _upsert(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str],
    *,
    replace: bool,
    protect_manual: bool = True,
) -> int:
    """Insert `rows`; on a key conflict update the other columns (`replace`) or keep what is there.
    Returns how many rows were written."""
    written = 0
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        statement = _insert(session, table).values(list(chunk))
        if replace:
            columns = [c for c in chunk[0] if c not in keys]
            where = table.c.source != MANUAL if protect_manual and "source" in table.c else None
            statement = statement.on_conflict_do_update(
                index_elements=list(keys),
                set_={c: statement.excluded[c] for c in columns},
                where=where,
            )
        else:
            statement = statement.on_conflict_do_nothing(index_elements=list(keys))
        # RETURNING lists the rows actually written (rowcount is not reliable across drivers).
        written += len(session.execute(statement.returning(table.c[keys[0]])).all())
    return written


def store_prices(
    session: Session,
    instrument_id: int,
    bars: Iterable[Bar],
    source: str,
    *,
    replace: bool = True,
) -> int:
    """Upsert daily prices. A provider (`source` other than manual) never overwrites a price
    entered by hand; a manual upload overwrites anything."""
    rows = [
        {
            "instrument_id": instrument_id,
            "date": bar.date,
            "close": bar.close,
            "open": bar.open,
            "high": bar.high,
            "low": bar.low,
            "volume": bar.volume,
            "source": source,
        }
        for bar in bars
    ]
    return _upsert(
        session,
        Price.__table__,  # type: ignore[arg-type]
        rows,
        ("instrument_id", "date"),
        replace=replace,
        protect_manual=source != MANUAL,
    )


def store_splits(
    session: Session,
    instrument_id: int,
    splits: Iterable[SplitEvent],
    source: str,
    *,
    replace: bool = True,
) -> int:
    rows = [
        {
            "instrument_id": instrument_id,
            "date": s.date,
            "numerator": s.numerator,
            "denominator": s.denominator,
            "source": source,
        }
        for s in splits
    ]
    return _upsert(session, Split.__table__, rows, ("instrument_id", "date"), replace=replace)  # type: ignore[arg-type]


def store_dividends(
    session: Session,
    instrument_id: int,
    dividends: Iterable[Dividend],
    currency: str,
    *,
    replace: bool = True,
) -> int:
    rows = [
        {"instrument_id": instrument_id, "date": d.date, "amount": d.amount, "currency": currency}
        for d in dividends
    ]
    return _upsert(
        session,
        DividendEvent.__table__,  # type: ignore[arg-type]
        rows,
        ("instrument_id", "date"),
        replace=replace,
        protect_manual=False,
    )


def store_rates(
    session: Session,
    base: str,
    quote: str,
    points: Iterable[RatePoint],
    source: str,
    *,
    replace: bool = True,
) -> int:
    rows = [
        {"base": base, "quote": quote, "date": p.date, "rate": p.rate, "source": source}
        for p in points
        if p.rate > 0
    ]
    return _upsert(session, FxRate.__table__, rows, ("base", "quote", "date"), replace=replace)  # type: ignore[arg-type]


def last_price_dates(
    session: Session, instrument_ids: Sequence[int], *, on_or_before: date | None = None
) -> dict[int, date]:
    if not instrument_ids:
        return {}
    query = select(Price.instrument_id, func.max(Price.date)).where(
        Price.instrument_id.in_(instrument_ids)
    )
    if on_or_before is not None:
        query = query.where(Price.date <= on_or_before)
    return dict(session.execute(query.group_by(Price.instrument_id)).all())


def last_rate_date(session: Session, base: str, quote: str) -> date | None:
    return session.scalar(
        select(func.max(FxRate.date)).where(FxRate.base == base, FxRate.quote == quote)
    )


def has_rates(session: Session, base: str, quote: str) -> bool:
    return last_rate_date(session, base, quote) is not None
