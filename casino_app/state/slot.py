"""The slot screen: table, bets, the spin, per-game stats."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services.games import configs, rounds, slot
from casino_app.state import dealer
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.inputs import as_int
from casino_app.state.reality import RealityState
from casino_app.state.round_keys import valid_key
from casino_app.state.sound import sound
from casino_app.state.wallet import WalletState


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
        config: slot.SlotConfig = table.config
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
            result = await asyncio.to_thread(slot.spin, user.id, self.bet, valid_key(request_key))
        except AppError as exc:
            self.error = bilingual_error(exc)
            await (await self.get_state(RealityState))._note_error(user.id, exc)
            return sound("error")
        finally:
            self.busy = False
        self.reels, self.spin_id = result.reels, self.spin_id + 1
        self.win, self.last_bet, self.win_text = result.win_amount, result.bet, f"{result.win_amount:,}"
        self.multiplier, self.bonus_pct, self.celebrate = result.multiplier, result.streak_bonus_pct, result.celebrate
        self.proof_hash, self.proof_nonce = result.server_seed_hash, result.nonce
        (await self.get_state(WalletState))._apply_balance(user.id, result.balance, result.balance_version)
        if result.leveled_up or result.xp_gained:
            await (await self.get_state(AuthState))._current_user()
        await self._stats(user.id)
        await (await self.get_state(RealityState))._recompute(user.id)
        await dealer.after_round(self, "slot", stake=result.bet, payout=result.win_amount)
        return sound("win" if result.celebrate else "spin")
