"""The sessions page: where the player is logged in, and revoking any of it."""

from __future__ import annotations

import asyncio
import uuid

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import NotFound
from casino_app.services.accounts import sessions
from casino_app.state.auth import AuthState, require_user
from casino_app.state.inputs import as_uuid


class SessionsState(rx.State):
    """The player's open sessions."""

    items: list[dict[str, str]] = []

    async def _reload(self, user_id: int) -> None:
        auth = await self.get_state(AuthState)
        current = uuid.UUID(auth._session_id) if auth._session_id else None
        views = await asyncio.to_thread(sessions.list_sessions, user_id, current)
        self.items = [
            {
                "id": str(v.id),
                "device": v.device or "-",
                "ip": v.ip or "-",
                "user_agent": v.user_agent,
                "channel": v.channel,
                "created_at": clock.kst_text(v.created_at),
                "last_used_at": clock.kst_text(v.last_used_at),
                "current": "1" if v.current else "",
            }
            for v in views
        ]

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """List the sessions (guarded)."""
        user = await require_user(self)
        if user is None:
            return (await self.get_state(AuthState))._login_redirect("expired")
        await self._reload(user.id)
        return None

    @rx.event
    async def revoke(self, session_id: str) -> rx.event.EventSpec | None:
        """Revoke one session; revoking this tab's own session logs it out."""
        user = await require_user(self)
        if user is None:
            return (await self.get_state(AuthState))._login_redirect("expired")
        target = as_uuid(session_id)
        try:
            if target is not None:
                await asyncio.to_thread(sessions.revoke_session, user.id, target)
        except NotFound:
            pass
        auth = await self.get_state(AuthState)
        if auth._session_id == session_id:
            auth._end_session_in_browser()
            return None
        await self._reload(user.id)
        return None
