"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 15:50:37.134298
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pms.db.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fx_rates",
        sa.Column("base", sa.String(length=3), nullable=False),
        sa.Column("quote", sa.String(length=3), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("rate", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.CheckConstraint("CAST(rate AS NUMERIC) > 0", name=op.f("ck_fx_rates_rate_positive")),
        sa.CheckConstraint("base <> quote", name=op.f("ck_fx_rates_distinct_currencies")),
        sa.PrimaryKeyConstraint("base", "quote", "date", name=op.f("pk_fx_rates")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("base_currency", sa.String(length=3), nullable=False),
        sa.Column("cost_basis_method", sa.String(length=16), nullable=False),
        sa.Column("theme", sa.String(length=16), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=True),
        sa.Column(
            "risk_free_rate", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=False
        ),
        sa.Column(
            "created_at",
            pms.db.types.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            pms.db.types.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "cost_basis_method IN ('fifo', 'average')", name=op.f("ck_users_cost_basis_method")
        ),
        sa.CheckConstraint("role IN ('admin', 'user')", name=op.f("ck_users_role")),
        sa.CheckConstraint("theme IN ('system', 'light', 'dark')", name=op.f("ck_users_theme")),
        sa.CheckConstraint("length(base_currency) = 3", name=op.f("ck_users_base_currency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_index("uq_users_username_lower", "users", [sa.text("lower(username)")], unique=True)
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("track_cash", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            pms.db.types.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            pms.db.types.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('brokerage', 'retirement', 'crypto', 'cash', 'other')",
            name=op.f("ck_accounts_kind"),
        ),
        sa.CheckConstraint("length(currency) = 3", name=op.f("ck_accounts_currency")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_accounts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_accounts_user_id_name")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_user_id"), ["user_id"], unique=False)

    op.create_table(
        "auth_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", pms.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", pms.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", pms.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_auth_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_auth_tokens_token_hash")),
    )
    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.create_index("ix_auth_tokens_user_id", ["user_id"], unique=False)

    op.create_table(
        "instruments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("asset_class", sa.String(length=16), nullable=False),
        sa.Column("data_source", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("sector", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("exchange", sa.String(length=100), nullable=True),
        sa.Column("isin", sa.String(length=12), nullable=True),
        sa.Column(
            "created_at",
            pms.db.types.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            pms.db.types.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(data_source = 'manual') = (owner_id IS NOT NULL)",
            name=op.f("ck_instruments_manual_has_owner"),
        ),
        sa.CheckConstraint(
            "asset_class IN ('equity', 'etf', 'fund', 'bond', 'crypto', 'commodity', 'cash', 'real_estate', 'other')",
            name=op.f("ck_instruments_asset_class"),
        ),
        sa.CheckConstraint(
            "data_source IN ('yahoo', 'manual')", name=op.f("ck_instruments_data_source")
        ),
        sa.CheckConstraint("length(currency) = 3", name=op.f("ck_instruments_currency")),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_instruments_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instruments")),
    )
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.create_index("ix_instruments_isin", ["isin"], unique=False)
        batch_op.create_index(
            "uq_instruments_owner_symbol",
            ["owner_id", "symbol"],
            unique=True,
            postgresql_where=sa.text("owner_id IS NOT NULL"),
            sqlite_where=sa.text("owner_id IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_instruments_provider_symbol",
            ["data_source", "symbol"],
            unique=True,
            postgresql_where=sa.text("owner_id IS NULL"),
            sqlite_where=sa.text("owner_id IS NULL"),
        )

    op.create_table(
        "dividend_events",
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.CheckConstraint(
            "CAST(amount AS NUMERIC) >= 0", name=op.f("ck_dividend_events_amount_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_dividend_events_instrument_id_instruments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("instrument_id", "date", name=op.f("pk_dividend_events")),
    )
    op.create_table(
        "prices",
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("close", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=False),
        sa.Column("open", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=True),
        sa.Column("high", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=True),
        sa.Column("low", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=True),
        sa.Column("volume", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "CAST(close AS NUMERIC) >= 0", name=op.f("ck_prices_close_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_prices_instrument_id_instruments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("instrument_id", "date", name=op.f("pk_prices")),
    )
    op.create_table(
        "splits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("numerator", sa.Integer(), nullable=False),
        sa.Column("denominator", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.CheckConstraint("denominator > 0", name=op.f("ck_splits_denominator_positive")),
        sa.CheckConstraint("numerator > 0", name=op.f("ck_splits_numerator_positive")),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_splits_instrument_id_instruments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_splits")),
        sa.UniqueConstraint("instrument_id", "date", name=op.f("uq_splits_instrument_id_date")),
    )
    op.create_table(
        "transactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("quantity", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=True),
        sa.Column("price", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=True),
        sa.Column("amount", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=True),
        sa.Column("fee", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=False),
        sa.Column("tax", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("fx_rate", pms.db.types.ExactDecimal(precision=30, scale=10), nullable=True),
        sa.Column("transfer_id", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column(
            "created_at",
            pms.db.types.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            pms.db.types.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "type IN ('BUY', 'SELL', 'DIVIDEND', 'INTEREST', 'FEE', 'TAX', 'DEPOSIT', 'WITHDRAWAL', 'TRANSFER_IN', 'TRANSFER_OUT')",
            name=op.f("ck_transactions_type"),
        ),
        sa.CheckConstraint(
            "CAST(fee AS NUMERIC) >= 0", name=op.f("ck_transactions_fee_not_negative")
        ),
        sa.CheckConstraint(
            "CAST(tax AS NUMERIC) >= 0", name=op.f("ck_transactions_tax_not_negative")
        ),
        sa.CheckConstraint(
            "amount IS NULL OR CAST(amount AS NUMERIC) >= 0",
            name=op.f("ck_transactions_amount_not_negative"),
        ),
        sa.CheckConstraint(
            "fx_rate IS NULL OR CAST(fx_rate AS NUMERIC) > 0",
            name=op.f("ck_transactions_fx_rate_positive"),
        ),
        sa.CheckConstraint("length(currency) = 3", name=op.f("ck_transactions_currency")),
        sa.CheckConstraint(
            "price IS NULL OR CAST(price AS NUMERIC) >= 0",
            name=op.f("ck_transactions_price_not_negative"),
        ),
        sa.CheckConstraint(
            "quantity IS NULL OR CAST(quantity AS NUMERIC) > 0",
            name=op.f("ck_transactions_quantity_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_transactions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instruments.id"],
            name=op.f("fk_transactions_instrument_id_instruments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_transactions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transactions")),
        sa.UniqueConstraint(
            "account_id", "external_id", name=op.f("uq_transactions_account_id_external_id")
        ),
    )
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.create_index("ix_transactions_account_date", ["account_id", "date"], unique=False)
        batch_op.create_index(
            "ix_transactions_instrument_date", ["instrument_id", "date"], unique=False
        )
        batch_op.create_index("ix_transactions_transfer_id", ["transfer_id"], unique=False)
        batch_op.create_index("ix_transactions_user_date", ["user_id", "date", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.drop_index("ix_transactions_user_date")
        batch_op.drop_index("ix_transactions_transfer_id")
        batch_op.drop_index("ix_transactions_instrument_date")
        batch_op.drop_index("ix_transactions_account_date")

    op.drop_table("transactions")
    op.drop_table("splits")
    op.drop_table("prices")
    op.drop_table("dividend_events")
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_instruments_provider_symbol",
            postgresql_where=sa.text("owner_id IS NULL"),
            sqlite_where=sa.text("owner_id IS NULL"),
        )
        batch_op.drop_index(
            "uq_instruments_owner_symbol",
            postgresql_where=sa.text("owner_id IS NOT NULL"),
            sqlite_where=sa.text("owner_id IS NOT NULL"),
        )
        batch_op.drop_index("ix_instruments_isin")

    op.drop_table("instruments")
    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_auth_tokens_user_id")

    op.drop_table("auth_tokens")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_user_id"))

    op.drop_table("accounts")
    op.drop_index("uq_users_username_lower", table_name="users")
    op.drop_table("users")
    op.drop_table("fx_rates")
