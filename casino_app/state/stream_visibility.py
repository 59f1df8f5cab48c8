"""The profile's "show me on stream overlays" switch (``services.overlays.visibility``; off by default)."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.services.overlays import visibility
from casino_app.state.auth import AuthState, require_player


class StreamVisibilityState(rx.State):
    """Whether the player appears on streamers' OBS overlays; every call re-reads the player."""

    visible: bool = False
    saved: str = ""  # "on" or "off" after a change

    @rx.event
    async def load(self) -> None:
        """The player's current choice (guests are sent away by the page's own guard)."""
        self.saved = ""
        user = await require_player(self)
        self.visible = await asyncio.to_thread(visibility.is_visible, user.id) if user is not None else False

    @rx.event
    async def set_visible(self, visible: bool) -> rx.event.EventSpec | None:
        """Appear on streamers' overlays, or stop appearing (from their next refresh)."""
        if not isinstance(visible, bool):
            return None
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.visible = await asyncio.to_thread(visibility.set_visible, user.id, visible)
        self.saved = "on" if self.visible else "off"
        return None
