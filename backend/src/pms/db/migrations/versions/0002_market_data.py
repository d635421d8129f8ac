"""market data: background jobs and the fetch status of instruments and currency pairs

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 16:00:33.892296
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pms.db.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fx_market_status",
        sa.Column("base", sa.String(length=3), nullable=False),
        sa.Column("quote", sa.String(length=3), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("fetched_from", sa.Date(), nullable=True),
        sa.Column("last_attempt_at", pms.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", pms.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('never_fetched', 'ok', 'unreachable', 'rate_limited', 'unknown_symbol', 'provider_error', 'no_data', 'currency_mismatch', 'offline')",
            name=op.f("ck_fx_market_status_state"),
        ),
        sa.PrimaryKeyConstraint("base", "quote", name=op.f("pk_fx_market_status")),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("created_at", pms.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pms.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", pms.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", pms.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_jobs_status")
        ),
        sa.CheckConstraint("done >= 0 AND total >= 0", name=op.f("ck_jobs_counts_not_negative")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_jobs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_kind_created_at", ["kind", "created_at"], unique=False)
        batch_op.create_index("ix_jobs_user_id_created_at", ["user_id", "created_at"], unique=False)

    op.create_table(
        "instrument_market_status",
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("fetched_from", sa.Date(), nullable=True),
        sa.Column("backfill_from", sa.Date(), nullable=True),
        sa.Column("last_attempt_at", pms.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", pms.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('never_fetched', 'ok', 'unreachable', 'rate_limited', 'unknown_symbol', 'provider_error', 'no_data', 'currency_mismatch', 'offline')",
            name=op.f("ck_instrument_market_status_state"),
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_instrument_market_status_instrument_id_instruments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("instrument_id", name=op.f("pk_instrument_market_status")),
    )


def downgrade() -> None:
    op.drop_table("instrument_market_status")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_user_id_created_at")
        batch_op.drop_index("ix_jobs_kind_created_at")

    op.drop_table("jobs")
    op.drop_table("fx_market_status")
