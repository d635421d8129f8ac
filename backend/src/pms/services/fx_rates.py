"""Daily FX rates: 1 `base` = `rate` `quote`. Shared market data, like provider prices (an
administrator's to write), and each user's own rates, used over the shared ones in that user's
reports only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from pms.cache import Cache
from pms.db.models import FxRate, User, UserFxRate
from pms.db.upsert import upsert_rows
from pms.errors import ValidationFailed
from pms.services.cache_versions import touch_ledger
from pms.services.dated_rows import dates_once
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
    seen = dates_once(rows)
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


# -- a user's own rates ----------------------------------------------------------------------------


def list_overrides(session: Session, user: User, base: str, quote: str) -> Sequence[UserFxRate]:
    return session.scalars(
        select(UserFxRate)
        .where(UserFxRate.user_id == user.id, UserFxRate.base == base, UserFxRate.quote == quote)
        .order_by(UserFxRate.date)
    ).all()


def put_overrides(
    session: Session, user: User, base: str, quote: str, rows: list[dict[str, Any]]
) -> list[UserFxRate]:
    """Insert or overwrite the user's own rates of a pair by date (any user: they count in that
    user's reports only)."""
    seen = dates_once(rows)
    upsert_rows(
        session,
        UserFxRate.__table__,  # type: ignore[arg-type]
        [
            {"user_id": user.id, "base": base, "quote": quote, "date": r["date"], "rate": r["rate"]}
            for r in rows
        ],
        keys=("user_id", "base", "quote", "date"),
        update=("rate",),
    )
    touch_ledger(session, user.id)
    stored = session.scalars(
        select(UserFxRate)
        .where(UserFxRate.user_id == user.id, UserFxRate.base == base, UserFxRate.quote == quote)
        .order_by(UserFxRate.date)
        .execution_options(populate_existing=True)
    )
    return [rate for rate in stored if rate.date in seen]


def delete_overrides(session: Session, user: User, base: str, quote: str, day: date | None) -> int:
    """Remove the user's own rates of a pair (of one day when `day` is given); how many went."""
    query = delete(UserFxRate).where(
        UserFxRate.user_id == user.id, UserFxRate.base == base, UserFxRate.quote == quote
    )
    if day is not None:
        query = query.where(UserFxRate.date == day)
    result = session.execute(query)
    removed = result.rowcount if isinstance(result, CursorResult) else 0
    touch_ledger(session, user.id)
    return int(removed)
