"""economy configuration: versioned starter gold and daily reward (issue 11).

``economy_configs`` holds versions of the economy configuration (starter gold, the
daily check-in reward formula); exactly one is active, staff add versions through
the admin API (audited). Version 1 is inserted here and equals
``casino_app.services.economy.config.DEFAULT_ECONOMY`` (a test checks it); the
environment settings WELCOME_GOLD and DAILY_* it replaces are gone.

Revision ID: 0a1c7e5d9b07
Revises: 0a1c7e5d9b05
Create Date: 2026-11-28 14:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0a1c7e5d9b07"
down_revision: str | None = "0a1c7e5d9b05"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Version 1 as shipped (tuned with `python -m casino_app.cli economy-sim`; docs/economy.md).
VERSION_1 = {
    "starter_gold": 1000,
    "daily_gold_base": 1000,
    "daily_gold_per_streak_day": 200,
    "daily_gold_cap": 1800,
    "daily_xp_base": 50,
    "daily_xp_per_streak_day": 25,
    "daily_xp_cap": 800,
}


def upgrade() -> None:
    table = op.create_table(
        "economy_configs",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("config", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=500), server_default="", nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_economy_configs_version_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_economy_configs")),
        sa.UniqueConstraint("version", name="uq_economy_configs_version"),
    )
    op.create_index(
        "uq_economy_configs_one_active",
        "economy_configs",
        ["is_active"],
        unique=True,
        postgresql_where=sa.text("is_active"),
    )
    op.bulk_insert(table, [{"version": 1, "config": VERSION_1, "is_active": True, "reason": "shipped default"}])


def downgrade() -> None:
    op.drop_index("uq_economy_configs_one_active", table_name="economy_configs", postgresql_where=sa.text("is_active"))
    op.drop_table("economy_configs")
