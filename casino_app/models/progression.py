"""Daily check-ins, streaks and their protection, level-ups, notifications."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from casino_app.models.base import timestamp_field
from casino_app.models.messaging import NOTIFICATION_CATEGORIES


class UserStreak(SQLModel, table=True):
    """A player's check-in streak and streak protection (at most one held)."""

    __tablename__ = "user_streaks"
    __table_args__ = (
        sa.CheckConstraint("current_streak >= 0", name="streak_non_negative"),
        sa.CheckConstraint("protections_held BETWEEN 0 AND 1", name="protections_bounded"),
    )

    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    current_streak: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    longest_streak: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    last_claim_date: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    protections_held: int = Field(default=0, sa_column=sa.Column(sa.SmallInteger, nullable=False, server_default="0"))
    protections_earned: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    protections_used: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    auto_use_protection: bool = Field(
        default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true())
    )


class DailyClaim(SQLModel, table=True):
    """One check-in per player per business (KST) day — the unique key makes a second claim impossible."""

    __tablename__ = "daily_claims"
    __table_args__ = (sa.UniqueConstraint("user_id", "claim_date", name="uq_daily_claims_user_day"),)

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, sa.Identity(), primary_key=True))
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    claim_date: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    streak: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    gold: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    xp: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    protection_used: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False))
    transfer_id: int = Field(sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("ledger_transfers.id"), nullable=False))
    created_at: datetime = timestamp_field()


class LevelUp(SQLModel, table=True):
    """A level a player reached, and when."""

    __tablename__ = "level_ups"
    __table_args__ = (sa.UniqueConstraint("user_id", "level", name="uq_level_ups_user_level"),)

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, sa.Identity(), primary_key=True))
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    level: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    reason: str = Field(sa_column=sa.Column(sa.String(30), nullable=False))
    reached_at: datetime = timestamp_field()


class Notification(SQLModel, table=True):
    """A message for one player (shown in the side panel, pushed live)."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.Index("ix_notifications_user_id_desc", "user_id", sa.text("id DESC")),
        sa.Index("ix_notifications_unread", "user_id", postgresql_where=sa.text("read_at IS NULL")),
        sa.CheckConstraint(f"category IN {NOTIFICATION_CATEGORIES!r}", name="category_known"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, sa.Identity(), primary_key=True))
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    kind: str = Field(sa_column=sa.Column(sa.String(30), nullable=False))
    category: str = Field(
        default="account", sa_column=sa.Column(sa.String(16), nullable=False, server_default="account")
    )
    params: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))
    )
    read_at: datetime | None = timestamp_field(nullable=True)
    created_at: datetime = timestamp_field()
