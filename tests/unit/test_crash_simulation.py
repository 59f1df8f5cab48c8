"""Crash over one million rounds of a published, fixed-seed chain: realised RTP and the crash-point distribution.

The chain is ``h[0] = SHA-256(SEED)``, ``h[k+1] = SHA-256(h[k])`` up to ``h[ROUNDS]``; its rounds 1 … ROUNDS use
``h[ROUNDS − 1]`` … ``h[0]``, so walking forwards from ``h[0]`` visits every round of that chain once (the order
does not matter for an average or a histogram) and ends on the terminating hash, which is printed so that
anyone can regenerate the same million crash points. The figures are quoted in docs/fairness.md ("Crash").
"""

from __future__ import annotations

import bisect
import hashlib
import math
from fractions import Fraction

import pytest
from scipy.stats import chi2

from casino_app.services.crash import chain
from casino_app.services.crash.table import DEFAULT_CRASH

SEED = b"casino-club crash rtp simulation"
ROUNDS = 1_000_000
TERMINATING = "4215235c0a7d511042a099924931656f6cc6a66ceb9b291fa2cca7f763c46fd0"  # listed in docs/fairness.md
EDGE = DEFAULT_CRASH.house_edge_bp
TOP = DEFAULT_CRASH.max_multiplier_x100
TARGETS = (150, 200, 1_000)  # cash-out targets 1.5×, 2×, 10×
BINS = 20


def _crash_points() -> tuple[list[int], str]:
    """The crash points of every round of the simulation chain, and its terminating hash."""
    digest = hashlib.sha256(SEED).digest()
    points = []
    for _ in range(ROUNDS):
        points.append(chain.crash_point(digest.hex(), EDGE, TOP))
        digest = chain.next_hash(digest)
    return points, digest.hex()


def _quantile_edges() -> list[int]:
    """Bin edges (hundredths): 1.00× alone, then ~20 equal-probability bins by the exact survival function,
    with the tail split at 100× and at the 1000× cap so the cap's atom is checked on its own."""
    edges = {100, 101, 10_000, TOP}
    for j in range(1, BINS):
        level = Fraction(BINS - j, BINS)
        lo, hi = 101, TOP  # the smallest x with P(crash ≥ x) ≤ level
        while lo < hi:
            mid = (lo + hi) // 2
            if chain.survival(mid, EDGE, TOP) <= level:
                hi = mid
            else:
                lo = mid + 1
        edges.add(lo)
    return sorted(edges)


@pytest.mark.slow
def test_one_million_rounds_return_the_declared_rtp_and_follow_the_published_distribution() -> None:
    """Realised RTP at 1.5×, 2× and 10× within ±0.5 percentage points of 97 %; chi-square p > 0.001.

    A bet cashed out at x returns x with probability 0.97/x and 0 otherwise, so one round's return has standard
    deviation x·√(p(1−p)) and the realised RTP's standard error over a million rounds is 0.07 (1.5×),
    0.10 (2×) and 0.30 (10×) percentage points: the ±0.5 band is about 7, 5 and 1.7 standard errors wide.
    A table whose edge were off by 1 % (96 % or 98 %) would fall outside it at 1.5× and 2×.
    """
    points, terminating = _crash_points()
    assert terminating == chain.terminating_hash(SEED, ROUNDS) == TERMINATING
    declared = DEFAULT_CRASH.rtp
    print(f"\ncrash simulation: {ROUNDS:,} rounds of the chain with terminating hash {terminating}")
    for target in TARGETS:
        wins = sum(1 for p in points if p >= target)
        realised = wins * target / 100 / ROUNDS
        p = float(chain.survival(target, EDGE, TOP))
        se = target / 100 * math.sqrt(p * (1 - p) / ROUNDS)
        print(
            f"  cash out at {target / 100:g}x: paid in {wins:,} rounds, realised RTP {realised:.4%}"
            f" (declared {float(declared):.2%}, standard error {se:.4%}, {(realised - float(declared)) / se:+.2f} SE)"
        )
        assert abs(realised - float(declared)) <= 0.005, f"{target / 100:g}x: {realised:.4%}"

    edges = _quantile_edges()
    uppers = [*edges[1:], TOP + 1]
    expected = [
        float(chain.survival(a, EDGE, TOP) - chain.survival(b, EDGE, TOP)) * ROUNDS
        for a, b in zip(edges, uppers, strict=True)
    ]
    observed = [0] * len(edges)
    for point in points:
        observed[bisect.bisect_right(edges, point) - 1] += 1
    assert sum(observed) == ROUNDS
    assert min(expected) > 900
    statistic = sum((o - e) ** 2 / e for o, e in zip(observed, expected, strict=True))
    dof = len(edges) - 1
    p_value = float(chi2.sf(statistic, dof))
    instant = observed[0] / ROUNDS
    print(f"  instant crashes (1.00x): {instant:.4%} (exact {1 - float(chain.survival(101, EDGE, TOP)):.4%})")
    print(f"  rounds at the 1000x cap: {observed[-1]:,} (expected {expected[-1]:,.0f})")
    print(f"  chi-square over {len(edges)} bins: {statistic:.2f}, {dof} degrees of freedom, p = {p_value:.4f}")
    for lower, upper, o, e in zip(edges, uppers, observed, expected, strict=True):
        print(f"    [{lower / 100:>7.2f}x, {upper / 100:>7.2f}x): {o:>6,} observed, {e:>9.1f} expected")
    assert p_value > 0.001
