"""The reality check on every game page: time played and net result since this login started."""

from __future__ import annotations

import asyncio
import uuid

import reflex as rx

from casino_app.core import clock
from casino_app.services.accounts import sessions
from casino_app.services.games import rounds
from casino_app.state.auth import AuthState, require_player


class RealityState(rx.State):
    """Time played and net result since this login started (shown on every game page)."""

    minutes: int = 0
    rounds: int = 0
    net: int = 0
    net_text: str = "0"

    async def _recompute(self, user_id: int) -> None:
        """Re-read the session summary."""
        auth = await self.get_state(AuthState)
        started = (
            await asyncio.to_thread(sessions.started_at, uuid.UUID(auth._session_id)) if auth._session_id else None
        )
        summary = await asyncio.to_thread(rounds.session_summary, user_id, started or clock.now())
        self.minutes, self.rounds, self.net = summary.minutes, summary.rounds, summary.net
        self.net_text = f"{summary.net:+,}"

    @rx.event
    async def refresh(self) -> None:
        """Page load."""
        user = await require_player(self)
        if user is not None and not user.is_staff:
            await self._recompute(user.id)
