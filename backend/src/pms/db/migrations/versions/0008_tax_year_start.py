"""tax_year_start: the first day of the user's tax year ("MM-DD")

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 02:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _without_username_index() -> None:
    # SQLite rebuilds users for the check constraint; its expression index is made again after.
    op.drop_index("uq_users_username_lower", table_name="users")


def _with_username_index() -> None:
    op.create_index("uq_users_username_lower", "users", [sa.text("lower(username)")], unique=True)


def upgrade() -> None:
    _without_username_index()
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tax_year_start", sa.String(length=5), server_default="01-01", nullable=False)
        )
        batch_op.create_check_constraint("tax_year_start", "length(tax_year_start) = 5")
    _with_username_index()


def downgrade() -> None:
    _without_username_index()
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_tax_year_start"), type_="check")
        batch_op.drop_column("tax_year_start")
    _with_username_index()
