"""The landing's live community hub: counters re-read every ``REFRESH_MS`` while the page is open, and each game's
published return. The win feed beside them is ``FeedState`` (pushed to every tab the moment a win happens)."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.services import catalog_copy, community

# How often an open landing page asks for the counters. The service caches them for every visitor of the
# process (``community._TTL_SECONDS``), so this costs no database query per client.
REFRESH_MS = 20_000


class CommunityState(rx.State):
    """Players, today's rounds, active players and feed moments (formatted "1,234"), and each game's RTP line."""

    players: str = ""
    rounds_today: str = ""
    active_today: str = ""
    moments_today: str = ""
    odds: dict[str, dict[str, str]] = {}

    @rx.event
    async def refresh(self) -> None:
        """Re-read the counters and the games' published returns (on load)."""
        await self.tick()
        self.odds = await asyncio.to_thread(catalog_copy.odds_lines)

    @rx.event
    async def tick(self) -> None:
        """Re-read the counters (every ``REFRESH_MS`` while the page is open)."""
        snap = await asyncio.to_thread(community.snapshot)
        self.players, self.rounds_today = f"{snap.players:,}", f"{snap.rounds_today:,}"
        self.active_today, self.moments_today = f"{snap.active_today:,}", f"{snap.moments_today:,}"
