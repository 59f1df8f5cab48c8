"""Crash fairness, the published part: the hash chain, the crash point and the multiplier curve.

Everything here is pure and documented in docs/fairness.md so that anyone can check a round:

- **The chain.** ``h[0] = SHA-256(seed)`` and ``h[k+1] = SHA-256(h[k])`` (raw 32-byte digests) up to
  ``h[N]``, the *terminating hash*, published before the first round. Round ``i`` (from 1) uses
  ``h[N - i]``: the chain runs backwards, so each revealed round hash hashes to the previous round's hash
  (round 1's hashes to the terminating hash) and no future round can be computed from a revealed one.
- **The crash point** (hundredths, an integer): ``u = int(hash_hex[:13], 16)`` (the first 52 bits),
  ``crash = max(100, floor(100 · R · 2^52 / (2^52 − u)))`` with ``R = 1 − house_edge``, capped at the
  published maximum. ``P(crash ≥ x) = R / x`` for every ``x`` from 1.01× to the maximum, so a bet cashed out
  at any target returns ``R`` on average.
- **The curve.** ``m(t) = e^(g·t)`` for ``t`` milliseconds of flight; shown and paid in hundredths rounded
  down. The round crashes when ``m`` reaches the crash point, after ``ceil(ln(crash/100) / g)`` ms.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from fractions import Fraction

TWO_52 = 1 << 52
CHECKPOINT_EVERY = 1_000


def next_hash(digest: bytes) -> bytes:
    """One step of the chain: the SHA-256 of the previous raw digest."""
    return hashlib.sha256(digest).digest()


def walk(start: bytes, steps: int) -> bytes:
    """``start`` hashed ``steps`` times."""
    digest = start
    for _ in range(steps):
        digest = hashlib.sha256(digest).digest()
    return digest


def terminating_hash(seed: bytes, length: int) -> str:
    """``h[length]`` as hex: what is published before the chain's first round."""
    return walk(hashlib.sha256(seed).digest(), length).hex()


def links(round_hash_hex: str, previous_hex: str) -> bool:
    """Whether a revealed round hash hashes to the previous round's hash (or the terminating hash)."""
    try:
        return next_hash(bytes.fromhex(round_hash_hex)).hex() == previous_hex.lower()
    except ValueError:
        return False


def crash_point(round_hash_hex: str, house_edge_bp: int, max_multiplier_x100: int) -> int:
    """The round's crash point in hundredths (100 = 1.00×) from its hash, edge (basis points) and cap."""
    u = int(round_hash_hex[:13], 16)
    raw = (100 * (10_000 - house_edge_bp) * TWO_52) // (10_000 * (TWO_52 - u))
    return min(max(100, raw), max_multiplier_x100)


def survival(target_x100: int, house_edge_bp: int, max_multiplier_x100: int) -> Fraction:
    """``P(crash ≥ target)`` exactly, up to the 52-bit resolution (``R / target`` below the cap)."""
    if target_x100 <= 100:
        return Fraction(1)
    if target_x100 > max_multiplier_x100:
        return Fraction(0)
    # crash ≥ x  ⇔  100·R·2^52 ≥ x·(2^52 − u)  ⇔  u ≥ 2^52 − 100·R·2^52/x
    edge = Fraction(10_000 - house_edge_bp, 10_000)
    threshold = TWO_52 - 100 * edge * TWO_52 / target_x100
    winners = TWO_52 - max(0, math.ceil(threshold))
    return Fraction(winners, TWO_52)


def multiplier_at(elapsed_ms: float, growth_per_ms: float) -> int:
    """``m(t)`` in hundredths, rounded down (100 before the flight starts)."""
    if elapsed_ms <= 0:
        return 100
    return max(100, math.floor(100 * math.exp(growth_per_ms * elapsed_ms) + 1e-9))


def flight_ms(crash_x100: int, growth_per_ms: float) -> int:
    """How long the flight lasts: the first whole millisecond at which ``m`` reaches the crash point."""
    if crash_x100 <= 100:
        return 0
    return math.ceil(math.log(crash_x100 / 100) / growth_per_ms)


def checkpoints(seed: bytes, length: int, every: int = CHECKPOINT_EVERY) -> list[bytes]:
    """``h[0], h[every], h[2·every], …``: enough to find any ``h[k]`` with fewer than ``every`` steps."""
    found: list[bytes] = []
    digest = hashlib.sha256(seed).digest()
    for k in range(length + 1):
        if k % every == 0:
            found.append(digest)
        if k < length:
            digest = hashlib.sha256(digest).digest()
    return found


def at(marks: list[bytes], k: int, every: int = CHECKPOINT_EVERY) -> bytes:
    """``h[k]`` from the checkpoints."""
    return walk(marks[k // every], k % every)


def round_hash(marks: list[bytes], length: int, number: int, every: int = CHECKPOINT_EVERY) -> bytes:
    """The hash of round ``number`` (from 1): ``h[length − number]``."""
    if not 1 <= number <= length:
        raise ValueError(f"round {number} is outside a chain of {length}")
    return at(marks, length - number, every)


def backwards(newest_hex: str, count: int) -> Iterator[str]:
    """``newest`` and the ``count − 1`` hashes before it (older rounds), newest first."""
    digest = bytes.fromhex(newest_hex)
    for _ in range(count):
        yield digest.hex()
        digest = hashlib.sha256(digest).digest()
