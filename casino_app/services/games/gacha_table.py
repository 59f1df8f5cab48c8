"""The gacha odds table: rarities, items, pity, the 10-pull rule, costs and daily limits — and its exact rates.

Everything a pull depends on is in this versioned table (nothing in environment
settings), so the disclosure published from a version is exactly what a round
on that version uses.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casino_app.models.accounts import RANKS

RARITIES: tuple[str, ...] = ("COMMON", "RARE", "EPIC", "LEGENDARY")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GachaItem(_Strict):
    """A prize: gold (credited through the ledger), XP, or a cosmetic for the inventory."""

    id: str = Field(pattern=r"^[a-z0-9_]{2,40}$")
    rarity: Literal["COMMON", "RARE", "EPIC", "LEGENDARY"]
    kind: Literal["gold", "xp", "cosmetic"]
    weight: int = Field(ge=1, le=100_000)
    amount: int = Field(0, ge=0, le=10**9)
    stock: int | None = Field(None, ge=0, le=10**9)
    name_ko: str = Field(min_length=1, max_length=40)
    name_en: str = Field(min_length=1, max_length=40)


class GachaConfig(_Strict):
    """Rarity rates (weights), the items of each rarity, and the guarantees."""

    rarity_weights: dict[str, int]
    items: list[GachaItem] = Field(min_length=4, max_length=200)
    pity_threshold: int = Field(90, ge=2, le=1000)
    ten_pull_guarantee: Literal["RARE"] = "RARE"
    cost_single: int = Field(5_000, ge=1, le=10**9)
    cost_ten: int = Field(50_000, ge=1, le=10**10)
    # Pull actions per KST day by rank (a 10-pull counts once).
    daily_limits: dict[str, int] = Field(default_factory=lambda: {"STANDARD": 3, "PREMIUM": 4, "VIP": 5})

    @model_validator(mode="after")
    def _rules(self) -> GachaConfig:
        if set(self.rarity_weights) != set(RARITIES) or any(w < 1 for w in self.rarity_weights.values()):
            raise ValueError(f"rarity_weights must give a positive weight to each of {RARITIES}")
        if len({i.id for i in self.items}) != len(self.items):
            raise ValueError("item ids must be unique")
        for rarity in RARITIES:
            if not any(i.rarity == rarity for i in self.items):
                raise ValueError(f"every rarity needs at least one item ({rarity} has none)")
            if not any(i.rarity == rarity and i.stock is None for i in self.items):
                raise ValueError(f"every rarity needs an unlimited item so a sold-out pull can land ({rarity})")
        for item in self.items:
            if item.stock is not None and item.rarity not in {"EPIC", "LEGENDARY"}:
                raise ValueError("only Epic and Legendary items may have limited stock")
            if item.kind in {"gold", "xp"} and item.amount < 1:
                raise ValueError(f"{item.id}: gold and XP items need an amount")
        if set(self.daily_limits) != set(RANKS) or any(not 0 <= n <= 1000 for n in self.daily_limits.values()):
            raise ValueError(f"daily_limits must give 0–1000 pulls to each of {RANKS}")
        if self.cost_ten > 10 * self.cost_single:
            raise ValueError("ten pulls may never cost more than ten single pulls")
        return self

    def items_of(self, rarity: str) -> list[GachaItem]:
        """The items of one rarity, in table order."""
        return [i for i in self.items if i.rarity == rarity]


DEFAULT_GACHA = GachaConfig(
    rarity_weights={"COMMON": 7_900, "RARE": 1_700, "EPIC": 350, "LEGENDARY": 50},
    items=[
        GachaItem(
            id="gold_1k",
            rarity="COMMON",
            kind="gold",
            weight=40,
            amount=1_000,
            name_ko="골드 꾸러미 1,000",
            name_en="Gold pouch 1,000",
        ),
        GachaItem(
            id="gold_2k",
            rarity="COMMON",
            kind="gold",
            weight=25,
            amount=2_000,
            name_ko="골드 꾸러미 2,000",
            name_en="Gold pouch 2,000",
        ),
        GachaItem(
            id="xp_50",
            rarity="COMMON",
            kind="xp",
            weight=20,
            amount=50,
            name_ko="경험치 부스터 +50",
            name_en="XP booster +50",
        ),
        GachaItem(
            id="frame_neon", rarity="COMMON", kind="cosmetic", weight=15, name_ko="네온 프레임", name_en="Neon frame"
        ),
        GachaItem(
            id="gold_8k",
            rarity="RARE",
            kind="gold",
            weight=45,
            amount=8_000,
            name_ko="골드 상자 8,000",
            name_en="Gold chest 8,000",
        ),
        GachaItem(
            id="xp_300",
            rarity="RARE",
            kind="xp",
            weight=30,
            amount=300,
            name_ko="경험치 부스터 +300",
            name_en="XP booster +300",
        ),
        GachaItem(
            id="title_lucky",
            rarity="RARE",
            kind="cosmetic",
            weight=25,
            name_ko="칭호: 행운아",
            name_en="Title: Lucky one",
        ),
        GachaItem(
            id="gold_30k",
            rarity="EPIC",
            kind="gold",
            weight=60,
            amount=30_000,
            name_ko="골드 금고 30,000",
            name_en="Gold vault 30,000",
        ),
        GachaItem(
            id="frame_aurora",
            rarity="EPIC",
            kind="cosmetic",
            weight=40,
            stock=500,
            name_ko="오로라 프레임 (한정)",
            name_en="Aurora frame (limited)",
        ),
        GachaItem(
            id="gold_150k",
            rarity="LEGENDARY",
            kind="gold",
            weight=70,
            amount=150_000,
            name_ko="황금 보물 150,000",
            name_en="Golden treasure 150,000",
        ),
        GachaItem(
            id="avatar_dragon",
            rarity="LEGENDARY",
            kind="cosmetic",
            weight=30,
            stock=50,
            name_ko="황금 용 아바타 (한정)",
            name_en="Golden dragon avatar (limited)",
        ),
    ],
)


def rarity_probabilities(config: GachaConfig) -> dict[str, Fraction]:
    """The base per-pull rarity probabilities (before pity)."""
    total = sum(config.rarity_weights.values())
    return {r: Fraction(config.rarity_weights[r], total) for r in RARITIES}


def consolidated_rates(config: GachaConfig) -> dict[str, Fraction]:
    """Long-run per-pull rarity rates of single pulls *including* hard pity (exact).

    Pulls between Epic-or-better results form a cycle of length T ≤ N (the pity
    threshold): P(T ≥ n) = q^(n−1) with q = P(below Epic). The Epic+ rate is
    1 / E[T]; the pity pull itself draws Epic vs Legendary in their base ratio,
    and Common vs Rare keep their base ratio on the other pulls.
    """
    base = rarity_probabilities(config)
    q = base["COMMON"] + base["RARE"]
    n = config.pity_threshold
    expected_cycle = sum(q ** (k - 1) for k in range(1, n + 1))
    epic_plus = 1 / expected_cycle
    high = base["EPIC"] + base["LEGENDARY"]
    return {
        "COMMON": (1 - epic_plus) * base["COMMON"] / q,
        "RARE": (1 - epic_plus) * base["RARE"] / q,
        "EPIC": epic_plus * base["EPIC"] / high,
        "LEGENDARY": epic_plus * base["LEGENDARY"] / high,
    }


def item_probabilities(config: GachaConfig, rarity_rates: dict[str, Fraction]) -> dict[str, Fraction]:
    """Each item's per-pull probability: its rarity's rate times its share of that rarity's weight."""
    totals = {r: sum(i.weight for i in config.items_of(r)) for r in RARITIES}
    return {i.id: rarity_rates[i.rarity] * Fraction(i.weight, totals[i.rarity]) for i in config.items}


def gold_rtp(config: GachaConfig) -> Fraction:
    """Expected gold paid back per gold spent on single pulls (cosmetics and XP count as zero)."""
    chances = item_probabilities(config, consolidated_rates(config))
    return sum((chances[i.id] * i.amount for i in config.items if i.kind == "gold"), Fraction(0)) / config.cost_single
