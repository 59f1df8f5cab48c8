"""Leaderboard scores and preferences; follows and referrals (the social side of the progression loop)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field

# --- leaderboards ---
LEADERBOARD_BOARDS = ("xp", "missions", "multiplier")
LEADERBOARD_PERIOD_KINDS = ("daily", "weekly")


class LeaderboardScore(SQLModel, table=True):
    """One player's score on one board for one period (the truth Redis sorted sets are rebuilt from).

    ``game`` is ``''`` for all games; ``period_key`` is ``D<KST date>`` or ``W<KST Monday>``;
    ``reached_at`` is when the score last changed (ties: the first to reach it ranks higher).
    """

    __tablename__ = "leaderboard_scores"
    __table_args__ = (
        sa.CheckConstraint(f"board IN {LEADERBOARD_BOARDS}", name="board_known"),
        sa.CheckConstraint(f"period_kind IN {LEADERBOARD_PERIOD_KINDS}", name="period_kind_known"),
        sa.CheckConstraint("score >= 0", name="score_non_negative"),
        sa.Index(
            "ix_leaderboard_scores_top",
            "board",
            "game",
            "period_kind",
            "period_key",
            sa.text("score DESC"),
            "reached_at",
        ),
    )

    board: str = Field(sa_column=sa.Column(sa.String(12), primary_key=True))
    game: str = Field(default="", sa_column=sa.Column(sa.String(20), primary_key=True, server_default=""))
    period_kind: str = Field(sa_column=sa.Column(sa.String(8), primary_key=True))
    period_key: str = Field(sa_column=sa.Column(sa.String(12), primary_key=True))
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    score: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    reached_at: datetime = timestamp_field()


class PlayerPreference(SQLModel, table=True):
    """A player's display preferences: hidden from leaderboards; shown on streamers' OBS overlays (opt-in).

    ``stream_visible_since`` is when the overlay opt-in was last turned on (empty while off): overlays show
    only moments from then on, never wins from before the player agreed.
    """

    __tablename__ = "player_preferences"
    __table_args__ = (
        sa.CheckConstraint("stream_visible = (stream_visible_since IS NOT NULL)", name="stream_visible_since_set"),
    )

    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    leaderboard_hidden: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    )
    stream_visible: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    )
    stream_visible_since: datetime | None = timestamp_field(nullable=True)
    updated_at: datetime = timestamp_field()


# --- end leaderboards ---


# --- social ---
class FollowRelation(SQLModel, table=True):
    """``user_id`` follows ``target_user_id`` (never themselves; at most once)."""

    __tablename__ = "follow_relations"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "target_user_id", name="uq_follow_user_target"),
        sa.CheckConstraint("user_id <> target_user_id", name="not_self"),
        sa.Index("ix_follow_relations_user_id", "user_id"),
        sa.Index("ix_follow_relations_target_user_id", "target_user_id"),
    )

    id: int | None = bigint_pk()
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    target_user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    created_at: datetime = timestamp_field()


class FollowFirst(SQLModel, table=True):
    """Pairs that ever followed: a follow counts for progression only the first time (unfollow and follow
    again is not a new action), so this row outlives an unfollow."""

    __tablename__ = "follow_firsts"

    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    target_user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    first_at: datetime = timestamp_field()


class ReferralCode(SQLModel, table=True):
    """A player's personal code: it admits new players like an invite code, ``used_count`` of them so far."""

    __tablename__ = "referral_codes"
    __table_args__ = (sa.CheckConstraint("used_count >= 0", name="used_count_non_negative"),)

    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    code: str = Field(sa_column=sa.Column(sa.String(16), nullable=False, unique=True))
    used_count: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    created_at: datetime = timestamp_field()


class Referral(SQLModel, table=True):
    """Who brought whom. ``qualified_at``: the referee reached the reward level (the reward is decided then,
    once); ``rewarded_at`` / ``reward_transfer_id``: the referrer was paid (unset when the monthly cap was full)."""

    __tablename__ = "referrals"
    __table_args__ = (sa.CheckConstraint("referee_id <> referrer_id", name="not_self"),)

    referee_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    referrer_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    code: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    created_at: datetime = timestamp_field()
    qualified_at: datetime | None = timestamp_field(nullable=True)
    rewarded_at: datetime | None = timestamp_field(nullable=True)
    reward_transfer_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("ledger_transfers.id"), nullable=True),
    )


class ReferralRewardMonth(SQLModel, table=True):
    """How many referral rewards a referrer received in a KST month (``month``: its first day), for the cap."""

    __tablename__ = "referral_reward_months"
    __table_args__ = (sa.CheckConstraint("rewarded >= 0", name="rewarded_non_negative"),)

    referrer_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    month: date = Field(sa_column=sa.Column(sa.Date, primary_key=True))
    rewarded: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))


# --- end social ---
