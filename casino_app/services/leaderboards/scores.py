"""The leaderboard listener: every scoring action updates its daily and weekly rows in one UPSERT.

``xp_earned`` adds its XP to the ``xp`` board (check-ins, missions, achievements,
passes — the round engine does not send its stake-sized XP), ``mission_completed`` adds one
(its count) to ``missions``, and a staked ``round_played`` raises the best
single multiplier (``multiplier_bp``) of its game and of all games. Nothing is
read first: additions are ``score + EXCLUDED.score`` and the best multiplier
only moves up (``WHERE EXCLUDED.score > score``), so concurrent rounds never
lose an update. ``reached_at`` (kept to the second) is when the score last rose:
on equal scores the first to reach it ranks higher.

The statement returns the rows it changed; once the transaction commits, those
exact scores are written to the Redis sorted sets (``cache.push``), so Redis never
holds a score PostgreSQL rolled back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from casino_app.core.db import Sql, after_commit
from casino_app.core.redis_client import get_redis
from casino_app.services.actions import Action, Kind
from casino_app.services.leaderboards import cache
from casino_app.services.leaderboards.periods import Board, periods_of

_ADD = """
    INSERT INTO leaderboard_scores AS s (board, game, period_kind, period_key, user_id, score, reached_at)
    VALUES (%(board)s, '', 'daily', %(day)s, %(user_id)s, %(score)s, %(at)s),
        (%(board)s, '', 'weekly', %(week)s, %(user_id)s, %(score)s, %(at)s)
    ON CONFLICT (board, game, period_kind, period_key, user_id) DO UPDATE
    SET score = s.score + EXCLUDED.score, reached_at = GREATEST(s.reached_at, EXCLUDED.reached_at)
    RETURNING s.board, s.game, s.period_kind, s.period_key, s.score, s.reached_at,
        EXISTS (SELECT 1 FROM player_preferences p WHERE p.user_id = s.user_id AND p.leaderboard_hidden)
"""
# The best multiplier of the round's game and of all games ('').
_BEST = """
    INSERT INTO leaderboard_scores AS s (board, game, period_kind, period_key, user_id, score, reached_at)
    VALUES ('multiplier', %(game)s, 'daily', %(day)s, %(user_id)s, %(score)s, %(at)s),
        ('multiplier', %(game)s, 'weekly', %(week)s, %(user_id)s, %(score)s, %(at)s),
        ('multiplier', '', 'daily', %(day)s, %(user_id)s, %(score)s, %(at)s),
        ('multiplier', '', 'weekly', %(week)s, %(user_id)s, %(score)s, %(at)s)
    ON CONFLICT (board, game, period_kind, period_key, user_id) DO UPDATE
    SET score = EXCLUDED.score, reached_at = EXCLUDED.reached_at WHERE EXCLUDED.score > s.score
    RETURNING s.board, s.game, s.period_kind, s.period_key, s.score, s.reached_at,
        EXISTS (SELECT 1 FROM player_preferences p WHERE p.user_id = s.user_id AND p.leaderboard_hidden)
"""


def _params(action: Action, score: int, **extra: object) -> dict[str, object]:
    day, week = periods_of(action.at)
    at = action.at.replace(microsecond=0)
    return {"user_id": action.user_id, "score": score, "at": at, "day": day.key, "week": week.key, **extra}


def statements_for(action: Action) -> list[Sql]:
    """The (at most one) UPSERT that ``action`` makes on the leaderboards."""
    if action.kind is Kind.XP_EARNED:
        return [Sql(_ADD, _params(action, action.count, board=Board.XP.value))]
    if action.kind is Kind.MISSION_COMPLETED:
        return [Sql(_ADD, _params(action, action.count, board=Board.MISSIONS.value))]
    if action.kind is Kind.ROUND_PLAYED and action.game and action.multiplier_bp and action.multiplier_bp > 0:
        return [Sql(_BEST, _params(action, action.multiplier_bp, game=action.game))]
    return []


def changed_rows(user_id: int, sent: Sequence[Sql]) -> list[cache.Change]:
    """The rows ``sent`` changed, as the Redis updates they call for."""
    changes = []
    for statement in sent:
        for board, game, _kind, period_key, score, reached_at, hidden in statement.rows:
            assert isinstance(reached_at, datetime)
            changes.append(cache.Change(board, game, period_key, user_id, int(score), reached_at, bool(hidden)))
    return changes


class _Scores:
    independent = True  # one upsert of its own table, reading only player preferences (``services.actions``)

    def statements(self, action: Action) -> Sequence[Sql]:
        return statements_for(action)

    def finish(self, db: Session, action: Action, sent: Sequence[Sql]) -> None:
        if not sent or get_redis() is None:
            return
        changes = changed_rows(action.user_id, sent)
        if changes:
            after_commit(db, lambda: cache.push(changes))


LISTENER = _Scores()
