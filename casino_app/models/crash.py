"""Crash: the hash chains, the loop's lease, the shared rounds and the players' bets."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field


class CrashChain(SQLModel, table=True):
    """A hash chain: its sealed seed, its length and the terminating hash published before its first round."""

    __tablename__ = "crash_chains"
    __table_args__ = (
        sa.CheckConstraint("length >= 1", name="length_positive"),
        sa.CheckConstraint("status IN ('active', 'retired')", name="status_known"),
        sa.Index("uq_crash_chains_one_active", "status", unique=True, postgresql_where=sa.text("status = 'active'")),
    )

    id: int | None = bigint_pk()
    seed_sealed: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    length: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    terminating_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    status: str = Field(default="active", sa_column=sa.Column(sa.String(10), nullable=False, server_default="active"))
    created_at: datetime = timestamp_field()


class CrashLoop(SQLModel, table=True):
    """The one round loop of the deployment: the lease epoch (fencing token), its holder and the pause switch."""

    __tablename__ = "crash_loop"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, sa_column=sa.Column(sa.SmallInteger, primary_key=True))
    epoch: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    leader: str = Field(default="", sa_column=sa.Column(sa.String(120), nullable=False, server_default=""))
    heartbeat_at: datetime | None = timestamp_field(nullable=True)
    paused: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default="false"))
    paused_by: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    paused_at: datetime | None = timestamp_field(nullable=True)


class CrashRound(SQLModel, table=True):
    """One shared round. ``hash`` and ``crash_point`` are filled when it crashes (``hash_sealed`` until then)."""

    __tablename__ = "crash_rounds"
    __table_args__ = (
        sa.UniqueConstraint("chain_id", "number", name="uq_crash_rounds_chain_id_number"),
        sa.CheckConstraint("status IN ('betting', 'flying', 'crashed')", name="status_known"),
        sa.CheckConstraint("status <> 'crashed' OR (hash IS NOT NULL AND crash_point >= 100)", name="crashed_revealed"),
        sa.CheckConstraint("total_bet >= 0 AND total_paid >= 0", name="totals_non_negative"),
        sa.Index(
            "uq_crash_rounds_one_open", sa.text("(true)"), unique=True, postgresql_where=sa.text("status <> 'crashed'")
        ),
        sa.Index("ix_crash_rounds_id_desc", sa.text("id DESC")),
    )

    id: int | None = bigint_pk()
    chain_id: int = Field(sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("crash_chains.id"), nullable=False))
    number: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    config_version: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    status: str = Field(default="betting", sa_column=sa.Column(sa.String(10), nullable=False))
    commitment: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    hash_sealed: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    hash: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
    crash_point: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    betting_ends_at: datetime = timestamp_field(default_now=False)
    started_at: datetime | None = timestamp_field(nullable=True)
    crashed_at: datetime | None = timestamp_field(nullable=True)
    settled_epoch: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    total_bet: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    total_paid: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    players: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    created_at: datetime = timestamp_field()


class CrashBet(SQLModel, table=True):
    """A player's bet in a round: debited when placed, paid when cashed out, lost at the crash."""

    __tablename__ = "crash_bets"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "user_id", name="uq_crash_bets_round_id_user_id"),
        sa.CheckConstraint("bet_amount > 0 AND payout >= 0", name="amounts_valid"),
        sa.CheckConstraint("auto_cashout IS NULL OR auto_cashout >= 101", name="auto_cashout_above_one"),
        sa.CheckConstraint("status IN ('active', 'cashed', 'lost')", name="status_known"),
        sa.CheckConstraint(
            "(status = 'cashed') = (cashout_multiplier IS NOT NULL AND payout > 0)", name="cashed_has_payout"
        ),
        sa.Index("uq_crash_bets_one_active", "user_id", unique=True, postgresql_where=sa.text("status = 'active'")),
        sa.Index("ix_crash_bets_user_id_desc", "user_id", sa.text("id DESC")),
    )

    id: int | None = bigint_pk()
    round_id: int = Field(sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("crash_rounds.id"), nullable=False))
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    bet_amount: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    auto_cashout: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    status: str = Field(default="active", sa_column=sa.Column(sa.String(10), nullable=False))
    cashout_multiplier: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    payout: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    request_key: str = Field(sa_column=sa.Column(sa.String(200), nullable=False, unique=True))
    stake_transfer_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("ledger_transfers.id"), nullable=False)
    )
    game_round_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("game_rounds.id"), nullable=True)
    )
    created_at: datetime = timestamp_field()
    settled_at: datetime | None = timestamp_field(nullable=True)
