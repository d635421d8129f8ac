"""user_prices: a user's own closes, used over the stored ones in that user's reports

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08 01:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pms.db.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_prices",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("close", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=False),
        sa.CheckConstraint(
            "CAST(close AS NUMERIC) >= 0", name=op.f("ck_user_prices_close_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_user_prices_instrument_id_instruments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_prices_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "instrument_id", "date", name=op.f("pk_user_prices")),
    )


def downgrade() -> None:
    op.drop_table("user_prices")
