"""The inventory screen: everything the player owns, and every prize the gacha gave (gold and XP included)."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core import clock
from casino_app.services.games import gacha_reports, inventory
from casino_app.state.auth import AuthState, require_player
from casino_app.state.gacha_art import art_url

PRIZE_LOG_LINES = 30


class InventoryState(rx.State):
    """Cosmetics, spin tickets and other items the player holds, and the latest gacha prizes of every kind."""

    inventory: list[dict[str, str]] = []
    prizes: list[dict[str, str]] = []
    prize_count: int = 0  # all gacha prizes ever, by kind below
    gold_total: str = "0"
    xp_total: str = "0"
    items_total: str = "0"
    loaded: bool = False

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The inventory page."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        owned = await asyncio.to_thread(inventory.owned, user.id)
        log = await asyncio.to_thread(gacha_reports.prize_log, user.id, PRIZE_LOG_LINES)
        totals = await asyncio.to_thread(gacha_reports.prize_totals, user.id)
        tz = clock.business_tz()
        self.inventory = [
            {
                "item_id": o.item_id,
                "name_ko": o.name_ko,
                "name_en": o.name_en,
                "rarity": o.rarity,
                "quantity": f"{o.quantity:,}",
                "since": o.first_obtained_at.astimezone(tz).strftime("%Y-%m-%d"),
                "art": art_url(o.item_id),
            }
            for o in owned
        ]
        self.prizes = [
            {
                "key": f"{p.round_id}-{p.position}",
                "round_id": str(p.round_id),
                "item_id": p.item_id,
                "name_ko": p.name_ko,
                "name_en": p.name_en,
                "rarity": p.rarity,
                "kind": p.kind,
                "amount": f"{p.amount:,}",
                "at": clock.kst_text(p.created_at),
                "art": art_url(p.item_id, p.kind),
            }
            for p in log
        ]
        self.prize_count = totals.prizes
        self.gold_total, self.xp_total, self.items_total = f"{totals.gold:,}", f"{totals.xp:,}", f"{totals.items:,}"
        self.loaded = True
        return None
