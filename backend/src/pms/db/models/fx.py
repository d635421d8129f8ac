from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, String
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
