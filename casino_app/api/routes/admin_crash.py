"""``/api/admin/crash``: bets ("crash sessions"), the loop and its current round, the pause switch."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Query

from casino_app.api.deps import Admin, Client, Support
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.services.crash import admin

router = APIRouter(prefix="/api/admin/crash", tags=["admin"])


class CrashSessionOut(ResponseModel):
    """One bet: player, round, stake, auto target and cash-out (×), payout, status, times."""

    game_id: int
    user_id: int
    nickname: str
    round_id: int
    round_number: int
    bet_amount: int
    auto_cashout: int | None
    status: Literal["active", "cashed", "lost"]
    cashout_multiplier: int | None
    payout: int
    created_at: datetime
    settled_at: datetime | None
    crash_point: int | None


class PauseIn(ApiModel):
    """``{paused: true}`` stops new rounds after the one in play; ``false`` resumes."""

    paused: bool


@router.get("/sessions", responses=errors(401, 403, 422))
def crash_sessions(
    staff: Support,
    user_id: int | None = Query(None, ge=1, le=2**62),
    status: Literal["active", "cashed", "lost"] | None = Query(None),
    limit: int = Query(50, ge=1, le=500),
) -> list[CrashSessionOut]:
    """Bets, newest first (multipliers in hundredths), by player and status; default 50."""
    return [CrashSessionOut(**row) for row in admin.sessions(user_id=user_id, status=status, limit=limit)]


@router.get("/overview", responses=errors(401, 403))
def crash_overview(staff: Support) -> dict[str, Any]:
    """The loop (leader, heartbeat, pause), the round in play with its open stakes, recent rounds."""
    return admin.overview()


@router.post("/pause", responses=errors(401, 403, 422))
def crash_pause(staff: Admin, client: Client, body: PauseIn) -> dict[str, Any]:
    """Pause or resume the round loop (audited)."""
    return admin.set_paused(body.paused, actor_id=staff.id, ip=client.ip)
