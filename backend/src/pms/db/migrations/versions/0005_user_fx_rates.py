"""user_fx_rates: a user's own exchange rates, used over the shared ones in that user's reports

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 23:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pms.db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_fx_rates",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("base", sa.String(length=3), nullable=False),
        sa.Column("quote", sa.String(length=3), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("rate", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=False),
        sa.CheckConstraint(
            "CAST(rate AS NUMERIC) > 0", name=op.f("ck_user_fx_rates_rate_positive")
        ),
        sa.CheckConstraint("base <> quote", name=op.f("ck_user_fx_rates_distinct_currencies")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_fx_rates_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "base", "quote", "date", name=op.f("pk_user_fx_rates")),
    )


def downgrade() -> None:
    op.drop_table("user_fx_rates")
