"""Recompute a round from its seeds — what the verify page and ``POST /api/fairness/verify`` run.

This is the documented mapping (docs/fairness.md), applied to any seed the
player supplies; it never needs the database's copy of the round.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from casino_app.core.errors import ValidationFailed
from casino_app.services.fairness import rng
from casino_app.services.games import configs, gacha, slot


@dataclass(frozen=True)
class Recomputed:
    """The seed's commitment, the floats used and the outcome they produce."""

    server_seed_hash: str
    floats: list[float]
    outcome: dict[str, Any]


NONCE_MAX = 2**62  # far beyond any real round count; keeps nonces inside a bigint
_SOLD_OUT_ENTRY = re.compile(r"\s*(\d{1,2})\s*:\s*([a-z0-9_,\s]+?)\s*")


def parse_sold_out(text: str, count: int) -> list[list[str]]:
    """Per-pull sold-out items from ``"2:avatar_dragon; 5:frame_aurora,avatar_dragon"`` (pull numbers from 1).

    Raises 422 ``VERIFY_INPUT_INVALID`` for anything else.
    """
    lists: list[list[str]] = [[] for _ in range(count)]
    for part in filter(None, (p.strip() for p in text.split(";"))):
        match = _SOLD_OUT_ENTRY.fullmatch(part)
        number = int(match.group(1)) if match else 0
        if match is None or not 1 <= number <= count:
            raise ValidationFailed(code="VERIFY_INPUT_INVALID", details={"field": "sold_out"})
        lists[number - 1] += [item.strip() for item in match.group(2).split(",") if item.strip()]
    return lists


def format_sold_out(lists: Sequence[Sequence[str]]) -> str:
    """The inverse of ``parse_sold_out`` (empty when nothing was sold out)."""
    return "; ".join(f"{n}:{','.join(items)}" for n, items in enumerate(lists, start=1) if items)


def recompute(
    game: str,
    server_seed: bytes,
    client_seed: str,
    nonce: int,
    config_version: int | None = None,
    *,
    count: int = 1,
    pity_before: int = 0,
    sold_out: Sequence[Sequence[str]] = (),
) -> Recomputed:
    """Slot: the three reels and their base pay. Gacha: every pull as drawn and as awarded.

    ``sold_out[i]`` lists the limited items that were sold out at pull ``i``
    (recorded with the round); they take the published fall-back, which can
    also change the pity of later pulls, so the round recomputes exactly.
    """
    table = configs.by_version(game, config_version) if config_version else configs.active(game).config
    if game == "slot":
        units = rng.units(server_seed, client_seed, nonce, 3)
        reels = slot.draw(units, table)
        outcome: dict[str, Any] = {"reels": list(reels.symbols), "multiplier": configs.decimal_text(reels.multiplier)}
    elif game == "gacha":
        if count not in (1, 10):
            raise ValidationFailed(code="PULL_COUNT_INVALID", details={"field": "count"})
        limited = {i.id for i in table.items if i.stock is not None}
        if len(sold_out) > count or any(not set(items) <= limited for items in sold_out):
            raise ValidationFailed(code="VERIFY_INPUT_INVALID", details={"field": "sold_out"})

        def in_stock(index: int, item: configs.GachaItem) -> bool:
            return index >= len(sold_out) or item.id not in sold_out[index]

        units = rng.units(server_seed, client_seed, nonce, 2 * count)
        draws, after = gacha.draw_round(units, table, count, pity_before, take=in_stock)
        outcome = {
            "pulls": [
                {
                    "drawn_rarity": d.drawn_rarity,
                    "drawn_item_id": d.drawn_item_id,
                    "rarity": d.rarity,
                    "item_id": d.item.id,
                    "sold_out": list(d.sold_out),
                    "pity": d.pity,
                    "guarantee": d.guarantee,
                }
                for d in draws
            ],
            "pity_after": after,
        }
    else:
        raise ValidationFailed(code="GAME_UNKNOWN", details={"field": "game"})
    return Recomputed(rng.seed_hash(server_seed), [u.value for u in units], outcome)
