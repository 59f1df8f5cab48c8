"""Game pages: slot, gacha, inventory, history. Thin view-models over the game services."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.accounts import sessions
from casino_app.services.games import configs, gacha, rounds, slot
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.inputs import as_int
from casino_app.state.sound import sound
from casino_app.state.wallet import WalletState

# A fresh key per click, made in the browser (works without a secure context too).
CLICK_KEY = rx.Var(
    _js_expr="((typeof crypto !== 'undefined' && crypto.randomUUID) ? crypto.randomUUID()"
    " : Date.now().toString(36) + Math.random().toString(36).slice(2))",
    _var_type=str,
)


def _valid_key(key: str) -> str:
    key = str(key)[:64]
    return key if key and all(ch.isalnum() or ch in "-_" for ch in key) else uuid.uuid4().hex


class RealityState(rx.State):
    """Time played and net result since this login started (shown on every game page)."""

    minutes: int = 0
    rounds: int = 0
    net: int = 0
    net_text: str = "0"

    async def _recompute(self, user_id: int) -> None:
        """Re-read the session summary."""
        auth = await self.get_state(AuthState)
        started = (
            await asyncio.to_thread(sessions.started_at, uuid.UUID(auth._session_id)) if auth._session_id else None
        )
        summary = await asyncio.to_thread(rounds.session_summary, user_id, started or clock.now())
        self.minutes, self.rounds, self.net = summary.minutes, summary.rounds, summary.net
        self.net_text = f"{summary.net:+,}"

    @rx.event
    async def refresh(self) -> None:
        """Page load."""
        user = await require_player(self)
        if user is not None and not user.is_staff:
            await self._recompute(user.id)


class SlotState(rx.State):
    """The slot screen."""

    bet: int = 100
    bet_options: list[int] = []
    reels: list[str] = ["seven", "seven", "seven"]
    spin_id: int = 0
    busy: bool = False
    win: int = 0
    win_text: str = ""
    last_bet: int = 0
    multiplier: str = "0"
    bonus_pct: int = 0
    celebrate: bool = False
    error: dict[str, str] = {}
    proof_hash: str = ""
    proof_client: str = ""
    proof_nonce: int = 0
    version: int = 0
    declared_rtp: str = ""
    paytable: list[dict[str, str]] = []
    stats: dict[str, str] = {}

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Load the active table and the player's stats."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        table = await asyncio.to_thread(configs.active, "slot")
        config: configs.SlotConfig = table.config
        self.version, self.bet_options = table.version, list(config.bet_options)
        if self.bet not in self.bet_options:
            self.bet = self.bet_options[0]
        self.declared_rtp = f"{table.declared_rtp * 100:.2f}"
        total = sum(s.weight for s in config.symbols)
        self.paytable = [
            {"id": s.id, "triple": s.triple, "pair": s.pair, "chance": f"{s.weight * 100 / total:.1f}"}
            for s in config.symbols
        ]
        await self._stats(user.id)
        await (await self.get_state(RealityState))._recompute(user.id)
        return None

    async def _stats(self, user_id: int) -> None:
        _, per_game = await asyncio.to_thread(rounds.stats, user_id)
        s = per_game["slot"]
        self.stats = {
            "rounds": f"{s.total_bets:,}",
            "wins": f"{s.total_wins:,}",
            "best": f"{s.best_win:,}",
            "net": f"{s.net:+,}",
        }

    @rx.event
    def choose_bet(self, bet: int) -> None:
        """Pick a bet from the table's options."""
        value = as_int(bet)
        if value is not None and value in self.bet_options:
            self.bet = value

    @rx.event
    async def spin(self, request_key: str) -> Any:
        """One spin (never automatic). The reels shown are exactly the drawn result."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if self.busy:
            return None
        self.busy, self.error = True, {}
        try:
            result = await asyncio.to_thread(slot.spin, user.id, self.bet, _valid_key(request_key))
        except AppError as exc:
            self.error = bilingual_error(exc)
            return sound("error")
        finally:
            self.busy = False
        self.reels, self.spin_id = result.reels, self.spin_id + 1
        self.win, self.last_bet, self.win_text = result.win_amount, result.bet, f"{result.win_amount:,}"
        self.multiplier, self.bonus_pct, self.celebrate = result.multiplier, result.streak_bonus_pct, result.celebrate
        self.proof_hash, self.proof_client, self.proof_nonce = result.server_seed_hash, result.client_seed, result.nonce
        (await self.get_state(WalletState))._apply_balance(user.id, result.balance, result.balance_version)
        if result.leveled_up or result.xp_gained:
            await (await self.get_state(AuthState))._current_user()
        await self._stats(user.id)
        await (await self.get_state(RealityState))._recompute(user.id)
        return sound("win" if result.celebrate else "spin")


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
    inventory: list[dict[str, str]] = []
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
        from casino_app.settings import get_settings

        settings = get_settings()
        table = await asyncio.to_thread(configs.active, "gacha")
        config: configs.GachaConfig = table.config
        base = configs.gacha_rarity_probabilities(config)
        consolidated = configs.gacha_consolidated(config)
        self.version, self.gold_rtp = table.version, f"{table.declared_rtp * 100:.1f}"
        self.cost_single, self.cost_ten = settings.gacha_cost_single, settings.gacha_cost_ten
        self.daily_limit = gacha.daily_limit(user)
        self.daily_used = await asyncio.to_thread(gacha.used_today, user.id)
        stats = await asyncio.to_thread(gacha.stats, user.id)
        self.pity, self.pity_threshold, self.by_rarity = stats.pity_count, stats.pity_threshold, stats.by_rarity
        self.players_today = await asyncio.to_thread(rounds.gacha_players_today)
        self.rates = [
            {"rarity": r, "base": f"{float(base[r]) * 100:.2f}", "consolidated": f"{float(consolidated[r]) * 100:.3f}"}
            for r in configs.RARITIES
        ]
        chance = configs.gacha_item_probabilities(config, base)
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
        stock = await asyncio.to_thread(gacha.stock)
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
            result = await asyncio.to_thread(gacha.pull, user, pulls, _valid_key(request_key))
        except AppError as exc:
            self.error = bilingual_error(exc)
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
        order = {r: n for n, r in enumerate(configs.RARITIES)}
        self.best_rarity = max((p.rarity for p in self.prizes), key=lambda r: order[r])
        self.pull_id += 1
        (await self.get_state(WalletState))._apply_balance(user.id, result.balance, result.balance_version)
        await (await self.get_state(AuthState))._current_user()
        await self._refresh(user)
        await (await self.get_state(RealityState))._recompute(user.id)
        return sound("reward" if self.best_rarity in ("EPIC", "LEGENDARY") else "spin")

    @rx.event
    async def load_inventory(self) -> rx.event.EventSpec | None:
        """The inventory page."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        owned = await asyncio.to_thread(gacha.inventory, user.id)
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
        tz = clock.business_tz()
        rows = []
        for v in views:
            if v.game == "slot":
                summary = " ".join(v.outcome.get("reels", [])) + f" ×{v.outcome.get('multiplier', '0')}"
            else:
                summary = ", ".join(p["rarity"][0] for p in v.outcome.get("pulls", []))
            rows.append(
                {
                    "id": str(v.id),
                    "game": v.game,
                    "bet": f"{v.bet:,}",
                    "payout": f"{v.payout:,}",
                    "net": f"{v.payout - v.bet:+,}",
                    "positive": "1" if v.payout > v.bet else "",
                    "summary": summary,
                    "nonce": str(v.nonce),
                    "hash": v.server_seed_hash[:12] + "…",
                    "at": v.created_at.astimezone(tz).strftime("%m-%d %H:%M:%S"),
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
        self.game = game if game in ("slot", "gacha") else ""
        return await self._page(None)

    @rx.event
    async def more(self) -> rx.event.EventSpec | None:
        """Next page."""
        return await self._page(self.next_cursor) if self.next_cursor else None
