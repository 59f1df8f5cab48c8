"""Gacha draws (pure): rarity and item from the round's floats, hard pity, the 10-pull guarantee, stock fall-back.

Each pull ``i`` of a round uses float ``2i`` for the rarity and ``2i+1`` for the item:

- rarity = ``pick(rarity weights, f)``; when hard pity is due (this is the
  N-th pull in a row without Epic or better) the pick is over Epic and
  Legendary only; on the 10th pull of a 10-pull with no Rare or better yet, over
  Rare, Epic and Legendary only (pity wins if both apply);
- item = ``pick(item weights of that rarity, f)``;
- a sold-out item falls to the next rarity down (Legendary → Epic → Rare) and is
  drawn there with the same item float; on a pity pull it is re-drawn among the
  in-stock items of the same rarity instead, so pity is never broken. Every
  rarity always has an unlimited item, so a pull always lands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from casino_app.services.fairness import rng
from casino_app.services.games.gacha_table import RARITIES, GachaConfig, GachaItem

EPIC_PLUS = ("EPIC", "LEGENDARY")
RARE_PLUS = ("RARE", "EPIC", "LEGENDARY")


@dataclass(frozen=True)
class Draw:
    """One pull: what the floats drew, and what was finally awarded."""

    rarity: str
    item: GachaItem
    drawn_rarity: str
    drawn_item_id: str
    pity: bool
    guarantee: bool
    sold_out: tuple[str, ...] = ()

    def as_outcome(self, pity_before: int) -> dict[str, Any]:
        """The JSON stored with the round."""
        return {
            "rarity": self.rarity,
            "item_id": self.item.id,
            "kind": self.item.kind,
            "amount": self.item.amount,
            "name_ko": self.item.name_ko,
            "name_en": self.item.name_en,
            "drawn_rarity": self.drawn_rarity,
            "drawn_item_id": self.drawn_item_id,
            "pity": self.pity,
            "guarantee": self.guarantee,
            "sold_out": list(self.sold_out),
            "pity_before": pity_before,
        }


def guaranteed_rarities(config: GachaConfig) -> tuple[str, ...]:
    """The rarities the 10-pull guarantee draws from: the table's ``ten_pull_guarantee`` and above."""
    return RARITIES[RARITIES.index(config.ten_pull_guarantee) :]


def draw_rarity(unit: rng.Unit, config: GachaConfig, *, pity: bool, guarantee: bool) -> str:
    """The rarity for one pull (pity limits it to Epic+, the 10-pull guarantee to the table's rarity and above)."""
    pool = EPIC_PLUS if pity else guaranteed_rarities(config) if guarantee else RARITIES
    return pool[rng.pick([config.rarity_weights[r] for r in pool], unit)]


def draw_item(
    unit: rng.Unit, config: GachaConfig, rarity: str, *, pity: bool, take: Callable[[GachaItem], bool]
) -> Draw:
    """The item for one pull; ``take`` reserves one unit of a limited item (False when sold out)."""
    items = config.items_of(rarity)
    chosen = items[rng.pick([i.weight for i in items], unit)]
    drawn = (rarity, chosen.id)
    sold_out: list[str] = []
    while chosen.stock is not None and not take(chosen):
        sold_out.append(chosen.id)
        if pity:  # never below Epic: re-draw among this rarity's items still available
            candidates = [i for i in config.items_of(rarity) if i.id not in sold_out]
        else:
            rarity = RARITIES[RARITIES.index(rarity) - 1]
            candidates = [i for i in config.items_of(rarity) if i.id not in sold_out]
        chosen = candidates[rng.pick([i.weight for i in candidates], unit)]
    return Draw(rarity, chosen, drawn[0], drawn[1], pity=pity, guarantee=False, sold_out=tuple(sold_out))


Take = Callable[[int, GachaItem], bool]
"""``take(pull_index, item)`` reserves one unit of a limited item for that pull (False when sold out)."""


def draw_round(
    units: list[rng.Unit],
    config: GachaConfig,
    count: int,
    pity_before: int,
    take: Take,
) -> tuple[list[Draw], int]:
    """All pulls of a round and the pity counter afterwards (pure given ``take``)."""
    draws: list[Draw] = []
    counter = pity_before
    for i in range(count):
        pity = counter >= config.pity_threshold - 1
        guarantee = count == 10 and i == 9 and not any(d.rarity in guaranteed_rarities(config) for d in draws)
        rarity = draw_rarity(units[2 * i], config, pity=pity, guarantee=guarantee and not pity)
        result = draw_item(units[2 * i + 1], config, rarity, pity=pity, take=lambda item, i=i: take(i, item))
        if guarantee and not pity:
            result = Draw(
                result.rarity, result.item, result.drawn_rarity, result.drawn_item_id, False, True, result.sold_out
            )
        draws.append(result)
        counter = 0 if result.rarity in EPIC_PLUS else counter + 1
    return draws, counter
