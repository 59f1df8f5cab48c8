"""Achievements: definitions (requirements as data, a badge, a reward) and the ones each player unlocked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field


class Achievement(SQLModel, table=True):
    """One achievement: ``requirements`` is data read by ``services.achievements.requirements``."""

    __tablename__ = "achievements"
    __table_args__ = (
        sa.CheckConstraint("reward_gold >= 0", name="reward_gold_non_negative"),
        sa.CheckConstraint("reward_xp >= 0", name="reward_xp_non_negative"),
    )

    id: int | None = bigint_pk()
    key: str = Field(sa_column=sa.Column(sa.String(40), nullable=False, unique=True))
    name_ko: str = Field(sa_column=sa.Column(sa.String(60), nullable=False))
    name_en: str = Field(sa_column=sa.Column(sa.String(60), nullable=False))
    description_ko: str = Field(default="", sa_column=sa.Column(sa.String(200), nullable=False, server_default=""))
    description_en: str = Field(default="", sa_column=sa.Column(sa.String(200), nullable=False, server_default=""))
    badge: str = Field(sa_column=sa.Column(sa.String(40), nullable=False))
    color: str = Field(sa_column=sa.Column(sa.String(12), nullable=False))
    requirements: dict[str, Any] = Field(sa_column=sa.Column(JSONB, nullable=False))
    reward_gold: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    reward_xp: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    is_active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true()))
    sort: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    created_at: datetime = timestamp_field()


class UserAchievement(SQLModel, table=True):
    """An achievement a player unlocked (once: the primary key), and the transfer that paid its gold.

    Definitions are deactivated, never deleted, so what a player earned stays on record.
    """

    __tablename__ = "user_achievements"

    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    achievement_id: int = Field(sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("achievements.id"), primary_key=True))
    achieved_at: datetime = timestamp_field()
    reward_transfer_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("ledger_transfers.id"), nullable=True)
    )
