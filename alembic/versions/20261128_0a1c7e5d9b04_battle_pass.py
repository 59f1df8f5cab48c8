"""Battle pass: seasons, tiers with a free and a premium reward, pass XP and premium per player, claims (issue 11).

Revision ID: 0a1c7e5d9b04
Revises: 0a1c7e5d9b03
Create Date: 2026-11-28 13:00:00.000000+00:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0a1c7e5d9b04"
down_revision: str | None = "0a1c7e5d9b03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _reward(track: str) -> list[Any]:
    kind, item, amount = f"{track}_kind", f"{track}_item", f"{track}_amount"
    return [
        sa.Column(kind, sa.String(length=8), nullable=True),
        sa.Column(item, sa.String(length=40), nullable=True),
        sa.Column(amount, sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            f"{kind} IS NULL OR {kind} IN ('gold', 'xp', 'item')", name=op.f(f"ck_battlepass_tiers_{track}_kind_known")
        ),
        sa.CheckConstraint(
            f"({kind} IS NULL) = ({amount} IS NULL)", name=op.f(f"ck_battlepass_tiers_{track}_kind_has_amount")
        ),
        sa.CheckConstraint(
            f"{amount} IS NULL OR {amount} > 0", name=op.f(f"ck_battlepass_tiers_{track}_amount_positive")
        ),
        sa.CheckConstraint(
            f"({kind} = 'item') = ({item} IS NOT NULL)", name=op.f(f"ck_battlepass_tiers_{track}_item_named")
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "battlepass_seasons",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name_ko", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), server_default="draft", nullable=False),
        sa.Column("xp_per_round", sa.Integer(), server_default="10", nullable=False),
        sa.Column("xp_per_checkin", sa.Integer(), server_default="100", nullable=False),
        sa.Column("xp_per_mission", sa.Integer(), server_default="50", nullable=False),
        sa.Column("premium_product_id", sa.BigInteger(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_battlepass_seasons_window_ordered")),
        sa.CheckConstraint("status IN ('draft', 'published')", name=op.f("ck_battlepass_seasons_status_known")),
        sa.CheckConstraint(
            "xp_per_round >= 0 AND xp_per_checkin >= 0 AND xp_per_mission >= 0",
            name=op.f("ck_battlepass_seasons_xp_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["premium_product_id"],
            ["shop_products.id"],
            name=op.f("fk_battlepass_seasons_premium_product_id_shop_products"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_battlepass_seasons")),
        sa.UniqueConstraint("key", name=op.f("uq_battlepass_seasons_key")),
    )
    op.create_table(
        "battlepass_tiers",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("season_id", sa.BigInteger(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("xp_required", sa.BigInteger(), nullable=False),
        *_reward("free"),
        *_reward("premium"),
        sa.CheckConstraint("level >= 1", name=op.f("ck_battlepass_tiers_level_positive")),
        sa.CheckConstraint("xp_required >= 0", name=op.f("ck_battlepass_tiers_xp_non_negative")),
        sa.ForeignKeyConstraint(
            ["season_id"],
            ["battlepass_seasons.id"],
            name=op.f("fk_battlepass_tiers_season_id_battlepass_seasons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_battlepass_tiers")),
        sa.UniqueConstraint("season_id", "level", name="uq_battlepass_tiers_season_level"),
    )
    op.create_table(
        "battlepass_progress",
        sa.Column("season_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("xp", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("premium", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("premium_order_id", sa.BigInteger(), nullable=True),
        sa.Column("premium_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("xp >= 0", name=op.f("ck_battlepass_progress_xp_non_negative")),
        sa.CheckConstraint(
            "premium OR premium_order_id IS NULL", name=op.f("ck_battlepass_progress_order_only_with_premium")
        ),
        sa.ForeignKeyConstraint(
            ["season_id"],
            ["battlepass_seasons.id"],
            name=op.f("fk_battlepass_progress_season_id_battlepass_seasons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_battlepass_progress_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["premium_order_id"],
            ["shop_orders.id"],
            name=op.f("fk_battlepass_progress_premium_order_id_shop_orders"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("season_id", "user_id", name=op.f("pk_battlepass_progress")),
    )
    op.create_index("ix_battlepass_progress_premium_order", "battlepass_progress", ["premium_order_id"], unique=False)
    op.create_table(
        "battlepass_claims",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("season_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("tier_id", sa.BigInteger(), nullable=False),
        sa.Column("track", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("transfer_id", sa.BigInteger(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("track IN ('free', 'premium')", name=op.f("ck_battlepass_claims_track_known")),
        sa.CheckConstraint("kind IN ('gold', 'xp', 'item')", name=op.f("ck_battlepass_claims_kind_known")),
        sa.CheckConstraint("amount > 0", name=op.f("ck_battlepass_claims_amount_positive")),
        sa.CheckConstraint(
            "kind <> 'gold' OR transfer_id IS NOT NULL", name=op.f("ck_battlepass_claims_gold_has_transfer")
        ),
        sa.ForeignKeyConstraint(
            ["season_id"],
            ["battlepass_seasons.id"],
            name=op.f("fk_battlepass_claims_season_id_battlepass_seasons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_battlepass_claims_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tier_id"],
            ["battlepass_tiers.id"],
            name=op.f("fk_battlepass_claims_tier_id_battlepass_tiers"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["transfer_id"],
            ["ledger_transfers.id"],
            name=op.f("fk_battlepass_claims_transfer_id_ledger_transfers"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_battlepass_claims")),
        sa.UniqueConstraint("user_id", "tier_id", "track", name="uq_battlepass_claims_user_tier_track"),
    )
    op.create_index("ix_battlepass_claims_season_user", "battlepass_claims", ["season_id", "user_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_battlepass_claims_season_user", table_name="battlepass_claims")
    op.drop_table("battlepass_claims")
    op.drop_index("ix_battlepass_progress_premium_order", table_name="battlepass_progress")
    op.drop_table("battlepass_progress")
    op.drop_table("battlepass_tiers")
    op.drop_table("battlepass_seasons")
