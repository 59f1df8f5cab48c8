"""The slot machine: three weighted reels (reel k uses float k), pair and triple pays, a win-streak bonus.

One spin = one transaction: the player's seed row is locked and its nonce
taken, the reels are drawn, bet and win are posted in one ledger call, the
round is recorded with its proof, XP is granted, and a big win is announced.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from casino_app.core.db import session_scope
from casino_app.core.errors import ValidationFailed
from casino_app.services import feed, ledger, progression
from casino_app.services.fairness import rng, seeds
from casino_app.services.games import configs, rounds
from casino_app.services.games.configs import SlotConfig
from casino_app.settings import get_settings

GAME = "slot"
HOUSE = "house:slot"


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
            (a, b, c): configs.multiplier(configs.slot_multiplier(config, (a, b, c)))
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
        """Only a payout above the stake is a win worth celebrating."""
        return self.win_amount > self.bet


def _replay(found: Any, wallet: ledger.WalletSnapshot, level: int) -> SpinResult:
    out = found.outcome
    return SpinResult(
        found.id,
        list(out["reels"]),
        found.bet,
        found.payout,
        out["multiplier"],
        out["streak_bonus_pct"],
        wallet.gold,
        out.get("xp", 0),
        level,
        False,
        found.server_seed_hash,
        found.client_seed,
        found.nonce,
        found.config_version,
        replayed=True,
        balance_version=wallet.version,
    )


def spin(user_id: int, bet: int, request_key: str) -> SpinResult:
    """Play one spin for ``bet`` gold; ``request_key`` makes a retried request return the same spin.

    Raises 422 ``BET_NOT_ALLOWED`` for a bet outside the table, 429
    ``ROUND_TOO_FAST`` when rounds come faster than the interval, and
    ``InsufficientFunds`` (nothing recorded) when the player cannot cover it.
    """
    table = configs.active(GAME)
    config: SlotConfig = table.config
    if type(bet) is not int or bet not in config.bet_options:
        raise ValidationFailed(
            code="BET_NOT_ALLOWED", details={"field": "bet_amount", "bet_options": config.bet_options}
        )
    ledger_key = f"{GAME}:{user_id}:{request_key}"
    account = ledger.user_account(user_id)
    with session_scope() as db:
        locked = seeds.lock_active(db, user_id)  # one player's rounds are strictly ordered
        found = rounds.by_request(db, ledger_key, bet=bet)
        if found is not None:
            return _replay(found, ledger.wallet_snapshot(user_id), progression.level_of(db, user_id))
        rounds.pace(user_id)
        seed = seeds.next_round(db, user_id, locked)
        reels = draw(rng.units(seed.server_seed, seed.client_seed, seed.nonce, 3), config)
        steps = rounds.slot_win_streak(db, user_id, config.streak_bonus_max_steps)
        win, bonus = payout(bet, reels.multiplier, steps, config)
        legs = [ledger.Leg(account, HOUSE, bet, "BET")]
        if win:
            legs.append(ledger.Leg(HOUSE, account, win, "WIN"))
        posting = ledger.post(
            db, key=ledger_key, kind="SLOT_SPIN", legs=legs, reference=f"{GAME}:{seed.seed_id}:{seed.nonce}"
        )
        xp = bet // 100 * get_settings().xp_per_100_gold_bet
        shown = configs.decimal_text(reels.multiplier)
        outcome = {
            "reels": list(reels.symbols),
            "multiplier": shown,
            "streak_bonus_pct": bonus,
            "streak_before": steps,
            "xp": xp,
        }
        round_id = rounds.insert(
            db,
            user_id=user_id,
            game=GAME,
            version=table.version,
            seed=seed,
            bet=bet,
            payout=win,
            outcome=outcome,
            transfer_id=posting.transfer_id,
        )
        level = progression.add_xp(db, user_id, xp, GAME)
        if win >= get_settings().big_win_gold:
            feed.announce(db, "big_win", user_id, game=GAME, amount=win, multiplier=shown)
        return SpinResult(
            round_id=round_id,
            reels=list(reels.symbols),
            bet=bet,
            win_amount=win,
            multiplier=shown,
            streak_bonus_pct=bonus,
            balance=posting.balance(account),
            balance_version=posting.version(account),
            xp_gained=xp,
            level=level.level,
            leveled_up=level.leveled_up,
            server_seed_hash=seed.server_seed_hash,
            client_seed=seed.client_seed,
            nonce=seed.nonce,
            config_version=table.version,
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
