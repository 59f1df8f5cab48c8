"""The public float mapping (docs/fairness.md documents exactly this; anyone can re-implement it).

For round ``nonce`` of a seed pair, digest ``cursor`` (0, 1, 2…) is
``HMAC_SHA256(key=server_seed_bytes, msg=f"{client_seed}:{nonce}:{cursor}")``.
Each 32-byte digest yields 8 floats; bytes ``b0..b3`` of a group give
``b0/256 + b1/256² + b2/256³ + b3/256⁴`` in [0, 1). Internally a float is kept
as its exact 32-bit numerator ``n`` (``f = n / 2³²``) so weighted choices use
integer arithmetic and never suffer rounding.
"""

from __future__ import annotations

import bisect
import hashlib
import hmac
import itertools
import struct
from collections.abc import Sequence
from typing import NamedTuple

SCALE = 2**32
_EIGHT = struct.Struct(">8I")


class Unit(NamedTuple):
    """A float in [0, 1) as its exact numerator over 2³²."""

    numerator: int

    @property
    def value(self) -> float:
        """The float (exact in double precision)."""
        return self.numerator / SCALE


def digest(server_seed: bytes, client_seed: str, nonce: int, cursor: int) -> bytes:
    """One 32-byte HMAC-SHA256 digest of the round."""
    message = f"{client_seed}:{nonce}:{cursor}".encode()
    return hmac.new(server_seed, message, hashlib.sha256).digest()


def units(server_seed: bytes, client_seed: str, nonce: int, count: int) -> list[Unit]:
    """The round's first ``count`` floats (as exact numerators), digest by digest."""
    out: list[Unit] = []
    cursor = 0
    while len(out) < count:
        # Eight big-endian 32-bit groups b0..b3 per digest: n = b0·2²⁴ + b1·2¹⁶ + b2·2⁸ + b3.
        out.extend(map(Unit, _EIGHT.unpack(digest(server_seed, client_seed, nonce, cursor))))
        cursor += 1
    return out[:count]


def floats(server_seed: bytes, client_seed: str, nonce: int, count: int) -> list[float]:
    """The round's first ``count`` floats in [0, 1)."""
    return [u.value for u in units(server_seed, client_seed, nonce, count)]


def pick(weights: Sequence[int], unit: Unit) -> int:
    """Index of the first entry whose cumulative weight exceeds ``f × W`` (exact: ``cum·2³² > n·W``)."""
    return Picker(tuple(weights)).pick(unit.numerator)


class Picker:
    """``pick`` for one fixed weight list, precomputed (the hot path of simulations)."""

    def __init__(self, weights: tuple[int, ...]) -> None:
        if not weights or sum(weights) <= 0 or any(w < 0 for w in weights):
            raise ValueError("weights must be non-negative with a positive total")
        self.total = sum(weights)
        self.bounds = list(itertools.accumulate(w * SCALE for w in weights))

    def pick(self, numerator: int) -> int:
        """First index whose scaled cumulative weight exceeds ``numerator × W``."""
        return bisect.bisect_right(self.bounds, numerator * self.total)


def seed_hash(server_seed: bytes) -> str:
    """The public commitment: ``sha256(seed_bytes).hexdigest()``."""
    return hashlib.sha256(server_seed).hexdigest()
