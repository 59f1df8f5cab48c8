"""The rock-paper-scissors odds table and its published rules: the house move, the outcome, the pay, the RTP.

The house move is uniform over the three hands from the round's first float
(``pick([1, 1, 1], f)``: 0 ROCK, 1 PAPER, 2 SCISSORS). A win pays
``floor(bet × win_multiplier)``, a draw returns the stake, a loss pays nothing,
so the declared RTP is exactly ``(win_multiplier + 1) / 3``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from casino_app.services.fairness import rng
from casino_app.services.games.money import parse_multiplier

Move = Literal["ROCK", "PAPER", "SCISSORS"]
MOVES: tuple[Move, ...] = ("ROCK", "PAPER", "SCISSORS")  # the published order: pick index → hand
OUTCOMES = ("WIN", "DRAW", "LOSE")
BEATS: dict[str, str] = {"ROCK": "SCISSORS", "PAPER": "ROCK", "SCISSORS": "PAPER"}  # key beats value
MOVE_WEIGHTS = (1, 1, 1)
_PICKER = rng.Picker(MOVE_WEIGHTS)


class RpsConfig(BaseModel):
    """Bet options, the win multiplier (decimal text) and XP per 100 gold bet."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bet_options: list[int] = Field(min_length=1, max_length=20)
    win_multiplier: str
    xp_per_100_gold: int = Field(1, ge=0, le=100)

    @field_validator("win_multiplier")
    @classmethod
    def _decimal(cls, value: str) -> str:
        if parse_multiplier(value, maximum=10) <= 1:
            raise ValueError("a win must pay more than the stake")
        return value

    @model_validator(mode="after")
    def _rules(self) -> RpsConfig:
        if sorted(set(self.bet_options)) != self.bet_options or self.bet_options[0] < 1:
            raise ValueError("bet options must be positive, unique and ascending")
        multiplier = parse_multiplier(self.win_multiplier, maximum=10)
        if any((bet * multiplier).denominator != 1 for bet in self.bet_options):
            # Whole-gold wins keep the floor out of the pay, so the declared RTP is exact for every bet.
            raise ValueError("every bet option times the win multiplier must be a whole number of gold")
        return self

    @property
    def multiplier(self) -> Fraction:
        """The win multiplier, exactly."""
        return parse_multiplier(self.win_multiplier, maximum=10)


DEFAULT_RPS = RpsConfig(bet_options=[100, 200, 500, 1000, 2000, 5000, 10000], win_multiplier="1.9")


def house_move(unit: rng.Unit) -> Move:
    """The house hand from one float: ``MOVES[pick([1, 1, 1], f)]`` (f < 1/3 ROCK, < 2/3 PAPER, else SCISSORS)."""
    return MOVES[_PICKER.pick(unit.numerator)]


def outcome_of(player: str, house: str) -> str:
    """WIN when the player's hand beats the house's, DRAW when they are the same, else LOSE."""
    if player == house:
        return "DRAW"
    return "WIN" if BEATS[player] == house else "LOSE"


def payout(outcome: str, bet: int, config: RpsConfig) -> int:
    """Gold paid back: ``floor(bet × win_multiplier)`` on a win, the stake on a draw, nothing on a loss."""
    if outcome == "WIN":
        return int(bet * config.multiplier // 1)
    return bet if outcome == "DRAW" else 0


def probabilities(config: RpsConfig) -> dict[str, Fraction]:
    """P(WIN), P(DRAW), P(LOSE) for any hand the player picks (the house hand is uniform): ⅓ each."""
    total = sum(MOVE_WEIGHTS)
    return {outcome: Fraction(1, total) for outcome in OUTCOMES}


def rps_rtp(config: RpsConfig) -> Fraction:
    """Declared RTP, exact: P(WIN)·M + P(DRAW)·1 + P(LOSE)·0 = (M + 1) / 3."""
    p = probabilities(config)
    return p["WIN"] * config.multiplier + p["DRAW"]
