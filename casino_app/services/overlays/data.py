"""What each overlay shows: recent feed moments, recent big wins, today's leaderboard, opted-in players only.

A player appears only when they turned on ``stream_visible``, are active and do not hide from leaderboards;
anyone else is left out (never shown anonymised). Their moments appear only from when they turned it on
(``stream_visible_since``): the opt-in does not reach back to earlier wins. Each kind is read at most once
per ``TTL_SECONDS`` per process, however many overlays are open: an overlay refreshes every few seconds.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.services.leaderboards import boards
from casino_app.services.leaderboards.periods import ALL_GAMES, Board, PeriodKind
from casino_app.services.overlays import Kind

TTL_SECONDS = 3.0
FEED_WINDOW = timedelta(hours=24)  # an overlay is live: older moments are not news on stream
FEED_SIZE = 6
BOARD_SIZE = 10


@dataclass(frozen=True)
class Moment:
    """A feed moment of an opted-in player (``kind`` is ``big_win`` or ``legendary``)."""

    id: int
    kind: str
    nickname: str
    params: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class Ranked:
    """An opted-in player on today's XP board, with their rank among everyone shown there."""

    rank: int
    nickname: str
    score: int


# Who may appear, the one rule both queries use (``u`` the user, ``p`` their preferences): opted in, not hiding
# from leaderboards, an active player. Moments also have to be newer than the opt-in.
_MAY_APPEAR = "p.stream_visible AND NOT p.leaderboard_hidden AND u.is_active AND u.staff_role IS NULL"
_MOMENTS = sa.text(
    f"""SELECT f.id, f.kind, u.nickname, f.params, f.created_at FROM feed_events f
    JOIN users u ON u.id = f.user_id JOIN player_preferences p ON p.user_id = f.user_id
    WHERE {_MAY_APPEAR} AND f.created_at >= p.stream_visible_since
        AND f.created_at >= :since AND (CAST(:kind AS text) IS NULL OR f.kind = :kind)
    ORDER BY f.id DESC LIMIT :limit"""  # noqa: S608 (constants only)
)
_OPTED_IN = sa.text(
    f"""SELECT x.user_id FROM unnest(CAST(:ids AS bigint[])) AS x(user_id)
    JOIN users u ON u.id = x.user_id JOIN player_preferences p ON p.user_id = x.user_id
    WHERE {_MAY_APPEAR}"""  # noqa: S608 (constants only)
)

_lock = threading.Lock()
_cache: dict[Kind, tuple[float, list[Any]]] = {}


def forget() -> None:
    """Drop what this process cached (a player changed their choice: the next refresh reads it)."""
    with _lock:
        _cache.clear()


def items(kind: Kind) -> list[Moment] | list[Ranked]:
    """What the overlay of ``kind`` shows now (at most ``TTL_SECONDS`` old)."""
    with _lock:
        found = _cache.get(kind)
        if found is not None and time.monotonic() - found[0] < TTL_SECONDS:
            return found[1]
    fresh: list[Any] = leaderboard() if kind is Kind.LEADERBOARD else moments(big_wins_only=kind is Kind.BIGWINS)
    with _lock:
        _cache[kind] = (time.monotonic(), fresh)
    return fresh


def moments(*, big_wins_only: bool = False, limit: int = FEED_SIZE) -> list[Moment]:
    """The newest feed moments of the last 24 hours by opted-in players (only those since each opted in),
    newest first."""
    params = {"since": clock.now() - FEED_WINDOW, "kind": "big_win" if big_wins_only else None, "limit": limit}
    with session_scope() as db:
        rows = db.connection().execute(_MOMENTS, params).all()
    return [Moment(int(r.id), r.kind, r.nickname, dict(r.params), r.created_at) for r in rows]


def leaderboard(limit: int = BOARD_SIZE) -> list[Ranked]:
    """Today's XP board (KST day) from the leaderboards service, keeping only opted-in players and their
    ranks on the board everyone sees."""
    board = boards.standings(Board.XP, ALL_GAMES, PeriodKind.DAILY, boards.MAX_LIMIT)
    ids = [row.user_id for row in board.rows]
    if not ids:
        return []
    with session_scope() as db:
        shown = {int(u) for u in db.connection().execute(_OPTED_IN, {"ids": ids}).scalars()}
    return [Ranked(r.rank, r.nickname, r.score) for r in board.rows if r.user_id in shown][:limit]
