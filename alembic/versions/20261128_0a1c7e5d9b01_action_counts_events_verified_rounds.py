"""Action counts, events and their participants, and when a round was first verified (issue 11).

``player_action_counts`` is what achievements read; ``events`` / ``event_participants``
hold time-limited events; ``game_rounds.verified_at`` lets "verify a round" count once.

Revision ID: 0a1c7e5d9b01
Revises: e5b8d2f4a7c1
Create Date: 2026-11-28 12:42:57.548455+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0a1c7e5d9b01"
down_revision: str | None = "e5b8d2f4a7c1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("title_ko", sa.String(length=80), nullable=False),
        sa.Column("title_en", sa.String(length=80), nullable=False),
        sa.Column("description_ko", sa.String(length=500), server_default="", nullable=False),
        sa.Column("description_en", sa.String(length=500), server_default="", nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), server_default="draft", nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'published', 'ended')", name=op.f("ck_events_status_known")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_events_window_ordered")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("key", name=op.f("uq_events_key")),
    )
    op.create_table(
        "event_participants",
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("points", sa.Integer(), server_default="0", nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("points >= 0", name=op.f("ck_event_participants_points_non_negative")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_participants_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_event_participants_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "user_id", name=op.f("pk_event_participants")),
    )
    op.create_index(
        "ix_event_participants_event_points",
        "event_participants",
        ["event_id", sa.literal_column("points DESC")],
        unique=False,
    )
    op.create_table(
        "player_action_counts",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("game", sa.String(length=20), server_default="", nullable=False),
        sa.Column("total", sa.BigInteger(), server_default="0", nullable=False),
        sa.CheckConstraint("total >= 0", name=op.f("ck_player_action_counts_total_non_negative")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_player_action_counts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "action", "game", name=op.f("pk_player_action_counts")),
    )
    op.add_column("game_rounds", sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("game_rounds", "verified_at")
    op.drop_table("player_action_counts")
    op.drop_index("ix_event_participants_event_points", table_name="event_participants")
    op.drop_table("event_participants")
    op.drop_table("events")
