"""Whether a player shows on leaderboards (``player_preferences.leaderboard_hidden``).

A hidden player keeps scoring (their own standing stays visible to them) but is
left out of every ranking; showing again puts them back with their scores.
"""

from __future__ import annotations

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import after_commit, session_scope
from casino_app.core.redis_client import get_redis
from casino_app.services.leaderboards import cache
from casino_app.services.leaderboards.periods import PeriodKind, period_of

_GET = sa.text("SELECT leaderboard_hidden FROM player_preferences WHERE user_id = :user_id")
_SET = sa.text(
    """INSERT INTO player_preferences (user_id, leaderboard_hidden, updated_at) VALUES (:user_id, :hidden, :now)
    ON CONFLICT (user_id) DO UPDATE
    SET leaderboard_hidden = EXCLUDED.leaderboard_hidden, updated_at = EXCLUDED.updated_at"""
)
_LIVE = sa.text(
    """SELECT board, game, period_key, score, reached_at FROM leaderboard_scores
    WHERE user_id = :user_id AND period_key = ANY(:keys)"""
)


def _live_period_keys() -> list[str]:
    """The periods whose Redis sets may still exist: the current ones and those that ended within the retention."""
    now = clock.now()
    return sorted({period_of(kind, at).key for kind in PeriodKind for at in (now, now - cache.RETENTION)})


def is_hidden(user_id: int) -> bool:
    """Whether the player chose to hide from leaderboards (shown by default)."""
    with session_scope() as db:
        return bool(db.connection().execute(_GET, {"user_id": user_id}).scalar())


def set_hidden(user_id: int, hidden: bool) -> bool:
    """Hide the player from (or show them on) every leaderboard at once; returns the new setting.

    The Redis sets that still exist (this and the previous day and week) follow
    after the commit: the player's members removed, or put back with their scores.
    """
    with session_scope() as db:
        conn = db.connection()
        conn.execute(_SET, {"user_id": user_id, "hidden": hidden, "now": clock.now()})
        if get_redis() is not None:
            rows = conn.execute(_LIVE, {"user_id": user_id, "keys": _live_period_keys()}).all()
            changes = [cache.Change(b, g, k, user_id, int(s), r, hidden) for b, g, k, s, r in rows]
            after_commit(db, lambda: cache.push(changes))
    return hidden
