"""Prize roulette: the daily free spins each player took (one row per player per KST day).

Revision ID: b7e3a91c5d20
Revises: 8d2f4c6a1e73
Create Date: 2026-11-28 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7e3a91c5d20"
down_revision: str | None = "8d2f4c6a1e73"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "roulette_free_spins",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("used", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("used >= 1", name=op.f("ck_roulette_free_spins_used_positive")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_roulette_free_spins_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "day", name="pk_roulette_free_spins"),
    )


def downgrade() -> None:
    op.drop_table("roulette_free_spins")
