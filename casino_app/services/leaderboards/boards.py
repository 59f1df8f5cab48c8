"""Reading a leaderboard: the top players of the current day or week, and where the viewer stands.

With Redis configured, the top-N and the viewer's rank come from the board's
sorted set (rebuilt from PostgreSQL first when it is not built, e.g. after a
Redis restart or at the start of a period); without Redis, or when Redis fails,
from PostgreSQL directly. Both give the same order (``cache``'s docstring).
Nicknames and visibility always come from PostgreSQL: a hidden or inactive player
found in a set is skipped and removed from it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import redis
from sqlmodel import Session

from casino_app.core.db import session_scope
from casino_app.core.errors import ValidationFailed
from casino_app.core.redis_client import get_redis
from casino_app.services.games import registry
from casino_app.services.leaderboards import cache, store
from casino_app.services.leaderboards.periods import ALL_GAMES, Board, Period, PeriodKind, period_of

logger = logging.getLogger(__name__)

MAX_LIMIT = 100


@dataclass(frozen=True)
class Row:
    """A player on the board: 1-based rank, who, score (XP, missions, or multiplier in basis points)."""

    rank: int
    user_id: int
    nickname: str
    score: int


@dataclass(frozen=True)
class Mine:
    """The viewer's own standing: no rank while they hide from leaderboards."""

    rank: int | None
    score: int
    hidden: bool


@dataclass(frozen=True)
class Standings:
    """One board of the current period as a viewer sees it."""

    board: Board
    game: str
    period: Period
    rows: list[Row]
    me: Mine | None
    source: str  # "redis" or "postgres": where the ranking was read


def check_board(board: Board, game: str) -> None:
    """Only the multiplier board is kept per game (422 otherwise), and only for games on offer."""
    if not game:
        return
    if board is not Board.MULTIPLIER:
        raise ValidationFailed(code="LEADERBOARD_GAME_NOT_APPLICABLE", details={"board": board.value})
    if not registry.is_game(game):
        raise ValidationFailed(code="LEADERBOARD_GAME_UNKNOWN", details={"game": game})


def every_board() -> list[tuple[Board, str]]:
    """Every (board, game) kept: XP and missions over all games, the multiplier overall and per game."""
    boards = [(Board.XP, ALL_GAMES), (Board.MISSIONS, ALL_GAMES), (Board.MULTIPLIER, ALL_GAMES)]
    return boards + [(Board.MULTIPLIER, game.key) for game in registry.games()]


def standings(board: Board, game: str, kind: PeriodKind, limit: int, viewer_id: int | None = None) -> Standings:
    """The top ``limit`` (1..100) visible players of the current period, and the viewer's standing."""
    check_board(board, game)
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed(code="LEADERBOARD_LIMIT", details={"max": MAX_LIMIT})
    period = period_of(kind)
    ref = store.BoardRef(board.value, game, kind.value, period.key)
    client = get_redis()
    if client is not None:
        try:
            rows, me = _from_redis(client, ref, limit, viewer_id)
            return Standings(board, game, period, rows, me, "redis")
        except redis.RedisError:
            logger.warning("leaderboard read from PostgreSQL: Redis failed", exc_info=True)
    rows, me = _from_postgres(ref, limit, viewer_id)
    return Standings(board, game, period, rows, me, "postgres")


def _from_postgres(ref: store.BoardRef, limit: int, viewer_id: int | None) -> tuple[list[Row], Mine | None]:
    with session_scope() as db:
        entries = store.top(db, ref, limit)
        names = store.people(db, [e.user_id for e in entries])
        rows = [Row(i, e.user_id, names[e.user_id].nickname, e.score) for i, e in enumerate(entries, 1)]
        me = _standing(db, ref, viewer_id, lambda mine: store.rank(db, ref, mine))
    return rows, me


def _from_redis(
    client: redis.Redis, ref: store.BoardRef, limit: int, viewer_id: int | None
) -> tuple[list[Row], Mine | None]:
    if not cache.is_built(client, ref.board, ref.game, ref.key):
        rebuild(ref.board, ref.game, ref.kind, ref.key)
    rows: list[Row] = []
    stale: list[int] = []
    start, batch = 0, limit + 10
    with session_scope() as db:
        while len(rows) < limit:
            entries = cache.page(client, ref.board, ref.game, ref.key, start, batch)
            names = store.people(db, [e.user_id for e in entries])
            for entry in entries:
                person = names.get(entry.user_id)
                if person is None or not person.visible:
                    stale.append(entry.user_id)
                elif len(rows) < limit:
                    rows.append(Row(len(rows) + 1, entry.user_id, person.nickname, entry.score))
            if len(entries) < batch:
                break
            start += batch
        if stale:
            cache.remove(client, ref.board, ref.game, ref.key, stale)
        me = _standing(db, ref, viewer_id, lambda mine: _redis_rank(client, db, ref, mine))
    return rows, me


def _redis_rank(client: redis.Redis, db: Session, ref: store.BoardRef, mine: store.Own) -> int:
    """The viewer's rank from the set; from PostgreSQL when the set does not hold them (yet)."""
    found = cache.position(client, ref.board, ref.game, ref.key, mine.user_id)
    return found + 1 if found is not None else store.rank(db, ref, mine)


def _standing(
    db: Session, ref: store.BoardRef, viewer_id: int | None, rank_of: Callable[[store.Own], int]
) -> Mine | None:
    """The viewer's score and rank (no rank while hidden), ``None`` when they have not scored."""
    mine = store.own(db, ref, viewer_id) if viewer_id is not None else None
    if mine is None:
        return None
    return Mine(None, mine.score, True) if mine.hidden else Mine(rank_of(mine), mine.score, False)


def rebuild(board: str, game: str, kind: str, period_key: str) -> int:
    """Copy one board of one period from PostgreSQL into its Redis set (atomic swap); how many it holds.

    Does nothing (returns 0) without Redis. A score committed while the copy runs may
    miss the new set; its player's next change writes it again (sets hold absolute scores).
    """
    client = get_redis()
    if client is None:
        return 0
    with session_scope() as db:
        entries = store.everyone(db, store.BoardRef(board, game, kind, period_key))
    return cache.replace(client, board, game, period_key, entries)
