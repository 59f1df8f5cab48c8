"""The slot screen: table, bets, the spin and its reveal, per-game stats.

A spin is settled by the server at once (ledger, round, proof); the page only reveals it. ``spin`` sends the
drawn line (``reels`` with a new ``draw_id``) and keeps what the round means for the screen (result line,
celebration, stats, proof, the dealer's word, the session figures) in ``_pending``. The page's reels stop one by
one on that line and then call ``reveal``, which shows it. A round whose reveal never came (the page was left,
the socket dropped) is shown by the next ``load`` or ``spin``. The header balance is held in the browser
meanwhile (``window.ccBalanceHold``), and the bet chips follow ``held_gold`` while ``rolling``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, t
from casino_app.services.games import configs, rounds, slot, slot_view
from casino_app.services.games.win_tier import result_cue, win_tier
from casino_app.state import dealer
from casino_app.state.auth import AuthState, bilingual_code, bilingual_error, require_player
from casino_app.state.inputs import as_int
from casino_app.state.reality import RealityState
from casino_app.state.round_keys import valid_key
from casino_app.state.sound import sound
from casino_app.state.wallet import WalletState

logger = logging.getLogger("casino_app.slot")


def _both(key: str, **params: Any) -> dict[str, str]:
    return {locale: t(key, locale, **params) for locale in LOCALES}


def _pay_rows(config: slot.SlotConfig, bet: int) -> list[dict[str, str]]:
    return [
        {
            "id": row.symbol,
            "triple": row.triple,
            "pair": row.pair,
            "triple_gold": f"{row.triple_gold:,}",
            "pair_gold": f"{row.pair_gold:,}",
        }
        for row in slot_view.paytable(config, bet)
    ]


class SlotState(rx.State):
    """The slot screen."""

    bet: int = 100
    bet_options: list[int] = []
    bet_labels: dict[str, str] = {}  # "1000" → "1,000"
    top_bet: int = 0
    symbol_ids: list[str] = []  # the table's symbols, in its order (the reels draw their faces from it)
    reels: list[str] = ["", "", ""]  # the latest drawn line (the idle face before the first round)
    draw_id: int = 0  # rounds drawn in this tab: a new value makes the reels stop on ``reels``
    fail_seq: int = 0  # a spin that failed: the reels stop where they were
    spin_id: int = 0  # rounds revealed (their reels stopped)
    rolling: bool = False  # a round is drawn and not revealed yet
    held_gold: int = 0  # the balance on display when that round began (the chips follow it until the reveal)
    busy: bool = False
    win: int = 0
    win_text: str = ""
    last_bet: int = 0
    multiplier: str = "0"
    bonus_pct: int = 0
    celebrate: bool = False
    tier: str = "none"  # the revealed round's win tier (services/games/win_tier.py)
    win_draw: int = 0  # the draw whose win the reels celebrate (0: none)
    error: dict[str, str] = {}
    proof_hash: str = ""
    proof_nonce: int = 0
    version: int = 0
    declared_rtp: str = ""
    paytable: list[dict[str, str]] = []  # the odds dialog: chance per reel and pays (× bet)
    pay_rows: list[dict[str, str]] = []  # the paytable on screen: pays in gold at the chosen bet
    pay_caption: dict[str, str] = {}  # "at a 1,000 G bet", both languages
    rules: dict[str, str] = {}  # the table's rules with its win-streak bonus, both languages
    stats: dict[str, str] = {}
    _pending: dict[str, Any] = {}
    _pays: dict[int, list[dict[str, str]]] = {}

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Load the active table, show a round left unrevealed, and the player's stats."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        table = await asyncio.to_thread(configs.active, "slot")
        config: slot.SlotConfig = table.config
        self.version, self.bet_options = table.version, list(config.bet_options)
        self.bet_labels = {str(b): f"{b:,}" for b in config.bet_options}
        self.top_bet = config.bet_options[-1]
        self.symbol_ids = [s.id for s in config.symbols]
        if self.bet not in self.bet_options:
            self.bet = self.bet_options[0]
        self.declared_rtp = f"{table.declared_rtp * 100:.2f}"
        self.paytable = [
            {"id": row.symbol, "triple": row.triple, "pair": row.pair, "chance": row.chance_pct}
            for row in slot_view.paytable(config, self.bet)
        ]
        step, most = config.streak_bonus_step_pct, config.streak_bonus_step_pct * config.streak_bonus_max_steps
        self.rules = _both("slot.rules_bonus", step=step, most=most) if most else _both("slot.rules_plain")
        self._pays = {b: _pay_rows(config, b) for b in config.bet_options}
        self._show_bet(self.bet)
        if self._pending:
            await self._reveal(user.id)  # drawn before the page was left: nothing to animate any more
        else:
            self.rolling = False
            await self._stats(user.id)
            await (await self.get_state(RealityState))._recompute(user.id)
        if self.draw_id == 0:
            self.reels = slot_view.idle_face(config)
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
        """Pick a bet from the table's options (the paytable follows it)."""
        value = as_int(bet)
        if value is not None and value in self.bet_options:
            self.bet, self.error = value, {}
            self._show_bet(value)

    def _show_bet(self, bet: int) -> None:
        self.pay_rows = self._pays.get(bet, [])
        self.pay_caption = _both("slot.paytable_at", bet=f"{bet:,}")

    @rx.event
    async def spin(self, request_key: str) -> Any:
        """One spin (never automatic). The reels shown are exactly the drawn result; the rest waits for ``reveal``."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if self.busy:
            return None
        if self._pending:
            await self._reveal(user.id)  # the previous round's reels never reported their stop
        self.busy = True
        try:
            result = await asyncio.to_thread(slot.spin, user.id, self.bet, valid_key(request_key))
        except AppError as exc:
            self.error, self.fail_seq = bilingual_error(exc), self.fail_seq + 1
            await (await self.get_state(RealityState))._note_error(user.id, exc)
            return sound("error")
        except Exception:  # anything else: stop the reels and say so, rather than spin on silently
            logger.exception("slot spin failed")
            self.error, self.fail_seq = bilingual_code("SERVICE_UNAVAILABLE"), self.fail_seq + 1
            return sound("error")
        finally:
            self.busy = False
        wallet = await self.get_state(WalletState)
        self.held_gold, self.rolling = wallet.gold, True
        wallet._apply_balance(user.id, result.balance, result.balance_version)  # the header shows it after the stop
        self.reels, self.draw_id = list(result.reels), self.draw_id + 1
        self._pending = {
            "user_id": user.id,
            "draw": self.draw_id,
            "win": result.win_amount,
            "bet": result.bet,
            "multiplier": result.multiplier,
            "bonus_pct": result.streak_bonus_pct,
            "celebrate": result.celebrate,
            "proof_hash": result.server_seed_hash,
            "nonce": result.nonce,
            "refresh_user": bool(result.leveled_up or result.xp_gained),
        }
        return None

    @rx.event
    async def reveal(self, draw_id: int) -> Any:
        """The page's last reel stopped on round ``draw_id``: show its result (display only: the round is settled)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if not self._pending or as_int(draw_id) != self._pending.get("draw"):
            return None
        cue = await self._reveal(user.id)
        return sound(cue) if cue else None

    async def _reveal(self, user_id: int) -> str:
        """Show the pending round; return its sound cue ("" for none)."""
        pending, self._pending, self.rolling = self._pending, {}, False
        if pending.get("user_id") != user_id:
            return ""
        win, bet, celebrate = int(pending["win"]), int(pending["bet"]), bool(pending["celebrate"])
        self.spin_id += 1
        self.win, self.last_bet, self.win_text = win, bet, f"{win:,}"
        self.multiplier, self.bonus_pct, self.celebrate = pending["multiplier"], int(pending["bonus_pct"]), celebrate
        self.tier = win_tier(bet, win).value
        self.win_draw = int(pending["draw"]) if celebrate else 0
        self.proof_hash, self.proof_nonce = pending["proof_hash"], int(pending["nonce"])
        self.error = {}
        if pending.get("refresh_user"):
            await (await self.get_state(AuthState))._current_user()
        await self._stats(user_id)
        await (await self.get_state(RealityState))._recompute(user_id)
        await dealer.after_round(self, "slot", stake=bet, payout=win)
        return result_cue(bet, win)
