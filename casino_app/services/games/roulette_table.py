"""The prize-roulette odds table: the wheel's segments, their weights and labels, free spins per day.

A spin draws ``pick(weights, float 0)``: the segment whose cumulative weight
first exceeds ``f × W``. Every probability is ``weight / W`` exactly, and the
wheel is drawn to scale (a segment's arc is its probability), so the validator
keeps every segment large enough to see and every probability an exact
percentage.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casino_app.services.fairness import rng

TICKET_ITEM_ID = "roulette_ticket"  # the spin ticket other features grant; one ticket is one spin
KINDS: tuple[str, ...] = ("gold", "xp", "item")
PERCENT_BASE = 10_000  # the total weight divides this, so weight / total is an exact percentage (two decimals)
MIN_SHARE = Fraction(1, 50)  # every segment is at least 2 % of the wheel (its arc and label stay legible)
MAX_EXPECTED_GOLD = 5_000  # a spin costs nothing: its expected gold stays small
MAX_ITEM_QUANTITY = 10


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RouletteSegment(_Strict):
    """One segment: a prize (gold, XP, or ``amount`` of an inventory item), its weight and its labels."""

    kind: Literal["gold", "xp", "item"]
    amount: int = Field(ge=1, le=1_000_000)
    item_id: str | None = Field(None, pattern=r"^[a-z0-9_]{2,40}$")
    weight: int = Field(ge=1, le=PERCENT_BASE)
    label_ko: str = Field(min_length=1, max_length=24)
    label_en: str = Field(min_length=1, max_length=24)


class RouletteConfig(_Strict):
    """The wheel (segments in clockwise order from the pointer) and the daily free spins."""

    segments: list[RouletteSegment] = Field(min_length=8, max_length=12)
    free_spins_per_day: int = Field(1, ge=0, le=3)

    @model_validator(mode="after")
    def _rules(self) -> RouletteConfig:
        total = sum(s.weight for s in self.segments)
        if PERCENT_BASE % total:
            raise ValueError(f"the total weight ({total}) must divide {PERCENT_BASE} (exact percentages)")
        for index, segment in enumerate(self.segments):
            if Fraction(segment.weight, total) < MIN_SHARE:
                raise ValueError(f"segment {index} is below {MIN_SHARE} of the wheel")
            if (segment.kind == "item") != (segment.item_id is not None):
                raise ValueError(f"segment {index}: an item_id goes with kind 'item' and only with it")
            if segment.kind == "item" and segment.amount > MAX_ITEM_QUANTITY:
                raise ValueError(f"segment {index}: at most {MAX_ITEM_QUANTITY} items per prize")
            if segment.kind == "xp" and segment.amount > 100_000:
                raise ValueError(f"segment {index}: at most 100,000 XP per prize")
        if expected_value(self)["gold"] > MAX_EXPECTED_GOLD:
            raise ValueError(f"the expected gold of a spin must stay at most {MAX_EXPECTED_GOLD}")
        return self

    @property
    def total_weight(self) -> int:
        """``W``: the sum of the segments' weights."""
        return sum(s.weight for s in self.segments)


def probabilities(config: RouletteConfig) -> list[Fraction]:
    """Each segment's exact probability, ``weight / W``, in wheel order."""
    total = sum(s.weight for s in config.segments)
    return [Fraction(s.weight, total) for s in config.segments]


def expected_value(config: RouletteConfig) -> dict[str, Fraction]:
    """Exact expected gold and XP of one spin (items, tickets included, are counted separately by their chance)."""
    chances = probabilities(config)
    return {
        kind: sum((p * s.amount for p, s in zip(chances, config.segments, strict=True) if s.kind == kind), Fraction(0))
        for kind in ("gold", "xp")
    }


def percent_text(probability: Fraction) -> str:
    """A probability as a percentage, exactly ("2.5", "25", "0.75"); four significant decimals at most."""
    percent = probability * 100
    for decimals in range(5):
        scaled = percent * 10**decimals
        if scaled.denominator == 1:
            whole, fraction = divmod(int(scaled), 10**decimals)
            return f"{whole}.{fraction:0{decimals}d}" if decimals else str(whole)
    return f"≈{float(percent):.4f}"


@functools.lru_cache(maxsize=32)
def _picker(weights: tuple[int, ...]) -> rng.Picker:
    return rng.Picker(weights)


def draw(units: list[rng.Unit], config: RouletteConfig) -> int:
    """The drawn segment's index: ``pick(weights, float 0)`` (the first index whose cumulative weight exceeds f×W)."""
    return _picker(tuple(s.weight for s in config.segments)).pick(units[0].numerator)


def _segment(kind: str, amount: int, weight: int, ko: str, en: str, item_id: str | None = None) -> RouletteSegment:
    return RouletteSegment(kind=kind, amount=amount, item_id=item_id, weight=weight, label_ko=ko, label_en=en)  # type: ignore[arg-type]


DEFAULT_ROULETTE = RouletteConfig(
    segments=[
        _segment("gold", 100, 250, "골드 100", "100 gold"),
        _segment("xp", 50, 180, "경험치 +50", "XP +50"),
        _segment("gold", 300, 150, "골드 300", "300 gold"),
        _segment("item", 1, 60, "스핀 티켓 1장", "1 spin ticket", TICKET_ITEM_ID),
        _segment("gold", 500, 120, "골드 500", "500 gold"),
        _segment("xp", 200, 80, "경험치 +200", "XP +200"),
        _segment("item", 1, 40, "룰렛 네온 프레임", "Roulette neon frame", "frame_roulette"),
        _segment("gold", 1_000, 70, "골드 1,000", "1,000 gold"),
        _segment("xp", 500, 30, "경험치 +500", "XP +500"),
        _segment("gold", 5_000, 20, "골드 5,000", "5,000 gold"),
    ],
    free_spins_per_day=1,
)
