"""Time-limited events: a window (stored in UTC, entered and shown in KST), their own missions, participants."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field

EVENT_STATUSES = ("draft", "published", "ended")


class Event(SQLModel, table=True):
    """An event: drafted, published (visible; joinable inside its window), ended early or by its window."""

    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="window_ordered"),
        sa.CheckConstraint(f"status IN {EVENT_STATUSES}", name="status_known"),
    )

    id: int | None = bigint_pk()
    key: str = Field(sa_column=sa.Column(sa.String(40), nullable=False, unique=True))
    title_ko: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    title_en: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    description_ko: str = Field(default="", sa_column=sa.Column(sa.String(500), nullable=False, server_default=""))
    description_en: str = Field(default="", sa_column=sa.Column(sa.String(500), nullable=False, server_default=""))
    starts_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    ends_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    status: str = Field(default="draft", sa_column=sa.Column(sa.String(12), nullable=False, server_default="draft"))
    published_at: datetime | None = timestamp_field(nullable=True)
    ended_at: datetime | None = timestamp_field(nullable=True)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class EventParticipant(SQLModel, table=True):
    """A player who joined an event, with their points (missions of the event completed) for its leaderboard."""

    __tablename__ = "event_participants"
    __table_args__ = (
        sa.CheckConstraint("points >= 0", name="points_non_negative"),
        sa.Index("ix_event_participants_event_points", "event_id", sa.text("points DESC")),
    )

    event_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    )
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    points: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    joined_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
