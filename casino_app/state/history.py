"""The history screen: the player's rounds of every game, with their proofs."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core import clock
from casino_app.i18n import LOCALES
from casino_app.services.games import registry, rounds
from casino_app.state.auth import AuthState, require_player


class HistoryState(rx.State):
    """The player's rounds with their proofs."""

    items: list[dict[str, str]] = []
    next_cursor: str = ""
    game: str = ""

    async def _page(self, cursor: str | None) -> rx.event.EventSpec | None:
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        views, next_cursor = await asyncio.to_thread(
            rounds.history, user.id, game=self.game or None, limit=20, cursor=cursor
        )
        rows = []
        for v in views:
            game = registry.get(v.game) if registry.is_game(v.game) else None
            # Symbol, hand and item names in both languages (the page shows the active one).
            named = {loc: game.outcome_text(v.outcome, loc) if game else "" for loc in LOCALES}
            rows.append(
                {
                    "id": str(v.id),
                    "game": v.game,
                    "bet": f"{v.bet:,}",
                    "payout": f"{v.payout:,}",
                    "net": f"{v.payout - v.bet:+,}",
                    "positive": "1" if v.payout > v.bet else "",
                    "summary_ko": named["ko"],
                    "summary_en": named["en"],
                    "nonce": str(v.nonce),
                    "hash": v.server_seed_hash[:12] + "…",
                    "at": clock.kst_text(v.created_at),  # with the year, as everywhere
                }
            )
        self.items = rows if cursor is None else [*self.items, *rows]
        self.next_cursor = next_cursor or ""
        return None

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """First page."""
        self.game = ""
        return await self._page(None)

    @rx.event
    async def filter(self, game: str) -> rx.event.EventSpec | None:
        """Only one game (or all)."""
        self.game = game if registry.is_game(game) else ""
        return await self._page(None)

    @rx.event
    async def more(self) -> rx.event.EventSpec | None:
        """Next page."""
        return await self._page(self.next_cursor) if self.next_cursor else None
