"""data_versions: the versions that invalidate cached results live next to the data

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "data_versions",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_data_versions")),
    )
    # A token of this database's own: a cache that outlived an earlier database never matches it.
    op.bulk_insert(table, [{"scope": "market", "token": secrets.randbits(62)}])


def downgrade() -> None:
    op.drop_table("data_versions")
