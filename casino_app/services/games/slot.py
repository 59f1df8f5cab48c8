"""The slot machine: three weighted reels (reel k uses float k), pair and triple pays, a win-streak bonus.

The table (``slot_table``: symbols, weights, pays, bet options, streak bonus,
XP per 100 gold) is a versioned odds table; the RTP is computed from it exactly
and must stay between 92 % and 97 %.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictInt
from sqlmodel import Session

from casino_app.core.db import Sql, run
from casino_app.core.errors import ValidationFailed
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.fairness import rng
from casino_app.services.games import registry
from casino_app.services.games.money import decimal_text, parse_multiplier
from casino_app.services.games.registry import Credit, Settlement, Table
from casino_app.services.games.slot_table import DEFAULT_SLOT, SlotConfig, line_multiplier, slot_rtp
from casino_app.services.games.win_tier import WinTier, is_big_win, win_tier

__all__ = ["DEFAULT_SLOT", "SlotConfig", "draw", "payout", "simulate", "spin"]

# --- the draw ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reels:
    """The three symbols and the base multiplier they pay."""

    symbols: tuple[str, str, str]
    multiplier: Fraction


class Compiled:
    """A slot table prepared for fast draws: one picker for the reels and a pay lookup per line."""

    def __init__(self, config: SlotConfig) -> None:
        self.config = config
        self.ids = [s.id for s in config.symbols]
        self.picker = rng.Picker(tuple(s.weight for s in config.symbols))
        self.pays = {
            (a, b, c): parse_multiplier(line_multiplier(config, (a, b, c)))
            for a in self.ids
            for b in self.ids
            for c in self.ids
        }


_compiled: dict[int, Compiled] = {}


def compiled(config: SlotConfig) -> Compiled:
    """The prepared form of ``config`` (memoised per table object)."""
    found = _compiled.get(id(config))
    if found is None or found.config is not config:
        if len(_compiled) > 32:
            _compiled.clear()
        found = _compiled[id(config)] = Compiled(config)
    return found


def draw(units: list[rng.Unit], config: SlotConfig) -> Reels:
    """Reel k shows the symbol ``pick(weights, float k)``; the pay follows the published table."""
    table = compiled(config)
    a, b, c = (table.ids[table.picker.pick(units[k].numerator)] for k in range(3))
    return Reels((a, b, c), table.pays[(a, b, c)])


def payout(bet: int, base: Fraction, streak_steps: int, config: SlotConfig) -> tuple[int, int]:
    """(gold paid, bonus %): ``floor(bet × multiplier × (100 + bonus) / 100)``."""
    bonus = config.streak_bonus_step_pct * min(streak_steps, config.streak_bonus_max_steps) if base > 0 else 0
    return int(bet * base * (100 + bonus) // 100), bonus


_STREAK = """
    SELECT outcome ->> 'multiplier' FROM game_rounds WHERE user_id = %(user_id)s AND game = 'slot'
    ORDER BY id DESC LIMIT {limit}
"""


def streak_statement(user_id: int, limit: int) -> Sql | None:
    """The latest ``limit`` slot multipliers of the player, newest first (``None`` when no bonus can apply).

    The limit is written into the text (a table's small integer): with it as a parameter PostgreSQL
    re-plans the query on every execution.
    """
    return Sql(_STREAK.format(limit=int(limit)), {"user_id": user_id}) if limit > 0 else None


def streak_of(multipliers: Iterable[str]) -> int:
    """How many of them in a row, newest first, were above 1."""
    streak = 0
    for multiplier in multipliers:
        if not _above_one(multiplier):
            break
        streak += 1
    return streak


@lru_cache(maxsize=256)  # a table has a few dozen distinct multipliers
def _above_one(multiplier: str) -> bool:
    return Fraction(multiplier) > 1


def win_streak(db: Session, user_id: int, limit: int) -> int:
    """How many of the player's latest slot rounds in a row had a table multiplier above 1 (up to ``limit``).

    The streak follows the table's multiplier, not the gold paid, so a bonus
    never extends a streak by itself and the declared RTP stays exact.
    """
    statement = streak_statement(user_id, limit)
    if statement is None:
        return 0
    run(db, statement)
    return streak_of(row[0] for row in statement.rows)


# --- the game ------------------------------------------------------------------------------------


class SpinRequest(BaseModel):
    """A slot bet (one of the table's ``bet_options``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bet_amount: StrictInt  # must be one of the table's bet options (checked against the table)


class SpinOut(BaseModel):
    """A slot round."""

    round_id: int
    reels: list[str]
    bet_amount: int
    win_amount: int
    multiplier: str
    streak_bonus_pct: int
    celebrate: bool
    balance: int
    xp_gained: int
    level: int
    config_version: int
    proof: registry.ProofOut


class Slot(registry.Game):
    """The slot as a registered game."""

    key = "slot"
    action = "spin"
    transfer_kind = "SLOT_SPIN"
    config_model = SlotConfig
    request_model = SpinRequest
    response_model = SpinOut
    default_config = DEFAULT_SLOT
    icon = "cherry"
    nav_tab = "members"
    api_summary = "Spin the slot (bet and win are posted in one ledger call)"

    def render(self, result: Any) -> SpinOut:
        """Reels, bet, win, multiplier and bonus, balance, proof."""
        return SpinOut(
            round_id=result.round_id,
            reels=list(result.outcome["reels"]),
            bet_amount=result.bet,
            win_amount=result.payout,
            multiplier=result.outcome["multiplier"],
            streak_bonus_pct=result.outcome["streak_bonus_pct"],
            celebrate=result.celebrate,
            balance=result.balance,
            xp_gained=result.xp_gained,
            level=result.level,
            config_version=result.config_version,
            proof=registry.proof_of(result),
        )

    def check_request(self, request: Any, table: Table, user: AuthUser) -> None:
        """A bet outside the table is 422 ``BET_NOT_ALLOWED`` (with the options)."""
        if request.bet_amount not in table.config.bet_options:
            raise ValidationFailed(
                code="BET_NOT_ALLOWED", details={"field": "bet_amount", "bet_options": table.config.bet_options}
            )

    def same_request(self, stored: Mapping[str, Any], request: Any) -> bool:
        """The same bet."""
        return stored.get("bet_amount") == request.bet_amount

    def prepare(self, db: Session, user: AuthUser, request: Any, table: Table) -> int:
        """The player's win streak before this spin (it decides the bonus)."""
        return win_streak(db, user.id, table.config.streak_bonus_max_steps)

    def prefetch(self, user: AuthUser, request: Any, table: Table) -> Sql | None:
        """``prepare``'s query, for the engine to send in its first round trip (after the seed lock)."""
        return streak_statement(user.id, table.config.streak_bonus_max_steps)

    def prepare_prefetched(
        self, prefetched: Sql | None, db: Session, user: AuthUser, request: Any, table: Table
    ) -> int:
        """``prepare`` from the rows ``prefetch``'s statement returned."""
        return streak_of(row[0] for row in prefetched.rows) if prefetched is not None else 0

    def floats_needed(self, request: Any, table: Table) -> int:
        """One float per reel."""
        return 3

    def resolve(
        self, db: Session, user: AuthUser, request: Any, table: Table, context: Any, units: list[rng.Unit]
    ) -> Settlement:
        """Reels, pay with the streak bonus, XP per 100 gold bet, a feed line for a big win."""
        config: SlotConfig = table.config
        bet = request.bet_amount
        reels = draw(units, config)
        win, bonus = payout(bet, reels.multiplier, context, config)
        shown = decimal_text(reels.multiplier)
        xp = bet // 100 * config.xp_per_100_gold
        outcome = {
            "reels": list(reels.symbols),
            "multiplier": shown,
            "streak_bonus_pct": bonus,
            "streak_before": context,
            "xp": xp,
        }
        feed = (("big_win", {"amount": win, "multiplier": shown}),) if is_big_win(bet, win) else ()
        return Settlement(
            stake=bet,
            credits=(Credit(win, "WIN"),) if win else (),
            outcome=outcome,
            xp=xp,
            feed=feed,
            details={"multiplier": shown, "streak_bonus_pct": bonus},
        )

    def replay_details(self, db: Session, user: AuthUser, outcome: Mapping[str, Any]) -> dict[str, Any]:
        """The stored multiplier and bonus."""
        return {"multiplier": outcome["multiplier"], "streak_bonus_pct": outcome["streak_bonus_pct"]}

    def recompute(self, units: list[rng.Unit], config: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        """The three reels and their base pay."""
        reels = draw(units, config)
        return {"reels": list(reels.symbols), "multiplier": decimal_text(reels.multiplier)}

    def verify_floats(self, config: Any, params: Mapping[str, Any]) -> int:
        """Three floats."""
        return 3

    def rtp(self, config: Any) -> Fraction:
        """Base RTP with the expected win-streak bonus."""
        return slot_rtp(config)[2]

    def rtp_range(self) -> tuple[Fraction, Fraction]:
        """92–97 %."""
        return Fraction(92, 100), Fraction(97, 100)

    def summary(self, outcome: Mapping[str, Any]) -> str:
        """ "cherry lemon bell ×0.5"."""
        return " ".join(outcome.get("reels", [])) + f" ×{outcome.get('multiplier', '0')}"

    def outcome_text(self, outcome: Mapping[str, Any], locale: str) -> str:
        """The reels by name ("체리 · 레몬 · 종 ×0.5")."""
        names = (registry.catalog_name(f"slot.symbol.{s}", s, locale) for s in outcome.get("reels", []))
        return " · ".join(names) + f" ×{outcome.get('multiplier', '0')}"

    def verify_text(self, outcome: Mapping[str, Any], locale: str, config: Any = None) -> list[str]:
        """The reels by name, as in the history."""
        return [self.outcome_text(outcome, locale)]


SLOT = registry.register(Slot())


@dataclass(frozen=True)
class SpinResult:
    """What the player sees after a spin."""

    round_id: int
    reels: list[str]
    bet: int
    win_amount: int
    multiplier: str
    streak_bonus_pct: int
    balance: int
    xp_gained: int
    level: int
    leveled_up: bool
    server_seed_hash: str
    client_seed: str
    nonce: int
    config_version: int
    replayed: bool = False
    balance_version: int = 0  # orders balance displays; see ledger.wallet_snapshot

    @property
    def celebrate(self) -> bool:
        """Only a payout above the stake is a win worth celebrating (``win_tier``)."""
        return win_tier(self.bet, self.win_amount) is not WinTier.NONE


def spin(user: AuthUser | int, bet: int, request_key: str) -> SpinResult:
    """Play one spin for ``bet`` gold through the round engine; ``request_key`` makes a retry replay it.

    Raises 422 ``BET_NOT_ALLOWED`` for a bet outside the table, 429
    ``ROUND_TOO_FAST`` when rounds come faster than the interval, and
    ``InsufficientFunds`` (nothing recorded) when the player cannot cover it.
    """
    from casino_app.services.accounts import identity
    from casino_app.services.games import engine

    player = user if isinstance(user, AuthUser) else identity.load(user)
    if type(bet) is not int:
        raise ValidationFailed(code="BET_NOT_ALLOWED", details={"field": "bet_amount"})
    r = engine.play(SLOT.key, player, SpinRequest(bet_amount=bet), request_key)
    return SpinResult(
        round_id=r.round_id,
        reels=list(r.outcome["reels"]),
        bet=r.bet,
        win_amount=r.payout,
        multiplier=r.outcome["multiplier"],
        streak_bonus_pct=r.outcome["streak_bonus_pct"],
        balance=r.balance,
        xp_gained=r.xp_gained,
        level=r.level,
        leveled_up=r.leveled_up,
        server_seed_hash=r.server_seed_hash,
        client_seed=r.client_seed,
        nonce=r.nonce,
        config_version=r.config_version,
        replayed=r.replayed,
        balance_version=r.balance_version,
    )


@dataclass(frozen=True)
class Simulation:
    """Aggregate of a simulated run."""

    rounds: int
    wagered: int
    paid: int
    symbol_counts: dict[str, int]

    @property
    def rtp(self) -> Fraction:
        """Paid over wagered."""
        return Fraction(self.paid, self.wagered)


def simulate(config: SlotConfig, rounds_: int, server_seed: bytes, client_seed: str, bet: int = 1000) -> Simulation:
    """Play ``rounds_`` consecutive spins through the engine's own mapping (HMAC floats, picks, pays, streak bonus)."""
    table = compiled(config)
    counts = dict.fromkeys(table.ids, 0)
    paid = 0
    streak = 0
    for nonce in range(rounds_):
        reels = draw(rng.units(server_seed, client_seed, nonce, 3), config)
        for symbol in reels.symbols:
            counts[symbol] += 1
        win, _ = payout(bet, reels.multiplier, streak, config)
        paid += win
        streak = streak + 1 if reels.multiplier > 1 else 0
    return Simulation(rounds_, bet * rounds_, paid, counts)
