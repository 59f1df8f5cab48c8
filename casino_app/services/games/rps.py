"""Rock-paper-scissors against the house as a registered game.

The player picks a hand and a bet from the table; the house hand comes from the
round's first float (``rps_table.house_move``). A win pays
``floor(bet × win_multiplier)`` (a ``WIN`` leg), a draw returns the stake (a
``DRAW_REFUND`` leg), a loss pays nothing. Gold only ever moves between the
player and ``house:rps``: there are no player-versus-player stakes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StrictInt
from sqlmodel import Session

from casino_app.core.errors import ValidationFailed
from casino_app.models.games import GameRound
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.fairness import rng
from casino_app.services.games import registry
from casino_app.services.games.registry import Credit, Settlement, Table
from casino_app.services.games.rps_table import (
    DEFAULT_RPS,
    MOVES,
    Move,
    RpsConfig,
    house_move,
    outcome_of,
    payout,
    rps_rtp,
)

if TYPE_CHECKING:
    from casino_app.services.games.engine import RoundResult

__all__ = ["DEFAULT_RPS", "MOVES", "RpsConfig", "RpsPlayRequest", "play", "settle", "simulate"]


class RpsPlayRequest(BaseModel):
    """A hand and a bet (one of the table's ``bet_options``); camelCase ``playerMove``/``betAmount`` accepted."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    player_move: Move = Field(validation_alias=AliasChoices("player_move", "playerMove"))
    bet_amount: StrictInt = Field(validation_alias=AliasChoices("bet_amount", "betAmount"))


class RpsPlayOut(BaseModel):
    """A rock-paper-scissors round (``win_amount`` is the gold paid back: the stake on a draw)."""

    round_id: int
    player_move: str
    server_move: str
    outcome: str
    bet_amount: int
    win_amount: int
    multiplier: str
    celebrate: bool
    balance: int
    xp_gained: int
    level: int
    config_version: int
    proof: registry.ProofOut


@dataclass(frozen=True)
class Round:
    """A settled round: the hands, the outcome and the gold paid back."""

    player_move: str
    server_move: str
    outcome: str
    win: int


def settle(player_move: str, unit: rng.Unit, bet: int, config: RpsConfig) -> Round:
    """The published mapping: the house hand from the float, the outcome, the pay (engine and simulation)."""
    server = house_move(unit)
    outcome = outcome_of(player_move, server)
    return Round(player_move, server, outcome, payout(outcome, bet, config))


class Rps(registry.Game):
    """Rock-paper-scissors as a registered game."""

    key = "rps"
    action = "play"
    transfer_kind = "RPS_PLAY"
    config_model = RpsConfig
    request_model = RpsPlayRequest
    response_model = RpsPlayOut
    default_config = DEFAULT_RPS
    icon = "scissors"
    api_summary = "Play rock-paper-scissors against the house (bet and pay are posted in one ledger call)"

    def render(self, result: Any) -> RpsPlayOut:
        """Both hands, the outcome, bet, gold paid back, balance, proof."""
        o = result.outcome
        return RpsPlayOut(
            round_id=result.round_id,
            player_move=o["player_move"],
            server_move=o["server_move"],
            outcome=o["outcome"],
            bet_amount=result.bet,
            win_amount=result.payout,
            multiplier=o["multiplier"],
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
        """The same hand and the same bet."""
        return stored.get("player_move") == request.player_move and stored.get("bet_amount") == request.bet_amount

    def resolve(
        self, db: Session, user: AuthUser, request: Any, table: Table, context: Any, units: list[rng.Unit]
    ) -> Settlement:
        """The house hand from float 0; a win pays the multiplier, a draw returns the stake; XP per 100 gold bet."""
        config: RpsConfig = table.config
        bet = request.bet_amount
        played = settle(request.player_move, units[0], bet, config)
        xp = bet // 100 * config.xp_per_100_gold
        kind = "WIN" if played.outcome == "WIN" else "DRAW_REFUND"
        return Settlement(
            stake=bet,
            credits=(Credit(played.win, kind),) if played.win else (),
            outcome={
                "player_move": played.player_move,
                "server_move": played.server_move,
                "outcome": played.outcome,
                "multiplier": config.win_multiplier,
                "xp": xp,
            },
            xp=xp,
        )

    def recompute(self, units: list[rng.Unit], config: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        """The house hand; with a ``player_move`` among the params, the outcome too."""
        server = house_move(units[0])
        player = params.get("player_move")
        if player not in MOVES:
            return {"server_move": server}
        return {"player_move": player, "server_move": server, "outcome": outcome_of(player, server)}

    def rtp(self, config: Any) -> Fraction:
        """(win_multiplier + 1) / 3, exactly."""
        return rps_rtp(config)

    def rtp_range(self) -> tuple[Fraction, Fraction]:
        """92–97 %."""
        return Fraction(92, 100), Fraction(97, 100)

    def summary(self, outcome: Mapping[str, Any]) -> str:
        """ "ROCK vs SCISSORS WIN"."""
        return f"{outcome.get('player_move', '?')} vs {outcome.get('server_move', '?')} {outcome.get('outcome', '')}"

    def verify_lines(self, outcome: Mapping[str, Any]) -> list[str]:
        """The house hand: the part of a round the seeds decide (the player's hand is their own choice)."""
        return [f"house:{outcome.get('server_move', '?')}"]

    def outcome_text(self, outcome: Mapping[str, Any], locale: str) -> str:
        """ "바위 vs 가위 · 승리"."""
        mine, house = (str(outcome.get(k, "?")) for k in ("player_move", "server_move"))
        verdict = str(outcome.get("outcome", ""))
        return (
            f"{registry.catalog_name(f'rps.move.{mine}', mine, locale)} vs "
            f"{registry.catalog_name(f'rps.move.{house}', house, locale)} · "
            f"{registry.catalog_name(f'rps.outcome.{verdict}', verdict, locale)}"
        )

    def verify_text(self, outcome: Mapping[str, Any], locale: str, config: Any = None) -> list[str]:
        """ "하우스: 가위"."""
        house = str(outcome.get("server_move", "?"))
        who = registry.catalog_name("rps.house", "house", locale)
        return [f"{who}: {registry.catalog_name(f'rps.move.{house}', house, locale)}"]

    def stats(self, db: Session, user_id: int) -> dict[str, int]:
        """``plays``, ``wins``, ``losses`` and ``ties`` of the player's rounds."""
        table = GameRound.__table__
        verdict = table.c.outcome["outcome"].astext
        row = db.execute(
            sa.select(
                sa.func.count(),
                sa.func.count().filter(verdict == "WIN"),
                sa.func.count().filter(verdict == "LOSE"),
                sa.func.count().filter(verdict == "DRAW"),
            ).where(table.c.user_id == user_id, table.c.game == self.key)
        ).one()
        return dict(zip(("plays", "wins", "losses", "ties"), (int(v) for v in row), strict=True))


RPS = registry.register(Rps())


def play(user: AuthUser, player_move: str, bet: int, request_key: str) -> RoundResult:
    """Play one round through the round engine (a retry with ``request_key`` replays it); the engine's result.

    Raises 422 ``RPS_MOVE_INVALID`` for a hand that is not ROCK, PAPER or
    SCISSORS, 422 ``BET_NOT_ALLOWED`` for a bet outside the table, 429
    ``ROUND_TOO_FAST`` and ``InsufficientFunds`` (nothing recorded) like every round.
    """
    from casino_app.services.games import engine

    if player_move not in MOVES:
        raise ValidationFailed(code="RPS_MOVE_INVALID", details={"field": "player_move", "allowed": list(MOVES)})
    if type(bet) is not int:
        raise ValidationFailed(code="BET_NOT_ALLOWED", details={"field": "bet_amount"})
    return engine.play(RPS.key, user, RpsPlayRequest(player_move=player_move, bet_amount=bet), request_key)


@dataclass(frozen=True)
class Simulation:
    """Aggregate of a simulated run."""

    rounds: int
    wagered: int
    paid: int
    house_moves: dict[str, int]
    outcomes: dict[str, int]

    @property
    def rtp(self) -> Fraction:
        """Paid over wagered."""
        return Fraction(self.paid, self.wagered)


def simulate(config: RpsConfig, rounds_: int, server_seed: bytes, client_seed: str, bet: int = 100) -> Simulation:
    """Play ``rounds_`` consecutive rounds (the player cycles ROCK, PAPER, SCISSORS) through ``settle``."""
    house = dict.fromkeys(MOVES, 0)
    outcomes = dict.fromkeys(("WIN", "DRAW", "LOSE"), 0)
    paid = 0
    for nonce in range(rounds_):
        played = settle(MOVES[nonce % 3], rng.units(server_seed, client_seed, nonce, 1)[0], bet, config)
        house[played.server_move] += 1
        outcomes[played.outcome] += 1
        paid += played.win
    return Simulation(rounds_, bet * rounds_, paid, house, outcomes)
