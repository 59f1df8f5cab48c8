"""OBS overlay tokens and the players' opt-in to appear on them (issue 16 item 11).

``overlay_tokens`` holds one row per streamer token (its SHA-256 only); ``player_preferences.stream_visible``
is the player's opt-in to the overlays, off for everyone until they turn it on; ``stream_visible_since`` is
when it was turned on (overlays show only moments from then on), empty exactly while it is off.

Revision ID: 4b7d2e9c1a05
Revises: 0a1c7e5d9b11
Create Date: 2026-11-29 03:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4b7d2e9c1a05"
down_revision: str | None = "0a1c7e5d9b11"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "overlay_tokens",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.BigInteger(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("char_length(label) BETWEEN 1 AND 60", name=op.f("ck_overlay_tokens_label_length")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_overlay_tokens_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by"], ["users.id"], name=op.f("fk_overlay_tokens_revoked_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_overlay_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_overlay_tokens_token_hash")),
    )
    op.add_column(
        "player_preferences",
        sa.Column("stream_visible", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.add_column("player_preferences", sa.Column("stream_visible_since", sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(
        op.f("ck_player_preferences_stream_visible_since_set"),
        "player_preferences",
        "stream_visible = (stream_visible_since IS NOT NULL)",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_player_preferences_stream_visible_since_set"), "player_preferences", type_="check")
    op.drop_column("player_preferences", "stream_visible_since")
    op.drop_column("player_preferences", "stream_visible")
    op.drop_table("overlay_tokens")
