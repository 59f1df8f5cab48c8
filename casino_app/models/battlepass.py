"""The battle pass: seasons (a published window), tiers with a free and a premium reward, each player's pass XP
and premium, and the rewards claimed.

Pass XP is a count of actions (rounds played, daily check-ins, missions completed) times the season's
per-action amounts; gold wagered never enters it. A tier is reached when the player's pass XP is at least its
``xp_required``; each (player, tier, track) is claimed at most once (the unique key).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field

SEASON_STATUSES = ("draft", "published")
TRACKS = ("free", "premium")
REWARD_KINDS = ("gold", "xp", "item")


def _reward_checks(track: str) -> tuple[sa.CheckConstraint, ...]:
    kind, item, amount = f"{track}_kind", f"{track}_item", f"{track}_amount"
    return (
        sa.CheckConstraint(f"{kind} IS NULL OR {kind} IN {REWARD_KINDS!r}", name=f"{track}_kind_known"),
        sa.CheckConstraint(f"({kind} IS NULL) = ({amount} IS NULL)", name=f"{track}_kind_has_amount"),
        sa.CheckConstraint(f"{amount} IS NULL OR {amount} > 0", name=f"{track}_amount_positive"),
        sa.CheckConstraint(f"({kind} = 'item') = ({item} IS NOT NULL)", name=f"{track}_item_named"),
    )


class BattlePassSeason(SQLModel, table=True):
    """A season: its window (entered in KST, stored in UTC), pass XP per action and the premium pass product."""

    __tablename__ = "battlepass_seasons"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="window_ordered"),
        sa.CheckConstraint(f"status IN {SEASON_STATUSES!r}", name="status_known"),
        sa.CheckConstraint("xp_per_round >= 0 AND xp_per_checkin >= 0 AND xp_per_mission >= 0", name="xp_non_negative"),
    )

    id: int | None = bigint_pk()
    key: str = Field(sa_column=sa.Column(sa.String(40), nullable=False, unique=True))
    name_ko: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    name_en: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    starts_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    ends_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    status: str = Field(default="draft", sa_column=sa.Column(sa.String(12), nullable=False, server_default="draft"))
    xp_per_round: int = Field(default=10, sa_column=sa.Column(sa.Integer, nullable=False, server_default="10"))
    xp_per_checkin: int = Field(default=100, sa_column=sa.Column(sa.Integer, nullable=False, server_default="100"))
    xp_per_mission: int = Field(default=50, sa_column=sa.Column(sa.Integer, nullable=False, server_default="50"))
    premium_product_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("shop_products.id", ondelete="RESTRICT"), nullable=True),
    )
    published_at: datetime | None = timestamp_field(nullable=True)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class BattlePassTier(SQLModel, table=True):
    """One tier of a season: the pass XP that reaches it and its free and premium rewards (either may be none)."""

    __tablename__ = "battlepass_tiers"
    __table_args__ = (
        sa.UniqueConstraint("season_id", "level", name="uq_battlepass_tiers_season_level"),
        sa.CheckConstraint("level >= 1", name="level_positive"),
        sa.CheckConstraint("xp_required >= 0", name="xp_non_negative"),
        *_reward_checks("free"),
        *_reward_checks("premium"),
    )

    id: int | None = bigint_pk()
    season_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("battlepass_seasons.id", ondelete="CASCADE"), nullable=False)
    )
    level: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    xp_required: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    free_kind: str | None = Field(default=None, sa_column=sa.Column(sa.String(8), nullable=True))
    free_item: str | None = Field(default=None, sa_column=sa.Column(sa.String(40), nullable=True))
    free_amount: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    premium_kind: str | None = Field(default=None, sa_column=sa.Column(sa.String(8), nullable=True))
    premium_item: str | None = Field(default=None, sa_column=sa.Column(sa.String(40), nullable=True))
    premium_amount: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))


class BattlePassProgress(SQLModel, table=True):
    """A player's pass XP in a season, and whether they own its premium track (and which order bought it)."""

    __tablename__ = "battlepass_progress"
    __table_args__ = (
        sa.CheckConstraint("xp >= 0", name="xp_non_negative"),
        sa.CheckConstraint("premium OR premium_order_id IS NULL", name="order_only_with_premium"),
        sa.Index("ix_battlepass_progress_premium_order", "premium_order_id"),
    )

    season_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("battlepass_seasons.id", ondelete="CASCADE"), primary_key=True)
    )
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    xp: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    premium: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false()))
    premium_order_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("shop_orders.id", ondelete="RESTRICT"), nullable=True),
    )
    premium_at: datetime | None = timestamp_field(nullable=True)
    updated_at: datetime = timestamp_field()


class BattlePassClaim(SQLModel, table=True):
    """A reward taken: one per (player, tier, track), with what it granted and its ledger transfer (gold)."""

    __tablename__ = "battlepass_claims"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "tier_id", "track", name="uq_battlepass_claims_user_tier_track"),
        sa.CheckConstraint(f"track IN {TRACKS!r}", name="track_known"),
        sa.CheckConstraint(f"kind IN {REWARD_KINDS!r}", name="kind_known"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("kind <> 'gold' OR transfer_id IS NOT NULL", name="gold_has_transfer"),
        sa.Index("ix_battlepass_claims_season_user", "season_id", "user_id"),
    )

    id: int | None = bigint_pk()
    season_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("battlepass_seasons.id", ondelete="RESTRICT"), nullable=False)
    )
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    tier_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("battlepass_tiers.id", ondelete="RESTRICT"), nullable=False)
    )
    track: str = Field(sa_column=sa.Column(sa.String(8), nullable=False))
    kind: str = Field(sa_column=sa.Column(sa.String(8), nullable=False))
    item: str | None = Field(default=None, sa_column=sa.Column(sa.String(40), nullable=True))
    amount: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    transfer_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("ledger_transfers.id", ondelete="RESTRICT"), nullable=True),
    )
    claimed_at: datetime = timestamp_field()
