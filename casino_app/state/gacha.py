"""The gacha screen and its disclosure panel."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services.games import configs, gacha, gacha_reports, gacha_table
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.inputs import as_int
from casino_app.state.reality import RealityState
from casino_app.state.round_keys import valid_key
from casino_app.state.sound import sound
from casino_app.state.wallet import WalletState


@dataclasses.dataclass
class PrizeCard:
    """One revealed gacha prize."""

    rarity: str
    name_ko: str
    name_en: str
    kind: str
    amount: str
    pity: bool
    guarantee: bool
    fell_back: bool


class GachaState(rx.State):
    """The gacha screen, its disclosure panel and the inventory."""

    cost_single: int = 0
    cost_ten: int = 0
    daily_limit: int = 0
    daily_used: int = 0
    pity: int = 0
    pity_threshold: int = 90
    players_today: int = 0
    busy: bool = False
    pull_id: int = 0
    prizes: list[PrizeCard] = []
    best_rarity: str = ""
    error: dict[str, str] = {}
    rates: list[dict[str, str]] = []
    items: list[dict[str, str]] = []
    stock: list[dict[str, str]] = []
    by_rarity: dict[str, int] = {}
    version: int = 0
    gold_rtp: str = ""

    @rx.var
    def pity_percent(self) -> int:
        """Progress towards the hard-pity guarantee, 0–100."""
        return min(100, self.pity * 100 // max(1, self.pity_threshold))

    @rx.var
    def daily_remaining(self) -> int:
        """Pull actions left today."""
        return max(0, self.daily_limit - self.daily_used)

    async def _refresh(self, user: Any) -> None:
        table = await asyncio.to_thread(configs.active, "gacha")
        config: gacha_table.GachaConfig = table.config
        base = gacha_table.rarity_probabilities(config)
        consolidated = gacha_table.consolidated_rates(config)
        self.version, self.gold_rtp = table.version, f"{table.declared_rtp * 100:.1f}"
        self.cost_single, self.cost_ten = config.cost_single, config.cost_ten
        self.daily_limit = gacha.daily_limit(user, config)
        self.daily_used = await asyncio.to_thread(gacha.used_today, user.id)
        stats = await asyncio.to_thread(gacha_reports.stats, user.id)
        self.pity, self.pity_threshold, self.by_rarity = stats.pity_count, stats.pity_threshold, stats.by_rarity
        self.players_today = await asyncio.to_thread(gacha_reports.players_today)
        self.rates = [
            {"rarity": r, "base": f"{float(base[r]) * 100:.2f}", "consolidated": f"{float(consolidated[r]) * 100:.3f}"}
            for r in gacha_table.RARITIES
        ]
        chance = gacha_table.item_probabilities(config, base)
        self.items = [
            {
                "rarity": item.rarity,
                "name_ko": item.name_ko,
                "name_en": item.name_en,
                "probability": f"{float(chance[item.id]) * 100:.3f}",
                "stock": "∞" if item.stock is None else str(item.stock),
            }
            for item in config.items
        ]
        stock = await asyncio.to_thread(gacha_reports.stock, config)
        names = {i.id: i for i in config.items}
        self.stock = [
            {"item_ko": names[k].name_ko, "item_en": names[k].name_en, "left": f"{v:,}"} for k, v in stock.items()
        ]

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Load costs, limits, pity, rates and the counter."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        await self._refresh(user)
        await (await self.get_state(RealityState))._recompute(user.id)
        return None

    @rx.event
    async def pull(self, count: int, request_key: str) -> Any:
        """Pull once or ten times."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if self.busy:
            return None
        pulls = as_int(count)
        if pulls is None:
            self.error = bilingual_error(AppError(code="VALIDATION_ERROR"))
            return sound("error")
        self.busy, self.error = True, {}
        try:
            result = await asyncio.to_thread(gacha.pull, user, pulls, valid_key(request_key))
        except AppError as exc:
            self.error = bilingual_error(exc)
            await (await self.get_state(RealityState))._note_error(user.id, exc)
            return sound("error")
        finally:
            self.busy = False
        self.prizes = [
            PrizeCard(
                i["rarity"],
                i["name_ko"],
                i["name_en"],
                i["kind"],
                f"{i['amount']:,}" if i["amount"] else "",
                bool(i["pity"]),
                bool(i["guarantee"]),
                bool(i["sold_out"]),
            )
            for i in result.items
        ]
        order = {r: n for n, r in enumerate(gacha_table.RARITIES)}
        self.best_rarity = max((p.rarity for p in self.prizes), key=lambda r: order[r])
        self.pull_id += 1
        (await self.get_state(WalletState))._apply_balance(user.id, result.balance, result.balance_version)
        await (await self.get_state(AuthState))._current_user()
        await self._refresh(user)
        await (await self.get_state(RealityState))._recompute(user.id)
        return sound("reward" if self.best_rarity in ("EPIC", "LEGENDARY") else "spin")
