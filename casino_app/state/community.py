"""The community hub's live counters."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.services import community


class CommunityState(rx.State):
    """Players, today's rounds, active players and feed moments."""

    players: int = 0
    rounds_today: int = 0
    active_today: int = 0
    moments_today: int = 0

    @rx.event
    async def refresh(self) -> None:
        """Re-read the counters."""
        snap = await asyncio.to_thread(community.snapshot)
        self.players, self.rounds_today = snap.players, snap.rounds_today
        self.active_today, self.moments_today = snap.active_today, snap.moments_today
