"""Game rounds: recording, replay lookup, pacing, history (with proof fields), stats and the session summary."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import Sql, session_scope
from casino_app.core.errors import RateLimited, ValidationFailed
from casino_app.models.games import GameRound
from casino_app.services import cursors, outbox, rate_limit
from casino_app.services.fairness.seeds import RoundSeed
from casino_app.settings import get_settings


def pace(user_id: int, rank: str | None = None) -> None:
    """At most one round per ``ROUND_MIN_INTERVAL_MS`` per player, across games (429 ``ROUND_TOO_FAST``).

    ``rank`` labels the rate-limit metric only: every rank has the same pace.
    """
    interval = get_settings().round_min_interval_ms
    if interval <= 0:
        return
    decision = rate_limit.hit(f"round:{user_id}", 1, interval / 1000, rank=rank)
    if not decision.allowed:
        raise RateLimited(retry_after=decision.retry_after, code="ROUND_TOO_FAST", details={"interval_ms": interval})


# The round and its outbox event in one statement (the event carries the id the insert assigned).
_INSERT = """
    WITH r AS ({round}
        RETURNING id
    ), o AS (
        INSERT INTO outbox_events (topic, key, payload, created_at)
        SELECT %(topic)s, %(event_key)s, jsonb_build_object('round_id', r.id) || %(event)s::jsonb, %(now)s FROM r
    )
    SELECT id FROM r
"""
_ROUND = """
        INSERT INTO game_rounds ({id}user_id, game, config_version, seed_id, server_seed_hash, client_seed, nonce,
                                 bet, payout, outcome, transfer_id, request_key, request, created_at)
        VALUES ({id_value}%(user_id)s, %(game)s, %(version)s, %(seed_id)s, %(seed_hash)s, %(client_seed)s, %(nonce)s,
                %(bet)s, %(payout)s, %(outcome)s::jsonb, %(transfer_id)s::bigint, %(request_key)s, %(request)s::jsonb,
                %(now)s)"""
_INSERT = _INSERT.format(round=_ROUND.format(id="", id_value=""))
_INSERT_RESERVED = _ROUND.format(id="id, ", id_value="%(round_id)s, ")
RESERVE_ID = "nextval(pg_get_serial_sequence('game_rounds', 'id'))"  # a round id taken ahead, in SQL


@dataclass(frozen=True)
class NewRound:
    """A round to record: ``statement`` (the round and its event in one) or ``reserved`` (as two plain ones)."""

    user_id: int
    game: str
    version: int
    seed: RoundSeed
    bet: int
    payout: int
    outcome: dict[str, Any]
    transfer_id: int | None
    request_key: str
    request: dict[str, Any]

    def statement(self) -> Sql:
        """The round and its outbox event as one statement for a pipeline; its one row is the round id."""
        params = self._params() | {
            "topic": outbox.GAME_ROUNDS,
            "event_key": str(self.user_id),
            "event": json.dumps(self._event()),
        }
        return Sql(_INSERT, params)

    def reserved(self, round_id: int) -> tuple[Sql, Sql]:
        """The round under ``round_id`` (taken ahead with ``RESERVE_ID``) and its outbox event: two plain
        statements, which ``core.merge.together`` can merge with other independent writes."""
        event = outbox.emit_statement(outbox.GAME_ROUNDS, self.user_id, {"round_id": round_id, **self._event()})
        return Sql(_INSERT_RESERVED, {"round_id": round_id, **self._params()}), event

    def _event(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "game": self.game,
            "config_version": self.version,
            "bet": self.bet,
            "payout": self.payout,
        }

    def _params(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "game": self.game,
            "version": self.version,
            "seed_id": self.seed.seed_id,
            "seed_hash": self.seed.server_seed_hash,
            "client_seed": self.seed.client_seed,
            "nonce": self.seed.nonce,
            "bet": self.bet,
            "payout": self.payout,
            "outcome": json.dumps(self.outcome),
            "transfer_id": self.transfer_id,
            "request_key": self.request_key,
            "request": json.dumps(self.request),
            "now": clock.now(),
        }


@dataclass(frozen=True)
class StoredRound:
    """A recorded round as the engine needs it for a replay."""

    id: int
    game: str
    config_version: int
    bet: int
    payout: int
    outcome: dict[str, Any]
    request: dict[str, Any]
    server_seed_hash: str
    client_seed: str
    nonce: int


def by_key(db: Session, request_key: str) -> StoredRound | None:
    """The round already played for a request key (a retried click or call), if any."""
    table = GameRound.__table__
    columns = [table.c[name] for name in StoredRound.__dataclass_fields__]
    row = db.execute(sa.select(*columns).where(table.c.request_key == request_key)).mappings().first()
    return StoredRound(**row) if row is not None else None


@dataclass(frozen=True)
class RoundView:
    """A round as its player sees it in the history (with the proof to verify it)."""

    id: int
    game: str
    config_version: int
    bet: int
    payout: int
    outcome: dict[str, Any]
    server_seed_hash: str
    client_seed: str
    nonce: int
    created_at: datetime


def history(
    user_id: int, *, game: str | None = None, limit: int = 20, cursor: str | None = None
) -> tuple[list[RoundView], str | None]:
    """The player's own rounds, newest first, keyset paginated."""
    from casino_app.services.games import registry

    if game is not None and not registry.is_game(game):
        raise ValidationFailed(code="GAME_UNKNOWN", details={"field": "game_type"})
    limit = max(1, min(limit, 100))
    table = GameRound.__table__
    query = sa.select(table).where(table.c.user_id == user_id).order_by(table.c.id.desc()).limit(limit + 1)
    if game is not None:
        query = query.where(table.c.game == game)
    if cursor:
        query = query.where(table.c.id < cursors.decode("r", cursor))
    with session_scope() as db:
        rows = db.execute(query).mappings().all()
    items = [_view(r) for r in rows[:limit]]
    return items, (cursors.encode("r", items[-1].id) if len(rows) > limit and items else None)


def round_of(user_id: int, round_id: int) -> RoundView | None:
    """One of the player's rounds (someone else's is ``None``)."""
    table = GameRound.__table__
    with session_scope() as db:
        r = db.execute(sa.select(table).where(table.c.id == round_id, table.c.user_id == user_id)).mappings().first()
    return None if r is None else _view(r)


def _view(row: Any) -> RoundView:
    return RoundView(**{name: row[name] for name in RoundView.__dataclass_fields__})


@dataclass(frozen=True)
class GameStats:
    """Totals of one game (or all games)."""

    total_bets: int
    total_wins: int
    total_losses: int
    total_wagered: int
    total_won: int
    best_win: int
    extra: dict[str, int] = field(default_factory=dict)  # the game's own counters (rps ties, gacha rare wins…)

    @property
    def net(self) -> int:
        """Gold won minus gold wagered."""
        return self.total_won - self.total_wagered


def _stats_query(user_id: int, since: datetime | None = None) -> sa.Select:
    table = GameRound.__table__
    query = (
        sa.select(
            table.c.game,
            sa.func.count(),
            sa.func.count().filter(table.c.payout > table.c.bet),
            sa.func.count().filter(table.c.payout < table.c.bet),
            sa.func.coalesce(sa.func.sum(table.c.bet), 0),
            sa.func.coalesce(sa.func.sum(table.c.payout), 0),
            sa.func.coalesce(sa.func.max(table.c.payout), 0),
        )
        .where(table.c.user_id == user_id)
        .group_by(table.c.game)
    )
    if since is not None:
        query = query.where(table.c.created_at >= since)
    return query


def stats(user_id: int) -> tuple[GameStats, dict[str, GameStats]]:
    """Overall and per-game totals of the player's rounds (every registered game, played or not)."""
    from casino_app.services.games import registry

    with session_scope() as db:
        rows = db.execute(_stats_query(user_id)).all()
        extras = {game.key: game.stats(db, user_id) for game in registry.games()}
    found = {game: values for game, *values in rows}
    per_game = {
        key: GameStats(*(int(v) for v in found.get(key, (0, 0, 0, 0, 0, 0))), extra=extras[key]) for key in extras
    }
    overall = GameStats(
        sum(s.total_bets for s in per_game.values()),
        sum(s.total_wins for s in per_game.values()),
        sum(s.total_losses for s in per_game.values()),
        sum(s.total_wagered for s in per_game.values()),
        sum(s.total_won for s in per_game.values()),
        max((s.best_win for s in per_game.values()), default=0),
    )
    return overall, per_game


@dataclass(frozen=True)
class SessionSummary:
    """What the player did since their session started (the reality check on game pages)."""

    started_at: datetime
    rounds: int
    wagered: int
    won: int

    @property
    def net(self) -> int:
        """Won minus wagered since the session started."""
        return self.won - self.wagered

    @property
    def minutes(self) -> int:
        """Whole minutes since the session started."""
        return int((clock.now() - self.started_at).total_seconds() // 60)


def session_summary(user_id: int, started_at: datetime) -> SessionSummary:
    """Rounds, wagered and won since ``started_at``."""
    with session_scope() as db:
        rows = db.execute(_stats_query(user_id, since=started_at)).all()
    return SessionSummary(
        started_at=started_at,
        rounds=sum(int(r[1]) for r in rows),
        wagered=sum(int(r[4]) for r in rows),
        won=sum(int(r[5]) for r in rows),
    )
