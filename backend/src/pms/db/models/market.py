"""What the market-data refresh remembers: background jobs and, per instrument and per currency
pair, how the last fetch went (so that stale data can say why it is stale)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from pms.db.base import Base, utcnow
from pms.db.types import UTCDateTime

JOB_STATUSES = "'queued', 'running', 'done', 'failed'"
#: The rows of the partial unique index that allows one active refresh per user.
ACTIVE_REFRESH = text("kind = 'market_refresh' AND status IN ('queued', 'running')")
FETCH_STATES = (
    "'never_fetched', 'ok', 'unreachable', 'rate_limited', 'unknown_symbol', 'provider_error', "
    "'no_data', 'currency_mismatch', 'offline'"
)


class Job(Base):
    """A background task with progress, e.g. a market-data refresh. `user_id` is null for the
    scheduled refresh; a user sees only the jobs they started."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(f"status IN ({JOB_STATUSES})", name="status"),
        CheckConstraint("done >= 0 AND total >= 0", name="counts_not_negative"),
        Index("ix_jobs_user_id_created_at", "user_id", "created_at"),
        Index("ix_jobs_kind_created_at", "kind", "created_at"),
        # One refresh a user started may be queued or running at a time.
        Index(
            "uq_jobs_active_refresh",
            "user_id",
            unique=True,
            postgresql_where=ACTIVE_REFRESH,
            sqlite_where=ACTIVE_REFRESH,
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), default=None
    )
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    message: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class InstrumentMarketStatus(Base):
    """How fetching an instrument's prices from its provider last went.

    `fetched_from` is the earliest date a successful fetch asked for: history before it has not been
    requested yet, so a transaction older than it calls for a backfill. `backfill_from` is a backfill
    that was asked for and not yet done."""

    __tablename__ = "instrument_market_status"
    __table_args__ = (CheckConstraint(f"state IN ({FETCH_STATES})", name="state"),)

    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instruments.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(32), default="never_fetched")
    message: Mapped[str | None] = mapped_column(Text, default=None)
    fetched_from: Mapped[date | None] = mapped_column(Date, default=None)
    backfill_from: Mapped[date | None] = mapped_column(Date, default=None)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class FxMarketStatus(Base):
    """How fetching one currency pair's daily rates last went (the same fields as for instruments)."""

    __tablename__ = "fx_market_status"
    __table_args__ = (CheckConstraint(f"state IN ({FETCH_STATES})", name="state"),)

    base: Mapped[str] = mapped_column(String(3), primary_key=True)
    quote: Mapped[str] = mapped_column(String(3), primary_key=True)
    state: Mapped[str] = mapped_column(String(32), default="never_fetched")
    message: Mapped[str | None] = mapped_column(Text, default=None)
    fetched_from: Mapped[date | None] = mapped_column(Date, default=None)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
