"""Leaderboards, follows and referrals (issue 11).

Leaderboards: ``leaderboard_scores`` (daily/weekly scores per board — xp, missions, multiplier; game ``''`` = all
games — that the Redis sets are rebuilt from) and ``player_preferences`` (a player may hide from leaderboards).

Social: ``follow_relations`` (who follows whom, ``uq_follow_user_target``), ``follow_firsts`` (pairs that
ever followed: a follow counts once), ``referral_codes`` (one personal code per player), ``referrals``
(who brought whom, when the referee qualified and the referrer was paid) and ``referral_reward_months``
(rewards per referrer per KST month, for the cap).

Revision ID: 0a1c7e5d9b05
Revises: 0a1c7e5d9b04
Create Date: 2026-11-28 13:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0a1c7e5d9b05"
down_revision: str | None = "0a1c7e5d9b04"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # --- leaderboards ---
    op.create_table(
        "leaderboard_scores",
        sa.Column("board", sa.String(length=12), nullable=False),
        sa.Column("game", sa.String(length=20), server_default="", nullable=False),
        sa.Column("period_kind", sa.String(length=8), nullable=False),
        sa.Column("period_key", sa.String(length=12), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("score", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("reached_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("board IN ('xp', 'missions', 'multiplier')", name=op.f("ck_leaderboard_scores_board_known")),
        sa.CheckConstraint("period_kind IN ('daily', 'weekly')", name=op.f("ck_leaderboard_scores_period_kind_known")),
        sa.CheckConstraint("score >= 0", name=op.f("ck_leaderboard_scores_score_non_negative")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_leaderboard_scores_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(
            "board", "game", "period_kind", "period_key", "user_id", name=op.f("pk_leaderboard_scores")
        ),
    )
    op.create_index(
        "ix_leaderboard_scores_top",
        "leaderboard_scores",
        ["board", "game", "period_kind", "period_key", sa.literal_column("score DESC"), "reached_at"],
        unique=False,
    )
    op.create_table(
        "player_preferences",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("leaderboard_hidden", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_player_preferences_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_player_preferences")),
    )
    # --- end leaderboards ---
    # --- social ---
    op.create_table(
        "follow_relations",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("target_user_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("user_id <> target_user_id", name=op.f("ck_follow_relations_not_self")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_follow_relations_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["target_user_id"], ["users.id"], name=op.f("fk_follow_relations_target_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_relations")),
        sa.UniqueConstraint("user_id", "target_user_id", name="uq_follow_user_target"),
    )
    op.create_index("ix_follow_relations_user_id", "follow_relations", ["user_id"], unique=False)
    op.create_index("ix_follow_relations_target_user_id", "follow_relations", ["target_user_id"], unique=False)
    op.create_table(
        "follow_firsts",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("target_user_id", sa.BigInteger(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_follow_firsts_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["target_user_id"], ["users.id"], name=op.f("fk_follow_firsts_target_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "target_user_id", name=op.f("pk_follow_firsts")),
    )
    op.create_table(
        "referral_codes",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("used_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("used_count >= 0", name=op.f("ck_referral_codes_used_count_non_negative")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_referral_codes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_referral_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_referral_codes_code")),
    )
    op.create_table(
        "referrals",
        sa.Column("referee_id", sa.BigInteger(), nullable=False),
        sa.Column("referrer_id", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("qualified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rewarded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reward_transfer_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("referee_id <> referrer_id", name=op.f("ck_referrals_not_self")),
        sa.ForeignKeyConstraint(
            ["referee_id"], ["users.id"], name=op.f("fk_referrals_referee_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["referrer_id"], ["users.id"], name=op.f("fk_referrals_referrer_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reward_transfer_id"],
            ["ledger_transfers.id"],
            name=op.f("fk_referrals_reward_transfer_id_ledger_transfers"),
        ),
        sa.PrimaryKeyConstraint("referee_id", name=op.f("pk_referrals")),
    )
    op.create_index(op.f("ix_referrals_referrer_id"), "referrals", ["referrer_id"], unique=False)
    op.create_table(
        "referral_reward_months",
        sa.Column("referrer_id", sa.BigInteger(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("rewarded", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("rewarded >= 0", name=op.f("ck_referral_reward_months_rewarded_non_negative")),
        sa.ForeignKeyConstraint(
            ["referrer_id"], ["users.id"], name=op.f("fk_referral_reward_months_referrer_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("referrer_id", "month", name=op.f("pk_referral_reward_months")),
    )
    # --- end social ---


def downgrade() -> None:
    # --- leaderboards ---
    op.drop_table("player_preferences")
    op.drop_index("ix_leaderboard_scores_top", table_name="leaderboard_scores")
    op.drop_table("leaderboard_scores")
    # --- end leaderboards ---
    # --- social ---
    op.drop_table("referral_reward_months")
    op.drop_index(op.f("ix_referrals_referrer_id"), table_name="referrals")
    op.drop_table("referrals")
    op.drop_table("referral_codes")
    op.drop_index("ix_follow_relations_target_user_id", table_name="follow_relations")
    op.drop_index("ix_follow_relations_user_id", table_name="follow_relations")
    op.drop_table("follow_relations")
    op.drop_table("follow_firsts")
    # --- end social ---
