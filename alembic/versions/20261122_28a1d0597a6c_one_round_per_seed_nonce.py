"""One game round per (seed, nonce): a set of floats can never decide two rounds.

Revision ID: 28a1d0597a6c
Revises: 7a7294ac02ee
Create Date: 2026-11-22 05:48:57.091666+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "28a1d0597a6c"
down_revision: str | None = "7a7294ac02ee"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_unique_constraint("uq_game_rounds_seed_id_nonce", "game_rounds", ["seed_id", "nonce"])


def downgrade() -> None:
    op.drop_constraint("uq_game_rounds_seed_id_nonce", "game_rounds", type_="unique")
