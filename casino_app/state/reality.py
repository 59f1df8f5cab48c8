"""The reality check and breaks on every game page: the session's time and net result, the check when it is
due (play waits until it is acknowledged, on every tab) and a cool-off or self-exclusion in force.

The server decides (``services.care``); this state only shows it. Game pages ask every few seconds (a ticker),
the player's other tabs are told at once when a check is acknowledged or a break starts (realtime ``care``
events), and a refused round refreshes it.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.care import exclusions, reality
from casino_app.state.auth import require_player

REREAD_SECONDS = 30.0
CARE_CODES = frozenset({"REALITY_CHECK_DUE", "PLAY_PAUSED", "TIME_LIMIT_REACHED", "LOSS_LIMIT_REACHED"})


class RealityState(rx.State):
    """The play session (time, rounds, net), whether a reality check is due, and a break in force."""

    minutes: int = 0
    rounds: int = 0
    net: int = 0
    net_text: str = "0"
    wagered_text: str = "0"
    won_text: str = "0"
    interval_min: int = 30
    due: bool = False
    paused: bool = False
    paused_kind: str = ""
    paused_until: str = ""
    acknowledging: bool = False
    _due_at: float = 0.0  # epoch seconds of the next check (0: no session going on)
    _read_at: float = 0.0  # monotonic seconds of the last read

    @rx.var
    def blocked(self) -> bool:
        """Play waits: a reality check is due or a break is in force."""
        return self.due or self.paused

    async def _recompute(self, user_id: int) -> None:
        """Re-read the play session and any break in force."""
        status, found = await asyncio.gather(
            asyncio.to_thread(reality.status, user_id), asyncio.to_thread(exclusions.current, user_id)
        )
        self._show(status)
        self.paused = found is not None
        self.paused_kind = found.kind if found is not None else ""
        self.paused_until = clock.kst_text(found.until) if found is not None else ""

    def _show(self, status: reality.RealityStatus) -> None:
        self._due_at = status.due_at.timestamp() if status.due_at is not None else 0.0
        self._read_at = time.monotonic()
        self.minutes, self.rounds, self.net = status.minutes, status.rounds, status.net
        self.net_text, self.interval_min, self.due = f"{status.net:+,}", status.interval_min, status.due
        self.wagered_text, self.won_text = f"{status.wagered:,}", f"{status.won:,}"

    async def _note_error(self, user_id: int, exc: AppError) -> None:
        """A round refused for care reasons: show why at once (the check, the break)."""
        if exc.error_code in CARE_CODES:
            await self._recompute(user_id)

    def _apply_care(self, data: dict[str, Any]) -> None:
        """A realtime ``care`` event from another tab or the server."""
        if "reality_due" in data:
            self.due = bool(data["reality_due"])
        if data.get("paused"):
            self.paused, self.paused_kind = True, str(data.get("kind", ""))
            until = data.get("until")
            self.paused_until = clock.kst_text(datetime.fromisoformat(until)) if isinstance(until, str) else ""

    @rx.event
    async def refresh(self) -> None:
        """Page load."""
        user = await require_player(self)
        if user is not None:
            await self._recompute(user.id)

    @rx.event
    async def tick(self) -> None:
        """The game page's ticker: is a check due now? Reads again only when the known check falls due, or every
        ``REREAD_SECONDS`` (another tab may have started a session); breaks and acknowledgements arrive at once."""
        if self._unchanged():
            return
        user = await require_player(self)
        if user is not None:
            await self._recompute(user.id)

    def _unchanged(self) -> bool:
        fresh = time.monotonic() - self._read_at < REREAD_SECONDS
        not_due = self._due_at == 0.0 or clock.now().timestamp() < self._due_at
        return fresh and not_due and not self.due and not self.paused

    @rx.event
    async def acknowledge(self) -> None:
        """The player has seen the check: play goes on (every tab is told)."""
        user = await require_player(self)
        if user is None or self.acknowledging:
            return
        self.acknowledging = True
        try:
            self._show(await asyncio.to_thread(reality.acknowledge, user.id))
        finally:
            self.acknowledging = False
