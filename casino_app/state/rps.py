"""The rock-paper-scissors screen: table, bets, the round, per-game stats."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services.games import configs, rounds, rps
from casino_app.services.games.rps_table import OUTCOMES, RpsConfig, probabilities
from casino_app.services.games.win_tier import result_cue, win_tier
from casino_app.state import dealer
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.inputs import as_int
from casino_app.state.reality import RealityState
from casino_app.state.round_keys import valid_key
from casino_app.state.sound import sound
from casino_app.state.wallet import WalletState


class RpsState(rx.State):
    """The rock-paper-scissors screen."""

    bet: int = 100
    bet_options: list[int] = []
    busy: bool = False
    round_no: int = 0  # rounds shown on this screen; keys the reveal and shake animations
    round_id: int = 0
    player_move: str = ""
    server_move: str = ""
    outcome: str = ""
    win: int = 0
    win_text: str = ""
    net_text: str = ""
    bet_text: str = ""
    last_bet: int = 0
    celebrate: bool = False
    tier: str = "none"  # the round's win tier (services/games/win_tier.py)
    error: dict[str, str] = {}
    proof_hash: str = ""
    proof_nonce: int = 0
    version: int = 0
    declared_rtp: str = ""
    multiplier: str = ""
    odds: list[dict[str, str]] = []
    stats: dict[str, str] = {}

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Load the active table and the player's stats."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        table = await asyncio.to_thread(configs.active, "rps")
        config: RpsConfig = table.config
        self.version, self.bet_options, self.multiplier = table.version, list(config.bet_options), config.win_multiplier
        if self.bet not in self.bet_options:
            self.bet = self.bet_options[0]
        self.declared_rtp = f"{table.declared_rtp * 100:.2f}"
        chances = probabilities(config)
        pays = {"WIN": config.win_multiplier, "DRAW": "1", "LOSE": "0"}
        self.odds = [
            {
                "outcome": o,
                "fraction": f"{chances[o].numerator}/{chances[o].denominator}",
                "chance": f"{float(chances[o]) * 100:.2f}",
                "pays": pays[o],
            }
            for o in OUTCOMES
        ]
        await self._stats(user.id)
        await (await self.get_state(RealityState))._recompute(user.id)
        return None

    async def _stats(self, user_id: int) -> None:
        _, per_game = await asyncio.to_thread(rounds.stats, user_id)
        extra = per_game["rps"].extra
        self.stats = {name: f"{extra.get(name, 0):,}" for name in ("plays", "wins", "losses", "ties")}

    @rx.event
    def choose_bet(self, bet: int) -> None:
        """Pick a bet from the table's options."""
        value = as_int(bet)
        if value is not None and value in self.bet_options:
            self.bet = value

    @rx.event
    async def play(self, move: str, request_key: str) -> Any:
        """One round with ``move`` (never automatic). The house hand shown is exactly the drawn one."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if self.busy:
            return None
        self.busy, self.error = True, {}
        try:
            result = await asyncio.to_thread(rps.play, user, str(move)[:10], self.bet, valid_key(request_key))
        except AppError as exc:
            self.error = bilingual_error(exc)
            await (await self.get_state(RealityState))._note_error(user.id, exc)
            return sound("error")
        finally:
            self.busy = False
        o = result.outcome
        self.round_no, self.round_id = self.round_no + 1, result.round_id
        self.player_move, self.server_move, self.outcome = o["player_move"], o["server_move"], o["outcome"]
        self.win, self.last_bet, self.win_text = result.payout, result.bet, f"{result.payout:,}"
        self.net_text, self.bet_text = f"{result.payout - result.bet:+,}", f"{result.bet:,}"
        self.celebrate, self.tier = result.celebrate, win_tier(result.bet, result.payout).value
        self.proof_hash, self.proof_nonce = result.server_seed_hash, result.nonce
        (await self.get_state(WalletState))._apply_balance(user.id, result.balance, result.balance_version)
        if result.leveled_up or result.xp_gained:
            await (await self.get_state(AuthState))._current_user()
        await self._stats(user.id)
        await (await self.get_state(RealityState))._recompute(user.id)
        await dealer.after_round(self, "rps", stake=result.bet, payout=result.payout)
        return sound(result_cue(result.bet, result.payout))
