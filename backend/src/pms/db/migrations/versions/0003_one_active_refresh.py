"""jobs: one queued or running market refresh per user

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE_REFRESH = "kind = 'market_refresh' AND status IN ('queued', 'running')"
SUPERSEDE = """
UPDATE jobs SET status = 'failed', message = 'superseded by a newer refresh'
WHERE kind = 'market_refresh' AND status IN ('queued', 'running') AND id NOT IN (
    SELECT id FROM (
        SELECT id, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY created_at DESC, id DESC) AS n
        FROM jobs WHERE kind = 'market_refresh' AND status IN ('queued', 'running')
    ) AS ranked WHERE n = 1
)
"""


def upgrade() -> None:
    # Refreshes left active by an older version (at most one per user survives): the newest stays.
    op.execute(sa.text(SUPERSEDE))
    op.create_index(
        "uq_jobs_active_refresh",
        "jobs",
        ["user_id"],
        unique=True,
        postgresql_where=sa.text(ACTIVE_REFRESH),
        sqlite_where=sa.text(ACTIVE_REFRESH),
    )


def downgrade() -> None:
    op.drop_index("uq_jobs_active_refresh", table_name="jobs")
