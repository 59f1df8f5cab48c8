"""The prize-roulette screen: the wheel (drawn to scale), spins left, the spin, the prize, per-game stats."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from fractions import Fraction
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.games import configs, rounds
from casino_app.services.games import roulette as game
from casino_app.services.games import roulette_table as table
from casino_app.services.games.money import decimal_text
from casino_app.state import dealer
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.reality import RealityState
from casino_app.state.round_keys import valid_key
from casino_app.state.sound import sound
from casino_app.state.wallet import WalletState

SPIN_MS = 4_200  # the wheel's deceleration; the prize is revealed when it has stopped
TURNS = 5  # full turns before the wheel settles
TINTS = 4  # segment fills cycle through --rl-tint-0..3 (roulette.css)


def _tint(index: int, count: int) -> int:
    # The last segment touches the first: never give the two the same fill.
    return 2 if index == count - 1 and index % TINTS == 0 else index % TINTS


def wheel_of(config: table.RouletteConfig) -> tuple[list[dict[str, str]], str]:
    """Each segment as the page shows it (angles to scale, exact probability) and the wheel's conic gradient."""
    chances = table.probabilities(config)
    rows, stops, start = [], [], Fraction(0)
    for index, (segment, chance) in enumerate(zip(config.segments, chances, strict=True)):
        end = start + chance * 360
        tint = _tint(index, len(config.segments))
        stops.append(f"var(--rl-tint-{tint}) {float(start):.4f}deg {float(end):.4f}deg")
        rows.append(
            {
                "index": str(index),
                "kind": segment.kind,
                "amount": f"{segment.amount:,}",
                "label_ko": segment.label_ko,
                "label_en": segment.label_en,
                "weight": str(segment.weight),
                "percent": table.percent_text(chance),
                "fraction": f"{chance.numerator}/{chance.denominator}",
                "start": f"{float(start):.4f}",
                "end": f"{float(end):.4f}",
                "mid": f"{float((start + end) / 2):.4f}",
            }
        )
        start = end
    return rows, "conic-gradient(from 0deg, " + ", ".join(stops) + ")"


def stop_angle(current: float, mid: float) -> float:
    """The next rotation: at least ``TURNS`` more turns, ending with segment centre ``mid`` under the pointer."""
    return current + TURNS * 360 + (-mid - current) % 360


class RouletteState(rx.State):
    """The roulette screen."""

    segments: list[dict[str, str]] = []
    wheel_css: str = ""
    version: int = 0
    free_per_day: int = 1
    expected_gold: str = "0"
    expected_xp: str = "0"
    spins_left: int = 0
    free_left: int = 0
    tickets: int = 0
    next_free_kst: str = ""
    busy: bool = False
    spin_id: int = 0
    segment_index: int = -1
    rotation: float = 0.0
    revealed: bool = False
    prize_kind: str = ""
    prize_ko: str = ""
    prize_en: str = ""
    source: str = ""
    error: dict[str, str] = {}
    proof_hash: str = ""
    proof_nonce: int = 0
    stats: dict[str, str] = {}

    async def _refresh(self, user_id: int) -> None:
        active = await asyncio.to_thread(configs.active, game.ROULETTE.key)
        config: table.RouletteConfig = active.config
        self.version = active.version
        self.free_per_day = config.free_spins_per_day
        self.segments, self.wheel_css = wheel_of(config)
        expected = table.expected_value(config)
        self.expected_gold, self.expected_xp = decimal_text(expected["gold"]), decimal_text(expected["xp"])
        self._show_spins(await asyncio.to_thread(game.available, user_id))
        _, per_game = await asyncio.to_thread(rounds.stats, user_id)
        extra = per_game[game.ROULETTE.key].extra
        self.stats = {name: f"{extra.get(name, 0):,}" for name in ("spins", "free_spins", "ticket_spins", "gold_won")}

    def _show_spins(self, spins: game.Spins) -> None:
        self.spins_left, self.free_left, self.tickets = spins.spins_left, spins.free_left, spins.tickets
        at = spins.next_free_at
        self.next_free_kst = clock.kst_text(at) if at else ""

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Load the wheel, the player's spins and stats."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.revealed, self.error = self.spin_id > 0 and not self.busy, {}
        await self._refresh(user.id)
        await (await self.get_state(RealityState))._recompute(user.id)
        return None

    @rx.event
    async def spin(self, request_key: str, reduced_motion: bool = False) -> AsyncIterator[Any]:
        """One spin (never automatic): the wheel turns onto the segment the server drew, then the prize shows."""
        user = await require_player(self)
        if user is None:
            yield (await self.get_state(AuthState))._leave_player_page()
            return
        if self.busy:
            return
        self.busy, self.error, self.revealed = True, {}, False
        try:
            result = await asyncio.to_thread(game.spin, user, valid_key(request_key))
        except AppError as exc:
            self.busy, self.error = False, bilingual_error(exc)
            await (await self.get_state(RealityState))._note_error(user.id, exc)
            yield sound("error")
            return
        except Exception:
            self.busy = False
            raise
        if result.config_version != self.version:  # a new table was published since the page loaded
            drawn_on = await asyncio.to_thread(configs.by_version, game.ROULETTE.key, result.config_version)
            self.version = result.config_version
            self.segments, self.wheel_css = wheel_of(drawn_on)
        mid = float(self.segments[result.segment_index]["mid"])
        self.rotation = round(stop_angle(self.rotation, mid), 4)
        self.segment_index, self.spin_id = result.segment_index, self.spin_id + 1
        self.prize_kind = result.prize["kind"]
        self.prize_ko, self.prize_en, self.source = result.prize["label_ko"], result.prize["label_en"], result.source
        self.proof_hash, self.proof_nonce = result.server_seed_hash, result.nonce
        yield None  # the wheel turns now (its spin sound played on the click)
        if reduced_motion is not True:
            await asyncio.sleep(SPIN_MS / 1000)
        self.revealed, self.busy = True, False
        (await self.get_state(WalletState))._apply_balance(user.id, result.balance, result.balance_version)
        if result.xp_gained:
            await (await self.get_state(AuthState))._current_user()
        await self._refresh(user.id)
        await (await self.get_state(RealityState))._recompute(user.id)
        gold = int(result.prize["amount"] or 0) if result.prize["kind"] == "gold" else 0
        await dealer.after_round(self, "roulette", stake=0, payout=gold)
        yield sound("reward")
