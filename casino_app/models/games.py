"""Games: provably fair seeds, versioned odds tables, rounds, gacha state, inventory, the live feed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field


def _user_fk(**kwargs: Any) -> Any:
    return Field(sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), **kwargs))


class FairnessSeed(SQLModel, table=True):
    """A server seed: committed (hash shown) while active, revealed after rotation."""

    __tablename__ = "fairness_seeds"
    __table_args__ = (
        sa.CheckConstraint("status IN ('active', 'revealed')", name="status_known"),
        sa.CheckConstraint("nonce >= 0", name="nonce_non_negative"),
        sa.CheckConstraint("status = 'active' OR revealed_seed IS NOT NULL", name="revealed_has_seed"),
        sa.Index("uq_fairness_seeds_one_active", "user_id", unique=True, postgresql_where=sa.text("status = 'active'")),
    )

    id: int | None = bigint_pk()
    user_id: int = _user_fk(nullable=False, index=True)
    server_seed_encrypted: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    server_seed_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    client_seed: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    nonce: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    status: str = Field(default="active", sa_column=sa.Column(sa.String(10), nullable=False, server_default="active"))
    revealed_seed: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
    created_at: datetime = timestamp_field()
    revealed_at: datetime | None = timestamp_field(nullable=True)


class GameKey(SQLModel, table=True):
    """The games known to the database: a row per registered game, written from the registry at start-up.

    Odds tables and rounds reference it, so the database refuses a game the code does not offer.
    """

    __tablename__ = "games"

    key: str = Field(sa_column=sa.Column(sa.String(20), primary_key=True))
    created_at: datetime = timestamp_field()


class GameConfig(SQLModel, table=True):
    """A versioned odds table; never edited in place — staff add versions, exactly one is active per game."""

    __tablename__ = "game_configs"
    __table_args__ = (
        sa.UniqueConstraint("game", "version", name="uq_game_configs_game_version"),
        sa.Index("uq_game_configs_one_active", "game", unique=True, postgresql_where=sa.text("is_active")),
    )

    id: int | None = bigint_pk()
    game: str = Field(sa_column=sa.Column(sa.String(20), sa.ForeignKey("games.key"), nullable=False))
    version: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    config: dict[str, Any] = Field(sa_column=sa.Column(JSONB, nullable=False))
    declared_rtp: float = Field(sa_column=sa.Column(sa.Numeric(7, 4), nullable=False))
    is_active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False))
    created_by: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    created_at: datetime = timestamp_field()


class GameRound(SQLModel, table=True):
    """One played round with everything needed to verify it once the seed is revealed."""

    __tablename__ = "game_rounds"
    __table_args__ = (
        sa.Index("ix_game_rounds_user_id_desc", "user_id", sa.text("id DESC")),
        sa.Index("ix_game_rounds_user_game_id_desc", "user_id", "game", sa.text("id DESC")),
        sa.CheckConstraint("bet >= 0 AND payout >= 0", name="amounts_non_negative"),
        # A (seed, nonce) pair is one set of floats: it can never decide two rounds.
        sa.UniqueConstraint("seed_id", "nonce", name="uq_game_rounds_seed_id_nonce"),
    )

    id: int | None = bigint_pk()
    user_id: int = _user_fk(nullable=False)
    game: str = Field(sa_column=sa.Column(sa.String(20), sa.ForeignKey("games.key"), nullable=False))
    config_version: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    # NULL for a crash bet: the shared round's hash chain proves it (``server_seed_hash`` holds the
    # round's commitment, the previous round's hash, and ``nonce`` the round number).
    seed_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("fairness_seeds.id"), nullable=True)
    )
    server_seed_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    client_seed: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    nonce: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    bet: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    payout: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    outcome: dict[str, Any] = Field(sa_column=sa.Column(JSONB, nullable=False))
    transfer_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("ledger_transfers.id"), nullable=True)
    )
    # "<game>:<user>:<client key>": a retried request finds the round it already played (also rounds
    # that moved no gold, which have no ledger transfer to look up).
    request_key: str = Field(sa_column=sa.Column(sa.String(200), nullable=False, unique=True))
    request: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))
    )
    created_at: datetime = timestamp_field(index=True)
    # When its player first checked it on the verify page or API (the "verify a round" goal counts it once).
    verified_at: datetime | None = timestamp_field(nullable=True)


class GachaPity(SQLModel, table=True):
    """Pulls since the player's last Epic-or-better (the hard-pity counter)."""

    __tablename__ = "gacha_pity"

    user_id: int = _user_fk(primary_key=True)
    pulls_since_epic: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    total_pulls: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))


class GachaDailyPulls(SQLModel, table=True):
    """Pull actions per player per KST day (a 10-pull counts once)."""

    __tablename__ = "gacha_daily_pulls"
    __table_args__ = (sa.PrimaryKeyConstraint("user_id", "day", name="pk_gacha_daily_pulls"),)

    user_id: int = Field(sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE")))
    day: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    pulls: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))


class GachaStock(SQLModel, table=True):
    """Global stock of a limited item; never below zero."""

    __tablename__ = "gacha_stock"
    __table_args__ = (sa.CheckConstraint("remaining >= 0", name="remaining_non_negative"),)

    item_id: str = Field(sa_column=sa.Column(sa.String(40), primary_key=True))
    remaining: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    initial: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))


class InventoryItem(SQLModel, table=True):
    """Items a player owns (cosmetics), with counts."""

    __tablename__ = "inventory_items"
    __table_args__ = (
        sa.PrimaryKeyConstraint("user_id", "item_id", name="pk_inventory_items"),
        sa.CheckConstraint("quantity >= 0", name="quantity_non_negative"),
    )

    user_id: int = Field(sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE")))
    item_id: str = Field(sa_column=sa.Column(sa.String(40), nullable=False))
    quantity: int = Field(default=1, sa_column=sa.Column(sa.Integer, nullable=False, server_default="1"))
    first_obtained_at: datetime = timestamp_field()
    last_obtained_at: datetime = timestamp_field()


class FeedEvent(SQLModel, table=True):
    """A public moment for the live feed (a Legendary pull, a big win)."""

    __tablename__ = "feed_events"

    id: int | None = bigint_pk()
    kind: str = Field(sa_column=sa.Column(sa.String(30), nullable=False))
    user_id: int = _user_fk(nullable=False)
    params: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))
    )
    created_at: datetime = timestamp_field(index=True)


class RouletteFreeSpin(SQLModel, table=True):
    """Free roulette spins a player took per KST day (``used`` never exceeds the table's free spins per day)."""

    __tablename__ = "roulette_free_spins"
    __table_args__ = (
        sa.PrimaryKeyConstraint("user_id", "day", name="pk_roulette_free_spins"),
        sa.CheckConstraint("used >= 1", name="used_positive"),
    )

    user_id: int = Field(sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE")))
    day: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    used: int = Field(default=1, sa_column=sa.Column(sa.Integer, nullable=False, server_default="1"))
