"""Daily FX rates: 1 `base` = `rate` `quote`. Shared market data, like provider prices."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pms.cache import Cache
from pms.db.models import FxRate, User
from pms.db.upsert import upsert_rows
from pms.errors import ValidationFailed
from pms.services.shared_data import ensure_may_write_rates


def check_pair(base: str, quote: str) -> None:
    if base == quote:
        raise ValidationFailed.for_field("quote", "must differ from base", "same_currency")


def list_rates(
    session: Session,
    base: str,
    quote: str,
    *,
    start: date | None,
    end: date | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[FxRate], int]:
    query = select(FxRate).where(FxRate.base == base, FxRate.quote == quote)
    if start:
        query = query.where(FxRate.date >= start)
    if end:
        query = query.where(FxRate.date <= end)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = session.scalars(query.order_by(FxRate.date).limit(limit).offset(offset)).all()
    return items, total


def put_rates(
    session: Session, cache: Cache, user: User, base: str, quote: str, rows: list[dict[str, Any]]
) -> list[FxRate]:
    ensure_may_write_rates(user)
    seen: dict[date, int] = {}
    for index, row in enumerate(rows):
        if row["date"] in seen:
            raise ValidationFailed.for_field(
                f"{index}.date", f"{row['date'].isoformat()} appears twice", "duplicate"
            )
        seen[row["date"]] = index
    upsert_rows(
        session,
        FxRate.__table__,  # type: ignore[arg-type]
        [
            {"base": base, "quote": quote, "date": r["date"], "rate": r["rate"], "source": "manual"}
            for r in rows
        ],
        keys=("base", "quote", "date"),
        update=("rate", "source"),
    )
    if not rows:
        return []
    stored = session.scalars(
        select(FxRate)
        .where(
            FxRate.base == base,
            FxRate.quote == quote,
            FxRate.date >= min(seen),
            FxRate.date <= max(seen),
        )
        .order_by(FxRate.date)
        .execution_options(populate_existing=True)
    )
    return [rate for rate in stored if rate.date in seen]
