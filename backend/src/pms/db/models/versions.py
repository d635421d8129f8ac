from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from pms.db.base import Base


class DataVersion(Base):
    """The version of a body of data cached results depend on: `market` (prices, splits, rates,
    instruments) or `ledger:<user id>` (a user's accounts and transactions). Rewritten with a fresh
    random token in the transaction that changes the data (`services/cache_versions.py`)."""

    __tablename__ = "data_versions"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    token: Mapped[int] = mapped_column(BigInteger)
