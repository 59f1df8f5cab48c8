"""The gacha screen, its disclosure panel and the reveal of each pull.

The reveal shows only what the server drew: every card's colour, from the first frame of the build-up, is the
rarity of the prize it holds. Its timing (``build_ms``, each card's ``delay_ms``) is decided here and played by
the browser (``assets/styles/games/gacha.css``, ``assets/js/cc-gacha.js``), which also honours
``prefers-reduced-motion`` (no particles, instant reveal) and the sound toggle.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services.games import configs, gacha, gacha_reports, gacha_table
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.gacha_art import art_url
from casino_app.state.inputs import as_int
from casino_app.state.reality import RealityState
from casino_app.state.round_keys import valid_key
from casino_app.state.sound import sound
from casino_app.state.wallet import WalletState

# How long the build-up of a single pull lasts, by the rarity drawn (a rarer prize is opened more slowly).
SINGLE_BUILD_MS: dict[str, int] = {"COMMON": 1_400, "RARE": 1_900, "EPIC": 2_500, "LEGENDARY": 3_100}
# A 10-pull: the cards lie face down, glowing in their own rarity's colour, and turn over one after another.
FIRST_FLIP_MS, FLIP_STEP_MS, FLIP_MS = 500, 220, 500
EPIC_PLUS = ("EPIC", "LEGENDARY")


def build_ms(rarities: list[str]) -> int:
    """When the last prize of a pull is face up: a single pull by its rarity, a 10-pull by its last card."""
    if len(rarities) == 1:
        return SINGLE_BUILD_MS[rarities[0]]
    return FIRST_FLIP_MS + FLIP_STEP_MS * (len(rarities) - 1) + FLIP_MS


@dataclasses.dataclass
class PrizeCard:
    """One revealed gacha prize, as the server drew it."""

    rarity: str
    name_ko: str
    name_en: str
    kind: str
    amount: str
    pity: bool
    guarantee: bool
    fell_back: bool
    item_id: str = ""
    art: str = ""
    delay_ms: int = 0  # when this card turns over in a 10-pull
    epic_plus: bool = False


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
    loaded: bool = False  # costs and limits are known (nothing shows "0 G" before they are)
    featured: list[dict[str, str]] = []  # the Epic and Legendary prizes of the table, with their chances
    reveal_open: bool = False
    reveal_build_ms: int = 0
    total_gold: int = 0  # what the latest pull credited: gold, XP, inventory items
    total_xp: int = 0
    total_items: int = 0
    pull_counts: dict[str, int] = {}  # the latest pull's prizes by rarity
    leveled_up: bool = False
    level: int = 0
    fail_seq: int = 0  # counts refused pulls (the page lets go of the balance it held for the pull)

    @rx.var
    def pity_percent(self) -> int:
        """Progress towards the hard-pity guarantee, 0–100."""
        return min(100, self.pity * 100 // max(1, self.pity_threshold))

    @rx.var
    def daily_remaining(self) -> int:
        """Pull actions left today."""
        return max(0, self.daily_limit - self.daily_used)

    @rx.var
    def cost_single_text(self) -> str:
        """The single pull's price with separators (``5,000``)."""
        return f"{self.cost_single:,}"

    @rx.var
    def cost_ten_text(self) -> str:
        """The 10-pull's price with separators (``50,000``)."""
        return f"{self.cost_ten:,}"

    @rx.var
    def total_gold_text(self) -> str:
        """Gold the latest pull credited, with separators."""
        return f"{self.total_gold:,}"

    @rx.var
    def total_xp_text(self) -> str:
        """XP the latest pull added, with separators."""
        return f"{self.total_xp:,}"

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
                "art": art_url(item.id, item.kind),
            }
            for item in config.items
        ]
        order = {r: n for n, r in enumerate(gacha_table.RARITIES)}
        self.featured = [
            row | {"item_id": item.id}
            for item, row in sorted(zip(config.items, self.items, strict=True), key=lambda pair: -order[pair[0].rarity])
            if item.rarity in EPIC_PLUS
        ]
        stock = await asyncio.to_thread(gacha_reports.stock, config)
        names = {i.id: i for i in config.items}
        self.stock = [
            {"item_ko": names[k].name_ko, "item_en": names[k].name_en, "left": f"{v:,}"} for k, v in stock.items()
        ]
        self.loaded = True

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Load costs, limits, pity, rates and the counter."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.reveal_open = False  # a reveal left open by navigating away does not replay
        await self._refresh(user)
        await (await self.get_state(RealityState))._recompute(user.id)
        return None

    @rx.event
    def close_reveal(self) -> None:
        """Close the reveal (only the view changes: the prizes were credited with the pull)."""
        self.reveal_open = False

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
            self.fail_seq += 1
            return sound("error")
        self.busy, self.error = True, {}
        try:
            result = await asyncio.to_thread(gacha.pull, user, pulls, valid_key(request_key))
        except AppError as exc:
            self.error = bilingual_error(exc)
            self.fail_seq += 1
            await (await self.get_state(RealityState))._note_error(user.id, exc)
            return sound("error")
        finally:
            self.busy = False
        self._show(result)
        (await self.get_state(WalletState))._apply_balance(user.id, result.balance, result.balance_version)
        await (await self.get_state(AuthState))._current_user()
        await self._refresh(user)
        await (await self.get_state(RealityState))._recompute(user.id)
        return None  # the reveal plays its own sounds when each prize turns over (assets/js/cc-gacha.js)

    def _show(self, result: gacha.PullResult) -> None:
        """Open the reveal on the pull's prizes exactly as drawn, and total what they credited."""
        rarities = [i["rarity"] for i in result.items]
        self.prizes = [
            PrizeCard(
                rarity=i["rarity"],
                name_ko=i["name_ko"],
                name_en=i["name_en"],
                kind=i["kind"],
                amount=f"{i['amount']:,}" if i["amount"] else "",
                pity=bool(i["pity"]),
                guarantee=bool(i["guarantee"]),
                fell_back=bool(i["sold_out"]),
                item_id=i["item_id"],
                art=art_url(i["item_id"], i["kind"]),
                delay_ms=FIRST_FLIP_MS + FLIP_STEP_MS * n,
                epic_plus=i["rarity"] in EPIC_PLUS,
            )
            for n, i in enumerate(result.items)
        ]
        order = {r: n for n, r in enumerate(gacha_table.RARITIES)}
        self.best_rarity = max(rarities, key=lambda r: order[r])
        self.pull_counts = {r: rarities.count(r) for r in gacha_table.RARITIES}
        self.total_gold = sum(i["amount"] for i in result.items if i["kind"] == "gold")
        self.total_xp = sum(i["amount"] for i in result.items if i["kind"] == "xp")
        self.total_items = sum(1 for i in result.items if i["kind"] == "cosmetic")
        self.leveled_up, self.level = result.leveled_up, result.level
        self.reveal_build_ms = build_ms(rarities)
        self.pull_id += 1
        self.reveal_open = True
