"""The events' action listener: a completed event mission is one point on that event's leaderboard.

On ``mission_completed`` with an ``event_id``, one UPDATE adds a point to the
player's participant row and stamps ``updated_at`` with the action's time (ties
on the leaderboard go to whoever reached the score first). It changes nothing
unless the player joined and the event is published and live at that instant,
so a completion outside the window can never score (the missions listener
already counts progress only inside it; this keeps the board right on its own).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from casino_app.core.db import Sql
from casino_app.services.actions import Action, Kind

_POINT = """
    UPDATE event_participants p SET points = p.points + 1, updated_at = %(at)s
    FROM events e
    WHERE p.event_id = %(event_id)s AND p.user_id = %(user_id)s AND e.id = p.event_id
      AND e.status = 'published' AND e.starts_at <= %(at)s AND %(at)s < e.ends_at
"""


class _EventPoints:
    def statements(self, action: Action) -> Sequence[Sql]:
        if action.kind != Kind.MISSION_COMPLETED or action.event_id is None:
            return ()
        return (Sql(_POINT, {"event_id": action.event_id, "user_id": action.user_id, "at": action.at}),)

    def finish(self, db: Session, action: Action, sent: Sequence[Sql]) -> None:
        return None


LISTENER = _EventPoints()
