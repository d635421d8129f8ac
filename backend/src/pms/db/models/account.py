from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pms.db.base import Base, Timestamps


class Account(Timestamps, Base):
    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("user_id", "name"),
        CheckConstraint(
            "kind IN ('brokerage', 'retirement', 'crypto', 'cash', 'other')", name="kind"
        ),
        CheckConstraint("length(currency) = 3", name="currency"),
        CheckConstraint(
            "cost_basis_method IS NULL OR cost_basis_method IN ('fifo', 'lifo', 'hifo', 'average')",
            name="cost_basis_method",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    currency: Mapped[str] = mapped_column(String(3))
    track_cash: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The account's own cost-basis method; the user's when null.
    cost_basis_method: Mapped[str | None] = mapped_column(String(16), default=None)
