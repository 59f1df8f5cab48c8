"""Missions: templates (daily, weekly, onboarding, an event's) and each player's progress per period.

A template counts one action (``services.actions.COUNTABLE``), optionally of one
game, up to ``goal``. Progress lives per (player, mission, period): ``D<KST date>``
for daily, ``W<KST Monday>`` for weekly, ``once`` for onboarding and
``E<event id>`` for an event's mission, so a new period simply starts a new row.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field

CADENCES = ("daily", "weekly", "onboarding", "event")


class MissionTemplate(SQLModel, table=True):
    """What a mission asks (an action, a game, a goal) and gives (gold, XP, an item); staff edit these."""

    __tablename__ = "mission_templates"
    __table_args__ = (
        sa.CheckConstraint(f"cadence IN {CADENCES}", name="cadence_known"),
        sa.CheckConstraint("(cadence = 'event') = (event_id IS NOT NULL)", name="event_only_for_event_cadence"),
        sa.CheckConstraint("goal > 0", name="goal_positive"),
        sa.CheckConstraint("reward_gold >= 0", name="reward_gold_non_negative"),
        sa.CheckConstraint("reward_xp >= 0", name="reward_xp_non_negative"),
        sa.CheckConstraint(
            "(reward_item_key IS NULL AND reward_item_quantity IS NULL)"
            " OR (reward_item_key IS NOT NULL AND reward_item_quantity > 0)",
            name="reward_item_complete",
        ),
        sa.Index("ix_mission_templates_action_active", "action", "is_active"),
        sa.Index("ix_mission_templates_event_id", "event_id"),
    )

    id: int | None = bigint_pk()
    key: str = Field(sa_column=sa.Column(sa.String(40), nullable=False, unique=True))
    title_ko: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    title_en: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    description_ko: str = Field(default="", sa_column=sa.Column(sa.String(300), nullable=False, server_default=""))
    description_en: str = Field(default="", sa_column=sa.Column(sa.String(300), nullable=False, server_default=""))
    cadence: str = Field(sa_column=sa.Column(sa.String(12), nullable=False))
    event_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=True),
    )
    action: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    game: str | None = Field(default=None, sa_column=sa.Column(sa.String(20), nullable=True))
    goal: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    reward_gold: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    reward_xp: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    reward_item_key: str | None = Field(default=None, sa_column=sa.Column(sa.String(40), nullable=True))
    reward_item_quantity: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    sort: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    is_active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true()))
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class MissionProgress(SQLModel, table=True):
    """One player's count towards one mission in one period; completed once, claimed once."""

    __tablename__ = "mission_progress"
    __table_args__ = (
        sa.CheckConstraint("progress >= 0 AND progress <= goal", name="progress_within_goal"),
        sa.CheckConstraint("goal > 0", name="goal_positive"),
        sa.CheckConstraint("claimed_at IS NULL OR completed_at IS NOT NULL", name="claimed_after_completed"),
        sa.Index("ix_mission_progress_mission_id", "mission_id"),
    )

    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    mission_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("mission_templates.id", ondelete="CASCADE"), primary_key=True)
    )
    period_key: str = Field(sa_column=sa.Column(sa.String(24), primary_key=True))
    progress: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    goal: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))  # copied: an edit never moves a started goal
    completed_at: datetime | None = timestamp_field(nullable=True)
    claimed_at: datetime | None = timestamp_field(nullable=True)
    claim_transfer_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("ledger_transfers.id"), nullable=True),
    )
    claim_key: str | None = Field(default=None, sa_column=sa.Column(sa.String(100), nullable=True))
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
