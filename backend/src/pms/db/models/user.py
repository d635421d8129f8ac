from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from pms.db.base import Base, Timestamps
from pms.db.types import ExactDecimal, UTCDateTime
from pms.enums import CostBasisMethod, Role, Theme
from pms.ledger_limits import LOCALE_LENGTH


class User(Timestamps, Base):
    __tablename__ = "users"
    __table_args__ = (
        Index("uq_users_username_lower", text("lower(username)"), unique=True),
        CheckConstraint("role IN ('admin', 'user')", name="role"),
        CheckConstraint(
            "cost_basis_method IN ('fifo', 'lifo', 'hifo', 'average')", name="cost_basis_method"
        ),
        CheckConstraint("long_term_days BETWEEN 0 AND 36500", name="long_term_days"),
        CheckConstraint("length(tax_year_start) = 5", name="tax_year_start"),
        CheckConstraint("theme IN ('system', 'light', 'dark')", name="theme"),
        CheckConstraint("length(base_currency) = 3", name="base_currency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.USER)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    base_currency: Mapped[str] = mapped_column(String(3), default="EUR")
    cost_basis_method: Mapped[str] = mapped_column(String(16), default=CostBasisMethod.FIFO)
    theme: Mapped[str] = mapped_column(String(16), default=Theme.SYSTEM)
    locale: Mapped[str | None] = mapped_column(String(LOCALE_LENGTH), default=None)
    risk_free_rate: Mapped[Decimal] = mapped_column(ExactDecimal(), default=Decimal(0))
    #: A sale of a lot held more than this many days is long-term; 0: no distinction.
    long_term_days: Mapped[int] = mapped_column(Integer, default=365, server_default="365")
    #: The first day of the user's tax year, "MM-DD" ("04-06" in the UK).
    tax_year_start: Mapped[str] = mapped_column(String(5), default="01-01", server_default="01-01")


class AuthToken(Base):
    """A bearer/session token. Only its keyed hash is stored; logout revokes it."""

    __tablename__ = "auth_tokens"
    __table_args__ = (Index("ix_auth_tokens_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
