"""The operators' view of crash: bets (the seed's "crash sessions"), the round in play with its exposure,
recent rounds, and the loop's pause switch (audited; a paused loop finishes the round in play and opens no
new one)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import ValidationFailed
from casino_app.services import audit

STATUSES = ("active", "cashed", "lost")

_SESSIONS = """
    SELECT b.id, b.user_id, u.nickname, b.round_id, r.number, b.bet_amount, b.auto_cashout, b.status,
           b.cashout_multiplier, b.payout, b.created_at, b.settled_at, r.crash_point
    FROM crash_bets b JOIN crash_rounds r ON r.id = b.round_id JOIN users u ON u.id = b.user_id
    WHERE (CAST(:user_id AS bigint) IS NULL OR b.user_id = :user_id)
      AND (CAST(:status AS text) IS NULL OR b.status = :status)
    ORDER BY b.id DESC LIMIT :limit
"""
_SESSION_KEYS = (
    "game_id", "user_id", "nickname", "round_id", "round_number", "bet_amount", "auto_cashout", "status",
    "cashout_multiplier", "payout", "created_at", "settled_at", "crash_point",
)  # fmt: skip


def sessions(*, user_id: int | None = None, status: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Bets, newest first, filtered by player and status (422 ``VALIDATION_ERROR`` for an unknown status)."""
    if status is not None and status not in STATUSES:
        raise ValidationFailed(details={"field": "status", "allowed": list(STATUSES)})
    limit = max(1, min(limit, 500))
    with session_scope() as db:
        rows = db.execute(sa.text(_SESSIONS), {"user_id": user_id, "status": status, "limit": limit}).all()
    return [dict(zip(_SESSION_KEYS, row, strict=True)) for row in rows]


_ROUNDS = """
    SELECT id, number, status, crash_point, total_bet, total_paid, players, created_at, crashed_at
    FROM crash_rounds ORDER BY id DESC LIMIT :limit
"""
_ROUND_KEYS = ("round_id", "number", "status", "crash_point", "total_bet", "total_paid", "players", "created_at",
               "crashed_at")  # fmt: skip
_EXPOSURE = """
    SELECT COUNT(*), COALESCE(SUM(bet_amount), 0) FROM crash_bets WHERE round_id = :r AND status = 'active'
"""
_ENSURE_LOOP = "INSERT INTO crash_loop (id) VALUES (1) ON CONFLICT DO NOTHING"  # the migration's row, kept
_LOOP = "SELECT epoch, leader, heartbeat_at, paused, paused_by, paused_at FROM crash_loop WHERE id = 1"


def overview(recent: int = 20) -> dict[str, Any]:
    """The loop (leader, heartbeat, pause), the round in play with its open stakes, and recent rounds."""
    with session_scope() as db:
        db.execute(sa.text(_ENSURE_LOOP))
        loop = db.execute(sa.text(_LOOP)).one()
        rounds = [dict(zip(_ROUND_KEYS, r, strict=True)) for r in db.execute(sa.text(_ROUNDS), {"limit": recent})]
        current = next((r for r in rounds if r["status"] != "crashed"), None)
        if current is not None:
            count, stakes = db.execute(sa.text(_EXPOSURE), {"r": current["round_id"]}).one()
            current = {**current, "open_bets": int(count), "open_stakes": int(stakes)}
            current.pop("crash_point")  # secret until the crash, operators included
    return {
        "loop": dict(zip(("epoch", "leader", "heartbeat_at", "paused", "paused_by", "paused_at"), loop, strict=True)),
        "current": current,
        "recent": [r for r in rounds if r["status"] == "crashed"],
    }


def set_paused(paused: bool, *, actor_id: int, ip: str = "") -> dict[str, Any]:
    """Pause or resume the loop (audited ``crash.loop.pause`` / ``crash.loop.resume``)."""
    now: datetime = clock.now()
    with session_scope() as db:
        db.execute(sa.text(_ENSURE_LOOP))
        before = db.execute(sa.text("SELECT paused FROM crash_loop WHERE id = 1 FOR UPDATE")).scalar_one()
        db.execute(
            sa.text("UPDATE crash_loop SET paused = :p, paused_by = :a, paused_at = :t WHERE id = 1"),
            {"p": paused, "a": actor_id, "t": now},
        )
        audit.record(
            db,
            actor_id=actor_id,
            action="crash.loop.pause" if paused else "crash.loop.resume",
            target_type="crash_loop",
            target_id=1,
            before={"paused": bool(before)},
            after={"paused": paused},
            ip=ip,
        )
    return {"paused": paused, "changed": bool(before) != paused}
