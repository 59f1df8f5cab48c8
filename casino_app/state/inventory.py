"""The inventory screen: everything the player owns."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core import clock
from casino_app.services.games import inventory
from casino_app.state.auth import AuthState, require_player


class InventoryState(rx.State):
    """Cosmetics, spin tickets and other items the player holds."""

    inventory: list[dict[str, str]] = []

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The inventory page."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        owned = await asyncio.to_thread(inventory.owned, user.id)
        tz = clock.business_tz()
        self.inventory = [
            {
                "name_ko": o.name_ko,
                "name_en": o.name_en,
                "rarity": o.rarity,
                "quantity": str(o.quantity),
                "since": o.first_obtained_at.astimezone(tz).strftime("%Y-%m-%d"),
            }
            for o in owned
        ]
        return None
