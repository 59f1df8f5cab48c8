"""The crash screen: the shared round as the leader publishes it (snapshots and ticks), the player's own bet, and
the two actions, bet and cash-out.

Everything about money is decided by ``services.crash.bets`` on the server: the handlers re-read the player from
the server-side session and pass the click's key; this state only shows what the services and the live snapshot
say. Snapshots (realtime event ``crash``) and ticks (``crash_tick``) reach only the tabs on this page
(``state/crash_watch.py``, ``state/realtime.py``); a ticker re-reads the live store when they stop arriving.
"""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal, InvalidOperation
from typing import Any

import reflex as rx
from pydantic import ValidationError

from casino_app.core.errors import AppError
from casino_app.services import ledger
from casino_app.services.crash import bets, chains, live
from casino_app.services.crash.game import CRASH, CrashBetRequest
from casino_app.services.crash.table import CrashConfig
from casino_app.services.games import configs
from casino_app.services.games.win_tier import result_cue, win_tier
from casino_app.state import crash_watch, dealer
from casino_app.state.auth import AuthState, bilingual_code, bilingual_error, require_player
from casino_app.state.crash_format import bet_rows, gold_text, history_chips, odds_rows, table_texts, x_text
from casino_app.state.inputs import as_int
from casino_app.state.reality import RealityState
from casino_app.state.round_keys import valid_key
from casino_app.state.sound import SoundState, sound
from casino_app.state.wallet import WalletState

PHASES = ("idle", "betting", "flying", "crashed")
STALE_SECONDS = 3.0  # the ticker re-reads the live store when no snapshot arrived for this long
MAX_AGE_MS = 2_000  # a stored snapshot's age that still corrects the server clock
REORDER_MS = 5_000  # an older snapshot of the same round arriving late is ignored (a clock jump is not)


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def parse_auto(text: str) -> float | None:
    """An auto cash-out target typed as ×: ``None`` when empty; ``ValueError`` unless a number with ≤ 2 decimals."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    exponent = value.as_tuple().exponent
    if not value.is_finite() or not isinstance(exponent, int) or exponent < -2:
        raise ValueError(text)
    return float(value)


class CrashState(rx.State):
    """The live crash round, its players, the last crash points, the table, and this player's bet."""

    loaded: bool = False
    available: bool = False  # a live snapshot is known (False: the loop is starting or down)
    phase: str = ""
    paused: bool = False
    round_id: int = 0
    number: int = 0
    betting_ends_ms: int = 0
    started_ms: int = 0
    next_round_ms: int = 0
    server_now_ms: int = 0  # the database clock when the snapshot was taken, corrected for its age
    growth: float = 0.00006
    multiplier: int = 100  # hundredths: the latest tick, the crash point once crashed
    tick_elapsed: int = 0
    tick_seq: int = 0
    crash_point: int = 0
    commitment: str = ""
    round_hash: str = ""
    totals: dict[str, str] = {}
    bets: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    terminating_hash: str = ""
    table: dict[str, str] = {}
    odds: list[dict[str, str]] = []
    min_bet: int = 10
    max_bet: int = 10_000
    bet_default: str = "100"
    my_round_id: int = 0
    my_number: int = 0
    my_bet: int = 0
    my_auto: str = ""
    my_auto_x100: int = 0
    my_status: str = ""  # "" | active | cashed | lost
    my_multiplier: str = ""
    my_payout: int = 0
    busy: bool = False
    error: dict[str, str] = {}
    _game_id: int = 0
    _nickname: str = ""
    _config_version: int = 0
    _written_ms: int = 0
    _applied_at: float = 0.0

    # --- what the page shows ---------------------------------------------------------------------
    @rx.var
    def multiplier_text(self) -> str:
        """The server's multiplier now, e.g. ``"1.37"``."""
        return x_text(self.multiplier) or "1.00"

    @rx.var
    def crash_text(self) -> str:
        """The crash point once the round has crashed."""
        return x_text(self.crash_point)

    @rx.var
    def in_flight(self) -> bool:
        """The player has an open bet on the round that is flying now."""
        return self.my_status == "active" and self.phase == "flying" and self.my_round_id == self.round_id

    @rx.var
    def can_bet(self) -> bool:
        """Betting is open and this player has no open bet (the server decides; this only enables the button)."""
        return self.available and self.phase == "betting" and self.my_status != "active" and not self.busy

    @rx.var
    def potential_text(self) -> str:
        """What cashing out now would pay: the bet × the multiplier (at most the auto target)."""
        if self.my_status != "active":
            return "0"
        reach = min(self.multiplier, self.my_auto_x100) if self.my_auto_x100 else self.multiplier
        return gold_text(self.my_bet * max(reach, 100) // 100)

    @rx.var
    def my_bet_text(self) -> str:
        """The player's stake."""
        return gold_text(self.my_bet)

    @rx.var
    def my_tier(self) -> str:
        """The cash-out's win tier ("none" unless it paid more than the bet)."""
        return win_tier(self.my_bet, self.my_payout).value if self.my_status == "cashed" else "none"

    @rx.var
    def my_payout_text(self) -> str:
        """What the player's cash-out paid."""
        return gold_text(self.my_payout)

    # --- applying the live round -----------------------------------------------------------------
    def _put(self, name: str, value: Any) -> None:
        """Assign only a changed value (every assignment is sent to the browser)."""
        if getattr(self, name) != value:
            setattr(self, name, value)

    async def _apply_snapshot(self, data: dict[str, Any]) -> None:
        """A full snapshot of the round (realtime ``crash`` event or the live store)."""
        round_id = _int(data.get("round_id"))
        written = _int(data.get("written_ms"))
        if round_id == self.round_id and 0 < self._written_ms - written < REORDER_MS:
            return  # an older snapshot of this round arriving late
        self._written_ms, self._applied_at = written, time.time()
        phase = str(data.get("phase", "idle"))
        phase = phase if phase in PHASES else "idle"
        new_round = round_id != self.round_id
        age = min(max(int(time.time() * 1000) - written, 0), MAX_AGE_MS) if written else 0
        self.server_now_ms = _int(data.get("server_now_ms")) + age
        self._put("available", True)
        self._put("phase", phase)
        self._put("paused", bool(data.get("paused")))
        self._put("round_id", round_id)
        self._put("number", _int(data.get("number")))
        self._put("betting_ends_ms", _int(data.get("betting_ends_ms")))
        self._put("started_ms", _int(data.get("started_ms")))
        self._put("next_round_ms", _int(data.get("next_round_ms")))
        self._put("crash_point", _int(data.get("crash_point")) if phase == "crashed" else 0)
        self._put("round_hash", str(data.get("hash") or "") if phase == "crashed" else "")
        self._put("commitment", str(data.get("commitment") or ""))
        if phase == "crashed":
            self._put("multiplier", self.crash_point)
        elif new_round or phase != "flying":
            self._put("multiplier", 100)
            self._put("tick_elapsed", 0)
        growth = data.get("growth_per_ms")
        if isinstance(growth, float | int) and not isinstance(growth, bool) and growth > 0:
            self._put("growth", float(growth))
        table = data.get("table") or {}
        self._put("min_bet", _int(table.get("min_bet")) or self.min_bet)
        self._put("max_bet", _int(table.get("max_bet")) or self.max_bet)
        version = _int(data.get("config_version"))
        if version and version != self._config_version:
            await self._load_table(version)
        chain_info = data.get("chain") or {}
        if chain_info.get("terminating_hash"):
            self._put("terminating_hash", str(chain_info["terminating_hash"]))
        self._put(
            "totals",
            {
                "bet": gold_text(data.get("total_bet", 0)),
                "paid": gold_text(data.get("total_paid", 0)),
                "players": str(_int(data.get("players"))),
            },
        )
        self._put("bets", bet_rows(data.get("bets") or [], self._nickname))
        self._put("history", history_chips(data.get("history") or []))
        await self._follow_my_bet(data, phase)

    async def _follow_my_bet(self, data: dict[str, Any], phase: str) -> None:
        """The player's open bet as the round reports it: cashed out by the server (auto, cap) or lost."""
        if self.my_status != "active":
            return
        if self.my_round_id != self.round_id:
            if self.round_id > self.my_round_id:  # that round ended while this tab was not told
                await self._restore()
            return
        mine = self._nickname.lower()  # nicknames are unique by lower() in the database
        entry = next((b for b in data.get("bets") or [] if str(b.get("nickname", "")).lower() == mine), None)
        if entry is None:  # the snapshot lists the 200 largest bets: read this player's own from the database
            if phase == "crashed":
                await self._restore()
            return
        status = entry.get("status")
        if status == "cashed":
            self.my_status = "cashed"
            self.my_multiplier = x_text(entry.get("cashout_multiplier"))
            self.my_payout = _int(entry.get("payout"))
            await self._cue(result_cue(self.my_bet, self.my_payout))
        elif status == "lost" or phase == "crashed":
            self.my_status, self.my_multiplier, self.my_payout = "lost", "", 0
            await self._cue("loss")

    def _apply_tick(self, data: dict[str, Any]) -> None:
        """An in-flight tick: the multiplier now and the flight's elapsed time (the browser re-anchors its clock)."""
        if _int(data.get("round_id")) != self.round_id or self.phase not in ("betting", "flying"):
            return
        self._put("phase", "flying")  # the flight may have started before its snapshot reached this tab
        self.multiplier = max(_int(data.get("multiplier")), 100)
        self.tick_elapsed = _int(data.get("elapsed_ms"))
        self.tick_seq += 1
        self._applied_at = time.time()

    async def _cue(self, kind: str) -> None:
        """Play a sound cue in this tab (the page honours the sound toggle)."""
        cue = await self.get_state(SoundState)
        cue.cue, cue.seq = kind, cue.seq + 1

    # --- reading ---------------------------------------------------------------------------------
    async def _load_table(self, version: int | None) -> None:
        if version is None:
            active = await asyncio.to_thread(configs.active, CRASH.key)
            config, version = active.config, active.version
        else:
            config = await asyncio.to_thread(configs.by_version, CRASH.key, version)
        assert isinstance(config, CrashConfig)
        self._config_version = version
        self.table, self.odds = table_texts(config, version), odds_rows(config)
        self.min_bet, self.max_bet, self.growth = config.min_bet, config.max_bet, config.growth_per_ms
        default = as_int(self.bet_default) or config.min_bet
        self.bet_default = str(min(max(default, config.min_bet), config.max_bet))

    async def _read_live(self) -> None:
        """The live store's snapshot (``None``, or a store that cannot be reached: the loop is not available)."""
        try:
            found = await asyncio.to_thread(live.read)
        except AppError:
            found = None
        if found is None:
            self._put("available", False)
            self._put("phase", "")
            return
        await self._apply_snapshot(found)

    async def _restore(self) -> None:
        """The player's latest bet from the database (after a reload, or when this tab missed its end)."""
        user_id = (await self.get_state(AuthState))._user_id
        if not user_id:
            return
        row = await asyncio.to_thread(bets.latest, user_id)
        if row is None or (row["status"] != "active" and row["round_id"] < self.round_id - 1):
            if self.my_status == "active":
                self.my_status = ""
            return
        self._game_id, self.my_round_id, self.my_number = row["game_id"], row["round_id"], row["round_number"]
        self.my_bet, self.my_status, self.my_payout = row["bet_amount"], row["status"], row["payout"]
        self.my_auto_x100 = row["auto_cashout"] or 0
        self.my_auto, self.my_multiplier = x_text(row["auto_cashout"]), x_text(row["cashout_multiplier"])

    async def _show_balance(self, user_id: int) -> None:
        wallet = await asyncio.to_thread(ledger.wallet_snapshot, user_id)
        (await self.get_state(WalletState))._apply_balance(user_id, wallet.gold, wallet.version)

    # --- events ----------------------------------------------------------------------------------
    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Page load: the table, the published chain, the live round (if the loop runs) and the player's bet."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        crash_watch.watch(self.router.session.client_token)
        self._nickname, self.error = user.nickname, {}
        await self._load_table(None)
        published = await asyncio.to_thread(chains.published)
        self.terminating_hash = published.terminating_hash if published else ""
        await self._read_live()
        await self._restore()
        await (await self.get_state(RealityState))._recompute(user.id)
        self.loaded = True
        return None

    @rx.event
    async def poll(self) -> None:
        """The page's ticker: re-read the live store when no realtime snapshot arrived lately (and re-join)."""
        if time.time() - self._applied_at < STALE_SECONDS:
            return
        user = await require_player(self)
        if user is None:
            return
        crash_watch.watch(self.router.session.client_token)
        await self._read_live()
        if self.my_status == "active":
            await self._restore()

    @rx.event
    async def place_bet(self, request_key: str, form: dict) -> Any:
        """Bet the form's amount (and optional auto cash-out ×) on the round taking bets; the server decides."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if self.busy:
            return None
        form = form if isinstance(form, dict) else {}
        amount = as_int(str(form.get("amount", "")).strip())
        try:
            auto = parse_auto(str(form.get("auto", ""))[:16])
        except ValueError:
            self.error = bilingual_code("AUTO_CASHOUT_INVALID")
            return sound("error")
        try:
            request = CrashBetRequest.model_validate({"bet_amount": amount, "auto_cashout": auto})
        except ValidationError as exc:
            fields = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
            self.error = bilingual_code("AUTO_CASHOUT_INVALID" if "auto_cashout" in fields else "BET_NOT_ALLOWED")
            return sound("error")
        self.busy, self.error = True, {}
        try:
            placed = await asyncio.to_thread(bets.place, user, request, f"ui:{valid_key(request_key)}")
        except AppError as exc:
            self.error = bilingual_error(exc)
            await (await self.get_state(RealityState))._note_error(user.id, exc)
            if exc.error_code == "CRASH_BET_ACTIVE":
                await self._restore()
            return sound("error")
        finally:
            self.busy = False
        self._game_id, self.my_round_id, self.my_number = placed.game_id, placed.round_id, placed.round_number
        self.my_bet, self.my_status, self.my_payout, self.my_multiplier = placed.bet_amount, "active", 0, ""
        self.my_auto_x100 = placed.auto_cashout or 0
        self.my_auto, self.bet_default = x_text(placed.auto_cashout), str(placed.bet_amount)
        await self._show_balance(user.id)
        await (await self.get_state(RealityState))._recompute(user.id)
        return sound("spin")

    @rx.event
    async def cash_out(self) -> Any:
        """Cash the player's open bet out at the multiplier the server sees now (button or Space / C)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if self.busy or self.my_status != "active" or not self._game_id:
            return None
        self.busy, self.error = True, {}
        try:
            paid = await asyncio.to_thread(bets.cash_out, user, self._game_id)
        except AppError as exc:
            self.error = bilingual_error(exc)
            if exc.error_code == "CRASH_BET_NOT_ACTIVE":
                await self._restore()
            return sound("error")
        finally:
            self.busy = False
        self.my_status, self.my_multiplier, self.my_payout = "cashed", x_text(paid.multiplier), paid.payout
        await self._show_balance(user.id)
        await (await self.get_state(RealityState))._recompute(user.id)
        await dealer.after_round(self, CRASH.key, stake=paid.bet_amount, payout=paid.payout)
        return sound(result_cue(paid.bet_amount, paid.payout))
