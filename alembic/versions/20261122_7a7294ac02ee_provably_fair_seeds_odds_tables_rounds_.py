"""provably fair seeds, odds tables, rounds, gacha, inventory, feed

Revision ID: 7a7294ac02ee
Revises: 0e82fab0de3b
Create Date: 2026-11-22 05:15:15.221992+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "7a7294ac02ee"
down_revision: str | None = "0e82fab0de3b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gacha_stock",
        sa.Column("item_id", sa.String(length=40), nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=False),
        sa.Column("initial", sa.Integer(), nullable=False),
        sa.CheckConstraint("remaining >= 0", name=op.f("ck_gacha_stock_remaining_non_negative")),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_gacha_stock")),
    )
    op.create_table(
        "game_configs",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("game", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("config", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("declared_rtp", sa.Numeric(precision=7, scale=4), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("game IN ('slot', 'gacha')", name=op.f("ck_game_configs_game_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_game_configs")),
        sa.UniqueConstraint("game", "version", name="uq_game_configs_game_version"),
    )
    op.create_index(
        "uq_game_configs_one_active", "game_configs", ["game"], unique=True, postgresql_where=sa.text("is_active")
    )
    op.create_table(
        "fairness_seeds",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("server_seed_encrypted", sa.Text(), nullable=False),
        sa.Column("server_seed_hash", sa.String(length=64), nullable=False),
        sa.Column("client_seed", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("status", sa.String(length=10), server_default="active", nullable=False),
        sa.Column("revealed_seed", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status = 'active' OR revealed_seed IS NOT NULL", name=op.f("ck_fairness_seeds_revealed_has_seed")
        ),
        sa.CheckConstraint("status IN ('active', 'revealed')", name=op.f("ck_fairness_seeds_status_known")),
        sa.CheckConstraint("nonce >= 0", name=op.f("ck_fairness_seeds_nonce_non_negative")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_fairness_seeds_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fairness_seeds")),
        sa.UniqueConstraint("server_seed_hash", name=op.f("uq_fairness_seeds_server_seed_hash")),
    )
    op.create_index(op.f("ix_fairness_seeds_user_id"), "fairness_seeds", ["user_id"], unique=False)
    op.create_index(
        "uq_fairness_seeds_one_active",
        "fairness_seeds",
        ["user_id"],
        unique=True,
        postgresql_where=sa.text("status = 'active'"),
    )
    op.create_table(
        "feed_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "params", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_feed_events_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_events")),
    )
    op.create_index(op.f("ix_feed_events_created_at"), "feed_events", ["created_at"], unique=False)
    op.create_table(
        "gacha_daily_pulls",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("pulls", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_gacha_daily_pulls_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "day", name="pk_gacha_daily_pulls"),
    )
    op.create_table(
        "gacha_pity",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("pulls_since_epic", sa.Integer(), server_default="0", nullable=False),
        sa.Column("total_pulls", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_gacha_pity_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_gacha_pity")),
    )
    op.create_table(
        "inventory_items",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("item_id", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Integer(), server_default="1", nullable=False),
        sa.Column("first_obtained_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_obtained_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_inventory_items_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "item_id", name="pk_inventory_items"),
    )
    op.create_table(
        "game_rounds",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("game", sa.String(length=20), nullable=False),
        sa.Column("config_version", sa.Integer(), nullable=False),
        sa.Column("seed_id", sa.BigInteger(), nullable=False),
        sa.Column("server_seed_hash", sa.String(length=64), nullable=False),
        sa.Column("client_seed", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.BigInteger(), nullable=False),
        sa.Column("bet", sa.BigInteger(), nullable=False),
        sa.Column("payout", sa.BigInteger(), nullable=False),
        sa.Column("outcome", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("transfer_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("bet >= 0 AND payout >= 0", name=op.f("ck_game_rounds_amounts_non_negative")),
        sa.ForeignKeyConstraint(["seed_id"], ["fairness_seeds.id"], name=op.f("fk_game_rounds_seed_id_fairness_seeds")),
        sa.ForeignKeyConstraint(
            ["transfer_id"], ["ledger_transfers.id"], name=op.f("fk_game_rounds_transfer_id_ledger_transfers")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_game_rounds_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_game_rounds")),
    )
    op.create_index(op.f("ix_game_rounds_created_at"), "game_rounds", ["created_at"], unique=False)
    op.create_index(
        "ix_game_rounds_user_game_id_desc",
        "game_rounds",
        ["user_id", "game", sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_index(
        "ix_game_rounds_user_id_desc", "game_rounds", ["user_id", sa.literal_column("id DESC")], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_game_rounds_user_id_desc", table_name="game_rounds")
    op.drop_index("ix_game_rounds_user_game_id_desc", table_name="game_rounds")
    op.drop_index(op.f("ix_game_rounds_created_at"), table_name="game_rounds")
    op.drop_table("game_rounds")
    op.drop_table("inventory_items")
    op.drop_table("gacha_pity")
    op.drop_table("gacha_daily_pulls")
    op.drop_index(op.f("ix_feed_events_created_at"), table_name="feed_events")
    op.drop_table("feed_events")
    op.drop_index(
        "uq_fairness_seeds_one_active", table_name="fairness_seeds", postgresql_where=sa.text("status = 'active'")
    )
    op.drop_index(op.f("ix_fairness_seeds_user_id"), table_name="fairness_seeds")
    op.drop_table("fairness_seeds")
    op.drop_index("uq_game_configs_one_active", table_name="game_configs", postgresql_where=sa.text("is_active"))
    op.drop_table("game_configs")
    op.drop_table("gacha_stock")
