"""Recompute a round from its seeds — what the verify page and ``POST /api/fairness/verify`` run.

This is the documented mapping (docs/fairness.md), applied to any seed the
player supplies; it never needs the database's copy of the round.
"""

from __future__ import annotations

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


def recompute(
    game: str,
    server_seed: bytes,
    client_seed: str,
    nonce: int,
    config_version: int | None = None,
    *,
    count: int = 1,
    pity_before: int = 0,
) -> Recomputed:
    """Slot: the three reels and their base pay. Gacha: every pull as drawn (before any sold-out fall-back)."""
    table = configs.by_version(game, config_version) if config_version else configs.active(game).config
    if game == "slot":
        units = rng.units(server_seed, client_seed, nonce, 3)
        reels = slot.draw(units, table)
        outcome: dict[str, Any] = {"reels": list(reels.symbols), "multiplier": configs.decimal_text(reels.multiplier)}
    elif game == "gacha":
        if count not in (1, 10):
            raise ValidationFailed(code="PULL_COUNT_INVALID", details={"field": "count"})
        units = rng.units(server_seed, client_seed, nonce, 2 * count)
        draws, after = gacha.draw_round(units, table, count, pity_before, take=lambda item: True)
        outcome = {
            "pulls": [
                {"rarity": d.rarity, "item_id": d.item.id, "pity": d.pity, "guarantee": d.guarantee} for d in draws
            ],
            "pity_after": after,
        }
    else:
        raise ValidationFailed(code="GAME_UNKNOWN", details={"field": "game"})
    return Recomputed(rng.seed_hash(server_seed), [u.value for u in units], outcome)
