"""Staff maintenance: rebuild every board of the current day and week in Redis from PostgreSQL (audited)."""

from __future__ import annotations

from dataclasses import dataclass

from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict, ValidationFailed
from casino_app.core.redis_client import get_redis
from casino_app.services import audit
from casino_app.services.leaderboards import boards, cache
from casino_app.services.leaderboards.periods import PeriodKind, period_of

MAX_REASON = 200


@dataclass(frozen=True)
class Rebuilt:
    """One rebuilt set: its key, how many players it held before (``None``: not built) and holds now."""

    key: str
    before: int | None
    after: int


def rebuild_current(actor_id: int, reason: str, ip: str = "") -> list[Rebuilt]:
    """Rebuild every board of the current periods from PostgreSQL; audit who, why, and the sizes before/after.

    409 ``LEADERBOARD_CACHE_OFF`` without Redis (boards are then read from PostgreSQL directly).
    """
    why = reason.strip()
    if not why or len(why) > MAX_REASON:
        raise ValidationFailed(code="LEADERBOARD_REASON", details={"max": MAX_REASON})
    client = get_redis()
    if client is None:
        raise Conflict(code="LEADERBOARD_CACHE_OFF")
    done = []
    for kind in PeriodKind:
        period = period_of(kind)
        for board, game in boards.every_board():
            set_key = cache.key(board.value, game, period.key)
            before = int(client.zcard(set_key)) if cache.is_built(client, board.value, game, period.key) else None
            after = boards.rebuild(board.value, game, kind.value, period.key)
            done.append(Rebuilt(set_key, before, after))
    with session_scope() as db:
        audit.record(
            db,
            actor_id=actor_id,
            action="leaderboards.rebuild",
            target_type="leaderboard",
            target_id="current",
            before={r.key: r.before for r in done},
            after={r.key: r.after for r in done},
            reason=why,
            ip=ip,
        )
    return done
