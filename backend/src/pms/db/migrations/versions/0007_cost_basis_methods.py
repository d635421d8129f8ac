"""cost-basis methods: LIFO and HIFO, a method per account, the long-term holding period

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 02:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

METHODS = "('fifo', 'lifo', 'hifo', 'average')"


def _without_username_index() -> None:
    # SQLite rebuilds users (a new check constraint) and accounts (which refers to users); the
    # expression index on users can be neither reflected nor copied, so it is made again after.
    op.drop_index("uq_users_username_lower", table_name="users")


def _with_username_index() -> None:
    op.create_index("uq_users_username_lower", "users", [sa.text("lower(username)")], unique=True)


def upgrade() -> None:
    _without_username_index()
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("long_term_days", sa.Integer(), server_default="365", nullable=False)
        )
        batch_op.drop_constraint(op.f("ck_users_cost_basis_method"), type_="check")
        batch_op.create_check_constraint("cost_basis_method", f"cost_basis_method IN {METHODS}")
        batch_op.create_check_constraint("long_term_days", "long_term_days BETWEEN 0 AND 36500")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cost_basis_method", sa.String(length=16), nullable=True))
        batch_op.create_check_constraint(
            "cost_basis_method", f"cost_basis_method IS NULL OR cost_basis_method IN {METHODS}"
        )
    _with_username_index()


def downgrade() -> None:
    _without_username_index()
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_accounts_cost_basis_method"), type_="check")
        batch_op.drop_column("cost_basis_method")
    op.execute(
        "UPDATE users SET cost_basis_method = 'fifo' WHERE cost_basis_method IN ('lifo', 'hifo')"
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_long_term_days"), type_="check")
        batch_op.drop_constraint(op.f("ck_users_cost_basis_method"), type_="check")
        batch_op.create_check_constraint(
            "cost_basis_method", "cost_basis_method IN ('fifo', 'average')"
        )
        batch_op.drop_column("long_term_days")
    _with_username_index()
