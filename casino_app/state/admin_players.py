"""The console's player search: a search box and a page of results (support and up, re-checked per call).

The query itself (matching, order, staff excluded) is ``services.console.players.search``.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.console import players
from casino_app.state.admin_editing import console_user
from casino_app.state.auth import bilingual_error


def player_row(row: players.PlayerRow) -> dict[str, str]:
    """A result as the table shows it (display strings only)."""
    return {
        "id": str(row.id),
        "site_id": row.site_id,
        "nickname": row.nickname,
        "rank": row.rank,
        "level": str(row.level),
        "active": "1" if row.is_active else "",
        "created": clock.kst_text(row.created_at),
        "last_login": clock.kst_text(row.last_login_at) if row.last_login_at else "",
        "href": f"/admin/players/{row.id}",
    }


class AdminPlayersState(rx.State):
    """Search text, the current page of players and the paging controls."""

    items: list[dict[str, str]] = []
    query: str = ""
    page: int = 1
    pages: int = 1
    total: int = 0
    error: dict[str, str] = {}

    async def _show(self, query: str, page: int) -> rx.event.EventSpec | None:
        staff, self.error = await console_user(self, "support")
        if staff is None:
            return None if self.error else rx.redirect("/admin/login")
        try:
            found = await asyncio.to_thread(players.search, staff, query, page)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        self.items = [player_row(row) for row in found.items]
        self.query, self.page, self.pages, self.total = found.query, found.page, found.pages, found.total
        return None

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The newest players (or the search in ``?q=``)."""
        raw = self.router.url.query_parameters.get("q", "")
        return await self._show(str(raw)[:160] if isinstance(raw, str) else "", 1)

    @rx.event
    async def search(self, form: dict) -> rx.event.EventSpec | None:
        """Players matching the search box."""
        raw = form.get("q", "") if isinstance(form, dict) else ""
        return await self._show(str(raw)[:160] if isinstance(raw, str) else "", 1)

    @rx.event
    async def turn(self, step: int) -> rx.event.EventSpec | None:
        """The previous (-1) or next (+1) page of the same search."""
        if step not in (-1, 1):
            return None
        target = min(max(1, self.page + step), max(1, self.pages))
        return await self._show(self.query, target)
