"""The achievements action listener: unlocks, in the action's own transaction, whatever the action completed.

For each action it sends ONE statement, after the counts upsert of
``services.action_counts`` in the same pipeline (so it sees the new totals): it
inserts into ``user_achievements`` every active achievement that this kind of
action (in this game) can complete, that the player does not have yet and whose
requirement is now met, and returns the new rows. Only the few achievements the
action can move are in the statement (``Catalog.affected_by``), each tested with
primary-key lookups; an action that moves none sends nothing. The primary key
(user, achievement) with ``ON CONFLICT DO NOTHING`` makes an unlock happen once
even when concurrent actions cross the threshold together. ``finish`` then pays
the rare unlocks (``services.achievements.rewards``).

Counts of different games live in different rows, so two concurrent rounds of
two games that together cross an "any game" threshold may each see the other's
round only after it commits; the next action then unlocks it (the goal is
"at least", never "exactly").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from casino_app.core.db import Sql
from casino_app.services.achievements import definitions, rewards
from casino_app.services.achievements.definitions import Definition
from casino_app.services.achievements.requirements import condition_sql
from casino_app.services.actions import Action

_UNLOCK = """
    INSERT INTO user_achievements (user_id, achievement_id, achieved_at)
    SELECT %(user_id)s, a.id, %(at)s FROM achievements a
    WHERE a.id IN ({ids}) AND a.is_active
      AND NOT EXISTS (SELECT 1 FROM user_achievements u WHERE u.user_id = %(user_id)s AND u.achievement_id = a.id)
      AND CASE a.id {cases} ELSE false END
    ON CONFLICT (user_id, achievement_id) DO NOTHING
    RETURNING achievement_id
"""


def unlock_statement(candidates: Sequence[Definition]) -> tuple[str, dict[str, Any]]:
    """The unlock statement for ``candidates`` (text and fixed parameters; add ``user_id`` and ``at``)."""
    params: dict[str, Any] = {}
    ids, cases = [], []
    for n, definition in enumerate(candidates):
        params[f"id_{n}"] = definition.id
        ids.append(f"%(id_{n})s")
        cases.append(f"WHEN %(id_{n})s THEN {condition_sql(definition.requirement, params, f'r{n}')}")
    return _UNLOCK.format(ids=", ".join(ids), cases=" ".join(cases)), params


class _Evaluator:
    def statements(self, action: Action) -> Sequence[Sql]:
        catalog = definitions.active()
        candidates = catalog.affected_by(action.kind, action.game)
        if not candidates:
            return ()
        cache_key = ("unlock", action.kind, action.game)
        built = catalog.derived.get(cache_key)
        if built is None:
            built = catalog.derived[cache_key] = unlock_statement(candidates)
        text, params = built  # type: ignore[misc]
        return (Sql(text, {**params, "user_id": action.user_id, "at": action.at}),)

    def finish(self, db: Session, action: Action, sent: Sequence[Sql]) -> None:
        unlocked = [int(row[0]) for statement in sent for row in statement.rows]
        if unlocked:
            rewards.grant(db, action.user_id, unlocked)


LISTENER = _Evaluator()
