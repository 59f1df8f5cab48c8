"""The missions listener: every countable action advances the player's matching missions in its own transaction.

One upsert per action (``statements``) finds the active templates that count it
(its action; its game where the template names one; an event's missions only while
that event is published and open and the player has joined it), adds ``count`` to
the progress row of the current period, caps it at the goal and returns the rows
this very statement completed. ``finish`` then announces each completion
(``mission_completed``: event points, pass XP, leaderboards) and notifies the
player. A rolled-back action counts nothing; a replayed request never gets here.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from casino_app.core.db import Sql
from casino_app.services import notifications
from casino_app.services.actions import COUNTABLE, Action, Kind, record
from casino_app.services.missions import periods

# Rows are taken in template id order so two transactions of one player never lock them crosswise.
# ``completed_at IS NULL`` in the update's WHERE leaves a finished row alone, so any row RETURNed with
# ``completed_at`` set was completed by this statement.
_ADVANCE = """
    WITH matched AS (
        SELECT t.id, t.goal, t.event_id,
               CASE t.cadence WHEN 'daily' THEN %(daily)s WHEN 'weekly' THEN %(weekly)s
                              WHEN 'onboarding' THEN 'once' ELSE 'E' || t.event_id END AS period_key
        FROM mission_templates t
        WHERE t.is_active AND t.action = %(action)s AND (t.game IS NULL OR t.game = %(game)s)
          AND (t.cadence <> 'event' OR EXISTS (
                SELECT 1 FROM events e
                JOIN event_participants p ON p.event_id = e.id AND p.user_id = %(user_id)s
                WHERE e.id = t.event_id AND e.status = 'published' AND e.starts_at <= %(at)s AND %(at)s < e.ends_at))
    ), counted AS (
        INSERT INTO mission_progress AS mp
            (user_id, mission_id, period_key, progress, goal, completed_at, created_at, updated_at)
        SELECT %(user_id)s, m.id, m.period_key, LEAST(%(count)s, m.goal), m.goal,
               CASE WHEN %(count)s >= m.goal THEN %(at)s END, %(at)s, %(at)s
        FROM matched m
        ORDER BY m.id
        ON CONFLICT (user_id, mission_id, period_key) DO UPDATE
           SET progress = LEAST(mp.progress + %(count)s, mp.goal),
               completed_at = CASE WHEN mp.progress + %(count)s >= mp.goal THEN %(at)s END,
               updated_at = %(at)s
           WHERE mp.completed_at IS NULL
        RETURNING mp.mission_id, mp.completed_at
    )
    SELECT c.mission_id, m.event_id, t.title_ko, t.title_en
    FROM counted c JOIN matched m ON m.id = c.mission_id JOIN mission_templates t ON t.id = c.mission_id
    WHERE c.completed_at IS NOT NULL
    ORDER BY c.mission_id
"""


def advance_statement(action: Action) -> Sql:
    """The one statement that counts ``action`` towards every matching mission (rows: missions it completed)."""
    now = periods.at(action.at)
    params = {
        "user_id": action.user_id,
        "action": action.kind.value,
        "game": action.game,
        "count": action.count,
        "at": action.at,
        "daily": now.daily,
        "weekly": now.weekly,
    }
    return Sql(_ADVANCE, params)


class _Missions:
    def statements(self, action: Action) -> Sequence[Sql]:
        if action.kind not in COUNTABLE:
            return ()
        return (advance_statement(action),)

    def finish(self, db: Session, action: Action, sent: Sequence[Sql]) -> None:
        rows = [row for statement in sent for row in statement.rows]
        if not rows:
            return
        completed = [(int(mission_id), event_id) for mission_id, event_id, _, _ in rows]
        for mission_id, event_id, title_ko, title_en in rows:
            notifications.notify(
                db,
                action.user_id,
                "mission_completed",
                mission_id=mission_id,
                event_id=event_id,
                title_ko=title_ko,
                title_en=title_en,
            )
        record(
            db,
            *(
                Action(action.user_id, Kind.MISSION_COMPLETED, mission_id=mission_id, event_id=event_id, at=action.at)
                for mission_id, event_id in completed
            ),
        )


LISTENER = _Missions()
