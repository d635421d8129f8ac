from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pms.db.base import Base
from pms.db.types import ExactDecimal


class FxRate(Base):
    """One `base` is worth `rate` units of `quote` at the close of `date`."""

    __tablename__ = "fx_rates"
    __table_args__ = (
        CheckConstraint("CAST(rate AS NUMERIC) > 0", name="rate_positive"),
        CheckConstraint("base <> quote", name="distinct_currencies"),
    )

    base: Mapped[str] = mapped_column(String(3), primary_key=True)
    quote: Mapped[str] = mapped_column(String(3), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    rate: Mapped[Decimal] = mapped_column(ExactDecimal())
    source: Mapped[str] = mapped_column(String(16), default="manual")


class UserFxRate(Base):
    """A user's own rate for a pair on a day: used in that user's reports only, over the shared
    rate of the same day (an override; anyone may keep their own)."""

    __tablename__ = "user_fx_rates"
    __table_args__ = (
        CheckConstraint("CAST(rate AS NUMERIC) > 0", name="rate_positive"),
        CheckConstraint("base <> quote", name="distinct_currencies"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    base: Mapped[str] = mapped_column(String(3), primary_key=True)
    quote: Mapped[str] = mapped_column(String(3), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    rate: Mapped[Decimal] = mapped_column(ExactDecimal())
