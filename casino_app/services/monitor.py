"""The console's live monitor: the latest game rounds of every player and game, and how many players are online.

Events: every played round is a row in ``game_rounds`` (single-player games when the round commits, crash bets
when they settle), so the monitor reads that table, newest id first; nothing on the round path publishes for it.

Online: a player counts as online when one of their browser tabs is signed in and talked to the server within
the last ``ONLINE_WINDOW_SECONDS`` (10 minutes). The source is the realtime tab registry
(``services.realtime``: a Redis sorted set per player, or the process's own dict without Redis), whose score is
the time a signed-in tab last re-registered: a tab re-registers on the first signed-in request of every
5-minute period (game pages do so on their own through their ticker while they are open), and logging out
removes it at once. So a player active in the last 5 minutes is always counted, and a player whose tabs have all
been quiet for more than 10 minutes never is. Staff accounts, deactivated accounts and REST-only clients (no
browser tab) are not counted. With Redis the count covers every backend process; in the embedded mode there is
one process, which holds the whole registry.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.models.games import GameRound
from casino_app.services import realtime
from casino_app.services.games import registry

MAX_EVENTS = 200
ONLINE_WINDOW_SECONDS = 10 * 60
_COUNT_PLAYERS = sa.text(
    "SELECT count(*) FROM users WHERE id = ANY(:ids) AND staff_role IS NULL AND is_active"
)  # one array parameter, however many players


@dataclass(frozen=True)
class MonitorEvent:
    """One played round as the monitor shows it."""

    id: int
    created_at: datetime
    user_id: int
    nickname: str
    game: str
    bet: int
    payout: int
    summary: str

    @property
    def win(self) -> bool:
        """Only a payout above the stake is a win (an even payout or less is not)."""
        return self.payout > self.bet


def _summary(game: str, outcome: Any) -> str:
    """The game's own short summary of an outcome ("" for a game no longer registered or an odd outcome)."""
    if not registry.is_game(game) or not isinstance(outcome, dict):
        return ""
    try:
        return registry.get(game).summary(outcome)
    except (KeyError, TypeError, ValueError, AttributeError):
        return ""


def recent_events(limit: int = MAX_EVENTS, *, after_id: int | None = None) -> list[MonitorEvent]:
    """The last ``limit`` (at most 200) rounds across every player and game, newest first.

    With ``after_id``, only rounds with a higher id (still the newest ``limit`` of them): how a monitor reads on
    from what it has.
    """
    limit = max(1, min(int(limit), MAX_EVENTS))
    table = GameRound.__table__
    query = (
        sa.select(
            table.c.id,
            table.c.created_at,
            table.c.user_id,
            User.nickname,
            table.c.game,
            table.c.bet,
            table.c.payout,
            table.c.outcome,
        )
        .join(User, User.id == table.c.user_id)
        .order_by(table.c.id.desc())
        .limit(limit)
    )
    if after_id is not None:
        query = query.where(table.c.id > after_id)
    with session_scope() as db:
        rows = db.execute(query).all()
    return [
        MonitorEvent(
            id=int(r.id),
            created_at=r.created_at,
            user_id=int(r.user_id),
            nickname=str(r.nickname),
            game=str(r.game),
            bet=int(r.bet),
            payout=int(r.payout),
            summary=_summary(str(r.game), r.outcome),
        )
        for r in rows
    ]


def count_after(after_id: int, cap: int = MAX_EVENTS) -> int:
    """How many rounds have an id above ``after_id``, counted up to ``cap + 1`` (so "more than ``cap``" shows)."""
    table = GameRound.__table__
    newer = sa.select(sa.literal(1)).where(table.c.id > after_id).limit(max(0, cap) + 1).subquery()
    with session_scope() as db:
        return int(db.execute(sa.select(sa.func.count()).select_from(newer)).scalar_one())


def online_players(now: float | None = None) -> int:
    """Players (not staff, not deactivated) with a signed-in browser tab active in the last 10 minutes.

    ``now`` (epoch seconds) defaults to the wall clock, the registry's own time base.
    """
    since = (time.time() if now is None else now) - ONLINE_WINDOW_SECONDS
    user_ids = realtime.users_with_tabs_since(since)
    if not user_ids:
        return 0
    with session_scope() as db:
        return int(db.execute(_COUNT_PLAYERS, {"ids": sorted(user_ids)}).scalar_one())
