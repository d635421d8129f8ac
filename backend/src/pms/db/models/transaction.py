from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pms.db.base import Base, Timestamps
from pms.db.types import ExactDecimal
from pms.ledger_limits import EXTERNAL_ID_LENGTH, TRANSFER_ID_LENGTH

TRANSACTION_TYPES = (
    "'BUY', 'SELL', 'DIVIDEND', 'INTEREST', 'FEE', 'TAX', 'DEPOSIT', 'WITHDRAWAL', "
    "'TRANSFER_IN', 'TRANSFER_OUT'"
)


class Transaction(Timestamps, Base):
    """One entry of the ledger. Amounts are in `currency`; within a day entries apply in id order."""

    __tablename__ = "transactions"
    __table_args__ = (
        UniqueConstraint("account_id", "external_id"),
        Index("ix_transactions_user_date", "user_id", "date", "id"),
        Index("ix_transactions_account_date", "account_id", "date"),
        Index("ix_transactions_instrument_date", "instrument_id", "date"),
        Index("ix_transactions_transfer_id", "transfer_id"),
        CheckConstraint(f"type IN ({TRANSACTION_TYPES})", name="type"),
        CheckConstraint(
            "quantity IS NULL OR CAST(quantity AS NUMERIC) > 0", name="quantity_positive"
        ),
        CheckConstraint("price IS NULL OR CAST(price AS NUMERIC) >= 0", name="price_not_negative"),
        CheckConstraint(
            "amount IS NULL OR CAST(amount AS NUMERIC) >= 0", name="amount_not_negative"
        ),
        CheckConstraint("CAST(fee AS NUMERIC) >= 0", name="fee_not_negative"),
        CheckConstraint("CAST(tax AS NUMERIC) >= 0", name="tax_not_negative"),
        CheckConstraint("fx_rate IS NULL OR CAST(fx_rate AS NUMERIC) > 0", name="fx_rate_positive"),
        CheckConstraint("length(currency) = 3", name="currency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    instrument_id: Mapped[int | None] = mapped_column(
        ForeignKey("instruments.id", ondelete="RESTRICT"), default=None
    )
    type: Mapped[str] = mapped_column(String(16))
    date: Mapped[date] = mapped_column(Date)
    quantity: Mapped[Decimal | None] = mapped_column(ExactDecimal(), default=None)
    price: Mapped[Decimal | None] = mapped_column(ExactDecimal(), default=None)
    amount: Mapped[Decimal | None] = mapped_column(ExactDecimal(), default=None)
    fee: Mapped[Decimal] = mapped_column(ExactDecimal(), default=Decimal(0))
    tax: Mapped[Decimal] = mapped_column(ExactDecimal(), default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3))
    fx_rate: Mapped[Decimal | None] = mapped_column(ExactDecimal(), default=None)
    transfer_id: Mapped[str | None] = mapped_column(String(TRANSFER_ID_LENGTH), default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    external_id: Mapped[str | None] = mapped_column(String(EXTERNAL_ID_LENGTH), default=None)
