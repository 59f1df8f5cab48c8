"""crash: hash chains, loop lease, shared rounds, bets (issue 13).

``crash_chains`` hold a chain's sealed seed and the terminating hash published before its first round;
``crash_loop`` is the single row of the deployment's round loop (lease epoch used as a fencing token, holder,
heartbeat, the operators' pause switch); ``crash_rounds`` are the shared rounds (the round hash stays sealed
until the crash); ``crash_bets`` the players' bets, at most one active per player. ``game_rounds.seed_id``
becomes nullable: a settled crash bet is recorded there too (history, stats, export) and is proven by the
chain rather than a player seed.

Revision ID: 0a1c7e5d9b09
Revises: 0a1c7e5d9b08
Create Date: 2026-11-28 18:21:12.456565+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0a1c7e5d9b09"
down_revision: str | None = "0a1c7e5d9b08"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "crash_chains",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("seed_sealed", sa.Text(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("terminating_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="active", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("status IN ('active', 'retired')", name=op.f("ck_crash_chains_status_known")),
        sa.CheckConstraint("length >= 1", name=op.f("ck_crash_chains_length_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crash_chains")),
        sa.UniqueConstraint("terminating_hash", name=op.f("uq_crash_chains_terminating_hash")),
    )
    op.create_index(
        "uq_crash_chains_one_active",
        "crash_chains",
        ["status"],
        unique=True,
        postgresql_where=sa.text("status = 'active'"),
    )
    op.create_table(
        "crash_loop",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("epoch", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("leader", sa.String(length=120), server_default="", nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("paused_by", sa.BigInteger(), nullable=True),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_crash_loop_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crash_loop")),
    )
    op.create_table(
        "crash_rounds",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("chain_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("config_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("commitment", sa.String(length=64), nullable=False),
        sa.Column("hash_sealed", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=True),
        sa.Column("crash_point", sa.Integer(), nullable=True),
        sa.Column("betting_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("crashed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("settled_epoch", sa.BigInteger(), nullable=True),
        sa.Column("total_bet", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("total_paid", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("players", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "status <> 'crashed' OR (hash IS NOT NULL AND crash_point >= 100)",
            name=op.f("ck_crash_rounds_crashed_revealed"),
        ),
        sa.CheckConstraint("status IN ('betting', 'flying', 'crashed')", name=op.f("ck_crash_rounds_status_known")),
        sa.CheckConstraint("total_bet >= 0 AND total_paid >= 0", name=op.f("ck_crash_rounds_totals_non_negative")),
        sa.ForeignKeyConstraint(["chain_id"], ["crash_chains.id"], name=op.f("fk_crash_rounds_chain_id_crash_chains")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crash_rounds")),
        sa.UniqueConstraint("chain_id", "number", name="uq_crash_rounds_chain_id_number"),
    )
    op.create_index("ix_crash_rounds_id_desc", "crash_rounds", [sa.literal_column("id DESC")], unique=False)
    op.create_index(
        "uq_crash_rounds_one_open",
        "crash_rounds",
        [sa.literal_column("(true)")],
        unique=True,
        postgresql_where=sa.text("status <> 'crashed'"),
    )
    op.create_table(
        "crash_bets",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("round_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("bet_amount", sa.BigInteger(), nullable=False),
        sa.Column("auto_cashout", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("cashout_multiplier", sa.Integer(), nullable=True),
        sa.Column("payout", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("request_key", sa.String(length=200), nullable=False),
        sa.Column("stake_transfer_id", sa.BigInteger(), nullable=False),
        sa.Column("game_round_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(status = 'cashed') = (cashout_multiplier IS NOT NULL AND payout > 0)",
            name=op.f("ck_crash_bets_cashed_has_payout"),
        ),
        sa.CheckConstraint("status IN ('active', 'cashed', 'lost')", name=op.f("ck_crash_bets_status_known")),
        sa.CheckConstraint(
            "auto_cashout IS NULL OR auto_cashout >= 101", name=op.f("ck_crash_bets_auto_cashout_above_one")
        ),
        sa.CheckConstraint("bet_amount > 0 AND payout >= 0", name=op.f("ck_crash_bets_amounts_valid")),
        sa.ForeignKeyConstraint(
            ["game_round_id"], ["game_rounds.id"], name=op.f("fk_crash_bets_game_round_id_game_rounds")
        ),
        sa.ForeignKeyConstraint(["round_id"], ["crash_rounds.id"], name=op.f("fk_crash_bets_round_id_crash_rounds")),
        sa.ForeignKeyConstraint(
            ["stake_transfer_id"],
            ["ledger_transfers.id"],
            name=op.f("fk_crash_bets_stake_transfer_id_ledger_transfers"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_crash_bets_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crash_bets")),
        sa.UniqueConstraint("request_key", name=op.f("uq_crash_bets_request_key")),
        sa.UniqueConstraint("round_id", "user_id", name="uq_crash_bets_round_id_user_id"),
    )
    op.create_index("ix_crash_bets_user_id_desc", "crash_bets", ["user_id", sa.literal_column("id DESC")], unique=False)
    op.create_index(
        "uq_crash_bets_one_active",
        "crash_bets",
        ["user_id"],
        unique=True,
        postgresql_where=sa.text("status = 'active'"),
    )
    op.alter_column("game_rounds", "seed_id", existing_type=sa.BIGINT(), nullable=True)
    op.execute("INSERT INTO crash_loop (id) VALUES (1)")


def downgrade() -> None:
    op.drop_constraint("fk_crash_bets_game_round_id_game_rounds", "crash_bets", type_="foreignkey")
    op.execute("DELETE FROM game_rounds WHERE seed_id IS NULL")
    op.alter_column("game_rounds", "seed_id", existing_type=sa.BIGINT(), nullable=False)
    op.drop_index("uq_crash_bets_one_active", table_name="crash_bets", postgresql_where=sa.text("status = 'active'"))
    op.drop_index("ix_crash_bets_user_id_desc", table_name="crash_bets")
    op.drop_table("crash_bets")
    op.drop_index(
        "uq_crash_rounds_one_open", table_name="crash_rounds", postgresql_where=sa.text("status <> 'crashed'")
    )
    op.drop_index("ix_crash_rounds_id_desc", table_name="crash_rounds")
    op.drop_table("crash_rounds")
    op.drop_table("crash_loop")
    op.drop_index(
        "uq_crash_chains_one_active", table_name="crash_chains", postgresql_where=sa.text("status = 'active'")
    )
    op.drop_table("crash_chains")
