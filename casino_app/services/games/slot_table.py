"""The slot odds table: symbols, weights, pays, bet options, streak bonus, XP per gold — and its exact RTP."""

from __future__ import annotations

from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from casino_app.services.games.money import parse_multiplier


class SlotSymbol(BaseModel):
    """A reel symbol: its weight on every reel and what two or three of it pay (× bet)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z]{2,16}$")
    weight: int = Field(ge=1, le=10_000)
    triple: str
    pair: str

    @field_validator("triple", "pair")
    @classmethod
    def _decimal(cls, value: str) -> str:
        parse_multiplier(value, maximum=10_000)
        return value


class SlotConfig(BaseModel):
    """Three reels drawing from the same weighted symbols; triple and pair pays; a win-streak bonus."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    symbols: list[SlotSymbol] = Field(min_length=2, max_length=12)
    bet_options: list[int] = Field(min_length=1, max_length=20)
    streak_bonus_step_pct: int = Field(5, ge=0, le=20)
    streak_bonus_max_steps: int = Field(4, ge=0, le=20)
    xp_per_100_gold: int = Field(1, ge=0, le=100)

    @model_validator(mode="after")
    def _rules(self) -> SlotConfig:
        if len({s.id for s in self.symbols}) != len(self.symbols):
            raise ValueError("symbol ids must be unique")
        if sorted(set(self.bet_options)) != self.bet_options or self.bet_options[0] < 1:
            raise ValueError("bet options must be positive, unique and ascending")
        if self.streak_bonus_step_pct * self.streak_bonus_max_steps > 20:
            raise ValueError("the win-streak bonus may add at most 20 %")
        return self


DEFAULT_SLOT = SlotConfig(
    symbols=[
        SlotSymbol(id="cherry", weight=30, triple="4", pair="0.5"),
        SlotSymbol(id="lemon", weight=25, triple="8", pair="0.5"),
        SlotSymbol(id="bell", weight=18, triple="20", pair="1"),
        SlotSymbol(id="clover", weight=14, triple="40", pair="1.5"),
        SlotSymbol(id="diamond", weight=8, triple="100", pair="3"),
        SlotSymbol(id="seven", weight=5, triple="250", pair="5"),
    ],
    bet_options=[100, 200, 500, 1000, 2000, 5000, 10000],
)


def line_multiplier(config: SlotConfig, reels: tuple[str, str, str]) -> str:
    """The published pay of a reel line: three of a kind, else a pair (any two reels), else nothing."""
    by_id = {s.id: s for s in config.symbols}
    a, b, c = reels
    if a == b == c:
        return by_id[a].triple
    if a in (b, c):
        return by_id[a].pair
    if b == c:
        return by_id[b].pair
    return "0"


def base_table(config: SlotConfig) -> list[tuple[Fraction, Fraction]]:
    """(probability, multiplier) of every reel combination."""
    total = sum(s.weight for s in config.symbols)
    return [
        (
            Fraction(a.weight * b.weight * c.weight, total**3),
            parse_multiplier(line_multiplier(config, (a.id, b.id, c.id))),
        )
        for a in config.symbols
        for b in config.symbols
        for c in config.symbols
    ]


def slot_rtp(config: SlotConfig) -> tuple[Fraction, Fraction, Fraction]:
    """(base RTP, probability of a real win > stake, RTP with the win-streak bonus) — exact.

    The bonus adds ``step × min(streak, max_steps)`` % to a payout, where the
    streak counts the player's consecutive previous slot rounds whose table
    multiplier was above 1. Rounds are independent, so the streak before a round is
    geometric: P(streak ≥ k) = p^k, and E[min(streak, m)] = p + p² + … + p^m.
    """
    table = base_table(config)
    base = sum(p * m for p, m in table)
    p_win = sum(p for p, m in table if m > 1)
    expected_steps = sum(p_win**k for k in range(1, config.streak_bonus_max_steps + 1))
    return base, p_win, base * (1 + Fraction(config.streak_bonus_step_pct, 100) * expected_steps)
