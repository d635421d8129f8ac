from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from pms.db.base import Base, Timestamps
from pms.db.types import ExactDecimal

ASSET_CLASSES = (
    "'equity', 'etf', 'fund', 'bond', 'crypto', 'commodity', 'cash', 'real_estate', 'other'"
)


class Instrument(Timestamps, Base):
    """A tradable thing. Provider instruments (`owner_id` null) are a shared catalogue unique by
    (data_source, symbol); manual instruments belong to their owner and are unique per owner."""

    __tablename__ = "instruments"
    __table_args__ = (
        Index(
            "uq_instruments_provider_symbol",
            "data_source",
            "symbol",
            unique=True,
            postgresql_where=text("owner_id IS NULL"),
            sqlite_where=text("owner_id IS NULL"),
        ),
        Index(
            "uq_instruments_owner_symbol",
            "owner_id",
            "symbol",
            unique=True,
            postgresql_where=text("owner_id IS NOT NULL"),
            sqlite_where=text("owner_id IS NOT NULL"),
        ),
        Index("ix_instruments_isin", "isin"),
        CheckConstraint(f"asset_class IN ({ASSET_CLASSES})", name="asset_class"),
        CheckConstraint("data_source IN ('yahoo', 'manual')", name="data_source"),
        CheckConstraint(
            "(data_source = 'manual') = (owner_id IS NOT NULL)", name="manual_has_owner"
        ),
        CheckConstraint("length(currency) = 3", name="currency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    symbol: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    asset_class: Mapped[str] = mapped_column(String(16))
    data_source: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), default=None
    )
    sector: Mapped[str | None] = mapped_column(String(100), default=None)
    country: Mapped[str | None] = mapped_column(String(100), default=None)
    exchange: Mapped[str | None] = mapped_column(String(100), default=None)
    isin: Mapped[str | None] = mapped_column(String(12), default=None)


class Price(Base):
    """Close of one day as traded (not split- or dividend-adjusted), in the instrument's currency."""

    __tablename__ = "prices"
    __table_args__ = (CheckConstraint("CAST(close AS NUMERIC) >= 0", name="close_not_negative"),)

    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instruments.id", ondelete="CASCADE"), primary_key=True
    )
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    close: Mapped[Decimal] = mapped_column(ExactDecimal())
    open: Mapped[Decimal | None] = mapped_column(ExactDecimal(), default=None)
    high: Mapped[Decimal | None] = mapped_column(ExactDecimal(), default=None)
    low: Mapped[Decimal | None] = mapped_column(ExactDecimal(), default=None)
    volume: Mapped[Decimal | None] = mapped_column(ExactDecimal(), default=None)
    source: Mapped[str] = mapped_column(String(16), default="manual")


class UserPrice(Base):
    """A user's own close of an instrument on a day, as traded: used in that user's reports only,
    over the stored close of the same day (an override of a provider's close; anyone may keep
    their own)."""

    __tablename__ = "user_prices"
    __table_args__ = (CheckConstraint("CAST(close AS NUMERIC) >= 0", name="close_not_negative"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instruments.id", ondelete="CASCADE"), primary_key=True
    )
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    close: Mapped[Decimal] = mapped_column(ExactDecimal())


class Split(Base):
    """`numerator` new units for every `denominator` old ones, effective at the start of `date`."""

    __tablename__ = "splits"
    __table_args__ = (
        UniqueConstraint("instrument_id", "date"),
        CheckConstraint("numerator > 0", name="numerator_positive"),
        CheckConstraint("denominator > 0", name="denominator_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    numerator: Mapped[int] = mapped_column(Integer)
    denominator: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16), default="manual")


class DividendEvent(Base):
    """A dividend per unit announced by the provider (the user's own dividends are transactions)."""

    __tablename__ = "dividend_events"
    __table_args__ = (CheckConstraint("CAST(amount AS NUMERIC) >= 0", name="amount_not_negative"),)

    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instruments.id", ondelete="CASCADE"), primary_key=True
    )
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(String(3))
