"""Game registry in the database, request keys and requests on rounds.

- ``games``: one row per game the code registers (written at start-up); odds tables and rounds reference it
  instead of a hand-written ``CHECK (game IN ('slot', 'gacha'))``.
- ``game_rounds.request_key``: the round's own idempotency key (rounds that move no gold have no transfer);
  existing rounds take their ledger transfer's key, which has the same form.
- ``game_rounds.request``: the request the round answered (a replay must be the same request);
  existing rounds get it back from their bet (slot) or pull count (gacha).
- ``inventory_items.quantity >= 0``: items are now also consumed (roulette tickets).

Revision ID: 8d2f4c6a1e73
Revises: 5c1e9a7d2b40
Create Date: 2026-11-28 08:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "8d2f4c6a1e73"
down_revision: str | None = "5c1e9a7d2b40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "games",
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_games")),
    )
    op.execute(
        "INSERT INTO games (key) SELECT g FROM (VALUES ('slot'), ('gacha')) v(g) "
        "UNION SELECT game FROM game_configs UNION SELECT game FROM game_rounds"
    )
    op.drop_constraint(op.f("ck_game_configs_game_known"), "game_configs", type_="check")
    op.create_foreign_key(op.f("fk_game_configs_game_games"), "game_configs", "games", ["game"], ["key"])
    op.create_foreign_key(op.f("fk_game_rounds_game_games"), "game_rounds", "games", ["game"], ["key"])

    op.add_column("game_rounds", sa.Column("request_key", sa.String(length=200), nullable=True))
    op.execute(
        "UPDATE game_rounds r SET request_key = t.idempotency_key FROM ledger_transfers t WHERE t.id = r.transfer_id"
    )
    op.execute("UPDATE game_rounds SET request_key = 'legacy:' || id WHERE request_key IS NULL")
    op.alter_column("game_rounds", "request_key", nullable=False)
    op.create_unique_constraint(op.f("uq_game_rounds_request_key"), "game_rounds", ["request_key"])

    op.add_column(
        "game_rounds",
        sa.Column(
            "request", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False
        ),
    )
    op.execute("UPDATE game_rounds SET request = jsonb_build_object('bet_amount', bet) WHERE game = 'slot'")
    op.execute("UPDATE game_rounds SET request = jsonb_build_object('count', outcome->'count') WHERE game = 'gacha'")
    op.create_check_constraint(op.f("ck_inventory_items_quantity_non_negative"), "inventory_items", "quantity >= 0")


def downgrade() -> None:
    op.drop_constraint(op.f("ck_inventory_items_quantity_non_negative"), "inventory_items", type_="check")
    op.drop_column("game_rounds", "request")
    op.drop_constraint(op.f("uq_game_rounds_request_key"), "game_rounds", type_="unique")
    op.drop_column("game_rounds", "request_key")
    op.drop_constraint(op.f("fk_game_rounds_game_games"), "game_rounds", type_="foreignkey")
    op.drop_constraint(op.f("fk_game_configs_game_games"), "game_configs", type_="foreignkey")
    # The old schema knows only two games' odds tables (rounds of later games stay, as recorded).
    op.execute("DELETE FROM game_configs WHERE game NOT IN ('slot', 'gacha')")
    op.create_check_constraint(op.f("ck_game_configs_game_known"), "game_configs", "game IN ('slot', 'gacha')")
    op.drop_table("games")
