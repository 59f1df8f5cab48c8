"""Recompute a round from its seeds — what the verify page and ``POST /api/fairness/verify`` run.

This is the documented mapping (docs/fairness.md), applied to any seed the
player supplies; it never needs the database's copy of the round.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from casino_app.core.errors import ValidationFailed
from casino_app.services.fairness import rng
from casino_app.services.games import configs, registry


@dataclass(frozen=True)
class Recomputed:
    """The seed's commitment, the floats used and the outcome they produce (under table ``config_version``)."""

    server_seed_hash: str
    floats: list[float]
    outcome: dict[str, Any]
    config_version: int = 0
    config: Any = None


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
    params: Mapping[str, Any] | None = None,
) -> Recomputed:
    """Any registered game: the outcome these seeds produce under the table version the round used.

    ``params`` are the game's verification inputs (gacha: ``count``,
    ``pity_before`` and the recorded ``sold_out`` lists; the keyword arguments
    fill them for callers that pass them one by one).
    """
    spec = registry.get(game)
    if spec.shared:  # crash is proven by its hash chain (``services.crash.verify``), not by a player seed
        raise ValidationFailed(
            code="VERIFY_INPUT_INVALID", details={"field": "game", "verify": f"/api/games/{game}/verify"}
        )
    if config_version:
        table = configs.by_version(game, config_version)
    else:
        active = configs.active(game)
        table, config_version = active.config, active.version
    inputs = {"count": count, "pity_before": pity_before, "sold_out": [list(x) for x in sold_out], **(params or {})}
    units = rng.units(server_seed, client_seed, nonce, spec.verify_floats(table, inputs))
    outcome = spec.recompute(units, table, inputs)
    return Recomputed(rng.seed_hash(server_seed), [u.value for u in units], outcome, config_version, table)
