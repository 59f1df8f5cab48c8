"""Player care: play settings and counters, cool-offs and self-exclusions, moods, quizzes, segments, story unlocks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field


def _user_pk() -> Any:
    return Field(sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True))


def _user_fk() -> Any:
    return Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    )


def _opt_int(kind: Any = sa.Integer) -> Any:
    return Field(default=None, sa_column=sa.Column(kind, nullable=True))


class PlayerCare(SQLModel, table=True):
    """One player's play settings and the counters the round path checks them against.

    Limits: ``time_limit_min`` (daily play minutes) and ``loss_limit_gold`` (daily net loss) are the values in
    force; a raised or removed limit waits in ``*_pending`` until ``*_pending_at`` (24 hours), a lowered one
    replaces the value at once. The day counters (``day``: the KST business day they count) and the play session
    (``session_started_at``, ``last_played_at``, ``reality_due_at``) are written by every round.
    """

    __tablename__ = "player_care"
    __table_args__ = (
        sa.CheckConstraint("reality_interval_min IN (15, 30, 60)", name="reality_interval_allowed"),
        sa.CheckConstraint("time_limit_min IS NULL OR time_limit_min BETWEEN 15 AND 1440", name="time_limit_range"),
        sa.CheckConstraint("loss_limit_gold IS NULL OR loss_limit_gold > 0", name="loss_limit_positive"),
        sa.CheckConstraint("day_staked >= 0 AND day_paid >= 0 AND day_seconds >= 0", name="day_counters_positive"),
    )

    user_id: int = _user_pk()
    reality_interval_min: int = Field(
        default=30, sa_column=sa.Column(sa.SmallInteger, nullable=False, server_default="30")
    )
    time_limit_min: int | None = _opt_int()
    time_limit_pending: int | None = _opt_int()
    time_limit_pending_at: datetime | None = timestamp_field(nullable=True)
    loss_limit_gold: int | None = _opt_int(sa.BigInteger)
    loss_limit_pending: int | None = _opt_int(sa.BigInteger)
    loss_limit_pending_at: datetime | None = timestamp_field(nullable=True)
    day: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    day_staked: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    day_paid: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    day_seconds: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    session_started_at: datetime | None = timestamp_field(nullable=True)
    last_played_at: datetime | None = timestamp_field(nullable=True)
    reality_due_at: datetime | None = timestamp_field(nullable=True)
    updated_at: datetime = timestamp_field()


class CareExclusion(SQLModel, table=True):
    """A cool-off (``cool_off``) or self-exclusion (``self_exclusion``); rows are never deleted or shortened.

    Play stays blocked until the player opts back in after ``ends_at`` and 24 more hours pass (``resumes_at``).
    A database trigger refuses deletes and any update other than setting the opt-in once, at least 24 hours
    after ``ends_at`` (see the migration).
    """

    __tablename__ = "care_exclusions"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('cool_off', 'self_exclusion')", name="kind_known"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint(
            "(opted_in_at IS NULL) = (resumes_at IS NULL) AND (opted_in_at IS NULL OR opted_in_at >= ends_at)",
            name="opt_in_after_end",
        ),
    )

    id: int | None = bigint_pk()
    user_id: int = _user_fk()
    kind: str = Field(sa_column=sa.Column(sa.String(20), nullable=False))
    period: str = Field(sa_column=sa.Column(sa.String(8), nullable=False))
    starts_at: datetime = timestamp_field()
    ends_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    opted_in_at: datetime | None = timestamp_field(nullable=True)
    resumes_at: datetime | None = timestamp_field(nullable=True)
    created_by: str = Field(default="player", sa_column=sa.Column(sa.String(40), nullable=False))


class MoodCheckin(SQLModel, table=True):
    """A player's optional mood answer, at most one per KST day."""

    __tablename__ = "mood_checkins"

    user_id: int = _user_pk()
    day: date = Field(sa_column=sa.Column(sa.Date, primary_key=True))
    mood: str = Field(sa_column=sa.Column(sa.String(20), nullable=False))
    suggestion: str = Field(sa_column=sa.Column(sa.String(40), nullable=False))
    created_at: datetime = timestamp_field()


class QuizResult(SQLModel, table=True):
    """A play-style quiz submission: the answers, the style and the protective defaults it set."""

    __tablename__ = "quiz_results"

    id: int | None = bigint_pk()
    user_id: int = _user_fk()
    answers: dict[str, Any] = Field(sa_column=sa.Column(JSONB, nullable=False))
    style: str = Field(sa_column=sa.Column(sa.String(20), nullable=False))
    result: dict[str, Any] = Field(sa_column=sa.Column(JSONB, nullable=False))
    created_at: datetime = timestamp_field()


class PlayerSegment(SQLModel, table=True):
    """A player's RFM group and protective flags from the latest nightly run (staff view and campaigns only)."""

    __tablename__ = "player_segments"

    user_id: int = _user_pk()
    rfm_group: str = Field(sa_column=sa.Column(sa.String(20), nullable=False))
    recency_days: int | None = _opt_int()
    frequency: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False))
    monetary_krw: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False))
    r_score: int = Field(sa_column=sa.Column(sa.SmallInteger, nullable=False))
    f_score: int = Field(sa_column=sa.Column(sa.SmallInteger, nullable=False))
    m_score: int = Field(sa_column=sa.Column(sa.SmallInteger, nullable=False))
    flags: list[str] = Field(
        default_factory=list, sa_column=sa.Column(ARRAY(sa.String(30)), nullable=False, server_default="{}")
    )
    details: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))
    )
    computed_at: datetime = timestamp_field()


class StoryUnlock(SQLModel, table=True):
    """A stage of a character story a player has unlocked (stage 1 is the teaser everyone adult sees)."""

    __tablename__ = "story_unlocks"
    __table_args__ = (sa.CheckConstraint("stage IN (2, 3)", name="stage_unlockable"),)

    user_id: int = _user_pk()
    story: str = Field(sa_column=sa.Column(sa.String(40), primary_key=True))
    stage: int = Field(sa_column=sa.Column(sa.SmallInteger, primary_key=True))
    source: str = Field(sa_column=sa.Column(sa.String(40), nullable=False))
    unlocked_at: datetime = timestamp_field()
