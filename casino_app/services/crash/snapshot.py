"""What every tab sees of the crash round: read from the database by the leader, stored and published by
``live``. Times are epoch milliseconds of the database clock (``server_now_ms`` lets a browser correct its
own clock); the crash point and hash appear only once the round has crashed."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.services.crash.table import CrashConfig

HISTORY = 20

_ROUND = """
    SELECT r.id, r.number, r.status, r.config_version,
           (EXTRACT(EPOCH FROM r.betting_ends_at) * 1000)::bigint,
           (EXTRACT(EPOCH FROM r.started_at) * 1000)::bigint,
           (EXTRACT(EPOCH FROM r.crashed_at) * 1000)::bigint,
           r.crash_point, r.hash, r.total_bet, r.total_paid, r.players, r.commitment,
           (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint
    FROM crash_rounds r WHERE r.id = :id
"""
_BETS = """
    SELECT u.nickname, b.bet_amount, b.auto_cashout IS NOT NULL, b.status, b.cashout_multiplier, b.payout
    FROM crash_bets b JOIN users u ON u.id = b.user_id
    WHERE b.round_id = :id ORDER BY b.bet_amount DESC, b.id LIMIT 200
"""
_HISTORY = """
    SELECT id, number, crash_point, hash FROM crash_rounds WHERE status = 'crashed' ORDER BY id DESC LIMIT :n
"""


def history(db: Session, count: int = HISTORY) -> list[dict[str, Any]]:
    """The last ``count`` crashed rounds, newest first: id, number, crash point (hundredths), hash."""
    rows = db.execute(sa.text(_HISTORY), {"n": count}).all()
    return [{"round_id": r[0], "number": r[1], "crash_point": r[2], "hash": r[3]} for r in rows]


def build(
    db: Session, round_id: int | None, config: CrashConfig, *, paused: bool, chain: dict[str, Any]
) -> dict[str, Any]:
    """The snapshot of round ``round_id`` (``None``: between rounds, or paused before the next one)."""
    base: dict[str, Any] = {
        "paused": paused,
        "chain": chain,
        "history": history(db),
        "growth_per_ms": config.growth_per_ms,
        "table": {
            "min_bet": config.min_bet,
            "max_bet": config.max_bet,
            "max_multiplier": config.max_multiplier_x100,
            "betting_ms": config.betting_ms,
            "round_payout_cap": config.round_payout_cap,
        },
    }
    row = db.execute(sa.text(_ROUND), {"id": round_id}).first() if round_id is not None else None
    if row is None:
        now = db.execute(sa.text("SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint")).scalar_one()
        return {**base, "phase": "idle", "round_id": None, "server_now_ms": int(now), "bets": []}
    (rid, number, status, version, ends, started, crashed, point, hash_, total_bet, total_paid, players,
     commitment, now) = row  # fmt: skip
    bets = [
        {
            "nickname": b[0],
            "bet_amount": int(b[1]),
            "auto": bool(b[2]),
            "status": b[3],
            "cashout_multiplier": b[4],
            "payout": int(b[5]),
        }
        for b in db.execute(sa.text(_BETS), {"id": rid}).all()
    ]
    return {
        **base,
        "phase": status,
        "round_id": rid,
        "number": number,
        "config_version": version,
        "commitment": commitment,
        "betting_ends_ms": ends,
        "started_ms": started,
        "crashed_ms": crashed,
        "next_round_ms": crashed + config.cooldown_ms if crashed else None,
        "crash_point": point,
        "hash": hash_,
        "total_bet": int(total_bet),
        "total_paid": int(total_paid),
        "players": int(players),
        "server_now_ms": int(now),
        "bets": bets,
    }
