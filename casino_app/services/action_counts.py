"""The first action listener: a running total per player, action and game (what achievements read)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core.db import Sql
from casino_app.models.actions import PlayerActionCount
from casino_app.services.actions import COUNTABLE, Action, Kind

_BUMP = """
    INSERT INTO player_action_counts (user_id, action, game, total)
    VALUES (%(user_id)s, %(action)s, %(game)s, %(count)s)
    ON CONFLICT (user_id, action, game) DO UPDATE SET total = player_action_counts.total + EXCLUDED.total
"""


class _Counts:
    independent = True  # a plain upsert of its own table (``services.actions``)

    def statements(self, action: Action) -> Sequence[Sql]:
        if action.kind not in COUNTABLE:
            return ()
        params = {
            "user_id": action.user_id,
            "action": action.kind.value,
            "game": action.game or "",
            "count": action.count,
        }
        return (Sql(_BUMP, params),)

    def finish(self, db: Session, action: Action, sent: Sequence[Sql]) -> None:
        return None


LISTENER = _Counts()


def done(db: Session, user_id: int, kind: Kind, game: str = "") -> bool:
    """Whether ``user_id`` has done ``kind`` at least once (for actions that count once per player)."""
    found = db.execute(
        sa.select(PlayerActionCount.total).where(  # type: ignore[call-overload]
            PlayerActionCount.user_id == user_id, PlayerActionCount.action == kind.value, PlayerActionCount.game == game
        )
    ).scalar_one_or_none()
    return bool(found)
