"""``/api/admin/monitor``: the live monitor's snapshot — players online and the last 200 game rounds."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter

from casino_app.api.deps import Support
from casino_app.api.schemas import ResponseModel, errors
from casino_app.services import monitor

router = APIRouter(prefix="/api/admin/monitor", tags=["admin"])


class MonitorEventOut(ResponseModel):
    """One round: who played which game, stake and payout (gold), the game's short summary of the outcome."""

    id: int
    created_at: datetime
    user_id: int
    nickname: str
    game: str
    bet: int
    payout: int
    win: bool  # payout above the stake (an even payout is not a win)
    summary: str


class MonitorOut(ResponseModel):
    """Players online (see ``online_window_seconds``) and the latest rounds of every game, newest first."""

    online: int
    online_window_seconds: int
    events: list[MonitorEventOut]


@router.get("", responses=errors(401, 403))
def monitor_snapshot(staff: Support) -> MonitorOut:
    """Staff (support and up): players (not staff) with a signed-in browser tab active in the last 10 minutes, and
    the last 200 rounds across every player and game (crash bets once settled), newest first."""
    events = monitor.recent_events(monitor.MAX_EVENTS)
    return MonitorOut(
        online=monitor.online_players(),
        online_window_seconds=monitor.ONLINE_WINDOW_SECONDS,
        events=[
            MonitorEventOut(
                id=e.id,
                created_at=e.created_at,
                user_id=e.user_id,
                nickname=e.nickname,
                game=e.game,
                bet=e.bet,
                payout=e.payout,
                win=e.win,
                summary=e.summary,
            )
            for e in events
        ],
    )
