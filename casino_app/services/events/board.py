"""An event's leaderboard: participants by points (event missions completed), the first to reach a score
ranking higher; players who hid themselves from leaderboards are left out of what others see.

A player with no points is not ranked. The caller always sees their own points, and their rank among the
players shown (if they hid themselves, where they would stand, marked ``hidden``).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from casino_app.core.db import session_scope
from casino_app.services.events import player

MAX_LIMIT = 100

# Ranked order: points, then who reached them first, then the older account (a stable last resort).
_TOP = sa.text(
    """
    SELECT p.user_id, u.nickname, u.avatar, p.points
    FROM event_participants p
    JOIN users u ON u.id = p.user_id
    LEFT JOIN player_preferences pp ON pp.user_id = p.user_id
    WHERE p.event_id = :event_id AND p.points > 0 AND u.is_active AND NOT COALESCE(pp.leaderboard_hidden, false)
    ORDER BY p.points DESC, p.updated_at, p.user_id
    LIMIT :limit
    """
)
_MINE = sa.text(
    """
    SELECT me.points, COALESCE(mine.leaderboard_hidden, false) AS hidden,
           (SELECT count(*) FROM event_participants o
            JOIN users ou ON ou.id = o.user_id
            LEFT JOIN player_preferences op ON op.user_id = o.user_id
            WHERE o.event_id = me.event_id AND o.user_id <> me.user_id AND o.points > 0
              AND ou.is_active AND NOT COALESCE(op.leaderboard_hidden, false)
              AND (o.points, me.updated_at, me.user_id) > (me.points, o.updated_at, o.user_id)) AS ahead
    FROM event_participants me
    LEFT JOIN player_preferences mine ON mine.user_id = me.user_id
    WHERE me.event_id = :event_id AND me.user_id = :user_id
    """
)


@dataclass(frozen=True)
class Entry:
    """One ranked player as everyone sees them."""

    rank: int
    nickname: str
    avatar: str
    points: int
    is_me: bool


@dataclass(frozen=True)
class Mine:
    """The caller's own standing (``rank`` None without points or without joining)."""

    joined: bool
    points: int
    rank: int | None
    hidden: bool


@dataclass(frozen=True)
class Board:
    """The top of an event's leaderboard and the caller's own place."""

    event_id: int
    entries: list[Entry]
    me: Mine


def leaderboard(user_id: int, event_id: int, limit: int = 20) -> Board:
    """The top ``limit`` (1–100) of a visible event and the caller's rank (404 for an event players cannot see)."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    player.visible_event(event_id)
    with session_scope() as db:
        top = db.execute(_TOP, {"event_id": event_id, "limit": limit}).all()
        mine = db.execute(_MINE, {"event_id": event_id, "user_id": user_id}).first()
    entries = [Entry(n, row.nickname, row.avatar, row.points, row.user_id == user_id) for n, row in enumerate(top, 1)]
    if mine is None:
        return Board(event_id, entries, Mine(False, 0, None, False))
    rank = mine.ahead + 1 if mine.points > 0 else None
    return Board(event_id, entries, Mine(True, mine.points, rank, bool(mine.hidden)))
