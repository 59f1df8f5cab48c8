"""The battle pass's action listener: pass XP for rounds played, daily check-ins and missions completed.

One upsert per counted action, sent in the caller's round trip: it adds the live season's per-action amount
(``xp_per_round``, ``xp_per_checkin``, ``xp_per_mission``, times the action's count) to the player's progress
row. The amount is a count of actions — a 10-gold round and a 10,000-gold round earn the same — and nothing is
added outside a published season's window (the statement selects no season then).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from casino_app.core.db import Sql
from casino_app.services.actions import Action, Kind

# The season column that prices each counted action (fixed names: never built from input).
COLUMNS: dict[Kind, str] = {
    Kind.ROUND_PLAYED: "xp_per_round",
    Kind.DAILY_CHECKIN: "xp_per_checkin",
    Kind.MISSION_COMPLETED: "xp_per_mission",
}

_ADD = """
    INSERT INTO battlepass_progress AS p (season_id, user_id, xp, premium, updated_at)
    SELECT s.id, %(user_id)s, s.{column} * %(count)s, false, %(at)s
      FROM battlepass_seasons s
     WHERE s.status = 'published' AND s.starts_at <= %(at)s AND s.ends_at > %(at)s AND s.{column} > 0
    ON CONFLICT (season_id, user_id) DO UPDATE SET xp = p.xp + EXCLUDED.xp, updated_at = EXCLUDED.updated_at
"""
STATEMENTS: dict[Kind, str] = {kind: _ADD.format(column=column) for kind, column in COLUMNS.items()}


class _PassXp:
    independent = True  # a plain upsert of its own table (``services.actions``)

    def statements(self, action: Action) -> Sequence[Sql]:
        text = STATEMENTS.get(action.kind)
        if text is None:
            return ()
        return (Sql(text, {"user_id": action.user_id, "count": action.count, "at": action.at}),)

    def finish(self, db: Session, action: Action, sent: Sequence[Sql]) -> None:
        return None


LISTENER = _PassXp()
