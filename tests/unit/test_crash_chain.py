"""Crash fairness, the pure part (``services.crash.chain``) against an independent implementation.

The reference functions below (``_h``, ``_naive_chain``, ``_point``, ``_winners``) use only hashlib, integers and
the rules published in docs/fairness.md ("Crash"), never the app's functions, so a slip in ``chain.py`` cannot
hide behind the same slip here. The 1,000,000-round RTP and distribution simulation is in
``test_crash_simulation.py``.
"""

from __future__ import annotations

import hashlib
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casino_app.services.crash import chain
from casino_app.services.crash.table import DEFAULT_CRASH

TWO_52 = 2**52
EDGE = DEFAULT_CRASH.house_edge_bp  # 300: R = 97 %
TOP = DEFAULT_CRASH.max_multiplier_x100  # 100,000 = 1000×
GROWTH = DEFAULT_CRASH.growth_per_ms

edges = st.integers(100, 400)  # the table allows 1–4 %
caps = st.integers(1_000, 1_000_000)
digests = st.binary(min_size=32, max_size=32)


# --- the independent implementation ------------------------------------------------------------


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _naive_chain(seed: bytes, length: int) -> list[bytes]:
    """``[h[0], …, h[length]]``: h[0] = SHA-256(seed), h[k+1] = SHA-256(h[k])."""
    out = [_h(seed)]
    for _ in range(length):
        out.append(_h(out[-1]))
    return out


def _point(hash_hex: str, edge_bp: int, cap_x100: int) -> int:
    """Published: u = first 13 hex digits; crash = max(1.00, floor(100·R·2^52 / (2^52 − u))), at most the cap."""
    u = int(hash_hex[:13], 16)
    numerator = 100 * (10_000 - edge_bp) * TWO_52  # 100·R·2^52 with R = (10000 − edge) / 10000
    raw = numerator // (10_000 * (TWO_52 - u))
    return min(max(100, raw), cap_x100)


def _winners(target_x100: int, edge_bp: int) -> int:
    """How many of the 2^52 values of u give a raw crash point ≥ target (> 1.00×).

    raw ≥ x ⇔ 100·R·2^52 / (2^52 − u) ≥ x ⇔ d = 2^52 − u ≤ 100·R·2^52 / x, and d runs over 1 … 2^52.
    """
    return min(TWO_52, 100 * (10_000 - edge_bp) * TWO_52 // (10_000 * target_x100))


def _with_u(u: int, tail: str = "0" * 51) -> str:
    """A 64-hex-digit hash whose first 13 digits are ``u``."""
    return f"{u:013x}{tail}"


# --- crash points ----------------------------------------------------------------------------------

# Round 1 of the simulation chain (the worked example in docs/fairness.md): it hashes to that chain's terminating hash.
ROUND_1 = "892834f1e00b30aa8e627802d9267b304c903c051e958da4c27acad3c927e24a"
SIMULATION_TERMINATING = "4215235c0a7d511042a099924931656f6cc6a66ceb9b291fa2cca7f763c46fd0"

# Hashes checked by hand (the docs' example; SHA-256 of ASCII text) and corner values of u.
KNOWN = [
    (ROUND_1, 208),  # u = 2,412,892,479,422,643: 97·2^52 / 2,090,707,147,947,853 = 208.948… → 2.08×
    ("d8c2b1337e625a2cb21d690c1a98e9487e3763d53b9408cd2dd4b17ecf1248bf", 632),  # sha256("casino-club")
    ("cdb2e0d0f873ce5326e87cf7dec48de8da3043cfc950a7eba05a059150e873f5", 493),  # sha256("crash")
    ("6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b", 167),  # sha256("1")
    ("0" * 64, 100),  # u = 0: raw 0.97× → an instant crash at 1.00×
    ("8" + "0" * 63, 194),  # u = 2^51: 0.97 · 2 = 1.94×
    ("c" + "0" * 63, 388),  # u = 3·2^50: 0.97 · 4
    ("f" * 64, TOP),  # u = 2^52 − 1: raw 0.97·2^52 ×, capped at 1000×
    ("0" * 13 + "f" * 51, 100),  # only the first 13 digits count
]


@pytest.mark.parametrize(("hash_hex", "expected"), KNOWN)
def test_crash_points_of_known_hashes(hash_hex: str, expected: int) -> None:
    assert _point(hash_hex, EDGE, TOP) == expected
    assert chain.crash_point(hash_hex, EDGE, TOP) == expected


def test_the_worked_examples_are_real_hashes() -> None:
    assert hashlib.sha256(bytes.fromhex(ROUND_1)).hexdigest() == SIMULATION_TERMINATING
    assert chain.links(ROUND_1, SIMULATION_TERMINATING)
    assert chain.flight_ms(208, GROWTH) == 12_207  # the docs' example flies 12.207 s
    texts = [b"casino-club", b"crash", b"1"]
    assert [hashlib.sha256(t).hexdigest() for t in texts] == [h for h, _ in KNOWN[1:4]]


@settings(max_examples=500)
@given(digests, edges, caps)
def test_crash_point_equals_the_published_formula(digest: bytes, edge_bp: int, cap: int) -> None:
    hash_hex = digest.hex()
    point = chain.crash_point(hash_hex, edge_bp, cap)
    assert point == _point(hash_hex, edge_bp, cap)
    assert 100 <= point <= cap


@given(st.integers(0, TWO_52 - 1), edges)
def test_crash_point_matches_the_formula_for_every_u(u: int, edge_bp: int) -> None:
    assert chain.crash_point(_with_u(u), edge_bp, 1_000_000) == _point(_with_u(u), edge_bp, 1_000_000)


# --- the distribution ------------------------------------------------------------------------------


def test_the_instant_crash_probability_is_one_minus_r_over_1_01() -> None:
    """P(crash = 1.00×) = 1 − P(crash ≥ 1.01×) = 1 − 0.97/1.01 = 4/101 ≈ 3.96 % (to 2^-52)."""
    instant = TWO_52 - _winners(101, EDGE)
    # the boundary: u just below the first winning value crashes at once, the next one flies to 1.01×
    assert _point(_with_u(instant - 1), EDGE, TOP) == 100 == chain.crash_point(_with_u(instant - 1), EDGE, TOP)
    assert _point(_with_u(instant), EDGE, TOP) == 101 == chain.crash_point(_with_u(instant), EDGE, TOP)
    assert chain.survival(101, EDGE, TOP) * TWO_52 == TWO_52 - instant
    assert abs(instant / TWO_52 - 4 / 101) < 1e-15
    assert f"{instant / TWO_52:.4%}" == "3.9604%"


@settings(max_examples=300)
@given(edges, st.data())
def test_survival_is_exact_and_equals_r_over_x(edge_bp: int, data: st.DataObject) -> None:
    target = data.draw(st.integers(101, TOP), label="target")
    exact = chain.survival(target, edge_bp, TOP)
    assert exact.denominator <= TWO_52
    assert exact * TWO_52 == _winners(target, edge_bp)
    r_over_x = (10_000 - edge_bp) * 100 / (10_000 * target)
    assert abs(float(exact) - r_over_x) <= 2 / TWO_52
    # the count is the exact boundary: the first winning u reaches the target, the one before it does not
    first = TWO_52 - _winners(target, edge_bp)
    assert chain.crash_point(_with_u(first), edge_bp, TOP) >= target
    if first > 0:
        assert chain.crash_point(_with_u(first - 1), edge_bp, TOP) < target


@given(st.integers(101, TOP))
def test_every_cash_out_target_returns_r(target: int) -> None:
    """A bet cashed out at x pays x when crash ≥ x: its return is x · P(crash ≥ x) = R for every target."""
    rtp = target * chain.survival(target, EDGE, TOP) / 100
    assert abs(rtp - DEFAULT_CRASH.rtp) <= target / 100 / TWO_52


def test_survival_outside_the_range() -> None:
    assert chain.survival(100, EDGE, TOP) == 1
    assert chain.survival(1, EDGE, TOP) == 1
    assert chain.survival(TOP + 1, EDGE, TOP) == 0
    assert chain.survival(TOP, EDGE, TOP) * TWO_52 == _winners(TOP, EDGE)


@given(digests, edges, caps)
def test_the_cap_is_the_highest_crash_point(digest: bytes, edge_bp: int, cap: int) -> None:
    assert chain.crash_point(digest.hex(), edge_bp, cap) <= cap


def test_the_cap_collects_the_tail() -> None:
    """P(crash = 1000×) = P(raw ≥ 1000×) = 0.97/1000 = 0.097 %: the only crash point above 999.99×."""
    at_cap = _winners(TOP, EDGE)
    assert abs(at_cap / TWO_52 - 0.00097) < 1e-15
    first = TWO_52 - at_cap
    assert chain.crash_point(_with_u(first), EDGE, TOP) == TOP
    assert chain.crash_point(_with_u(first - 1), EDGE, TOP) == TOP - 1
    assert chain.crash_point(_with_u(TWO_52 - 1), EDGE, TOP) == TOP
    assert _point(_with_u(TWO_52 - 1), EDGE, 10**18) == 97 * TWO_52  # uncapped, it would be astronomical


# --- the curve -------------------------------------------------------------------------------------


def _m(t_ms: float, growth: float) -> int:
    """Published: m(t) = e^(g·t), in hundredths rounded down."""
    return max(100, math.floor(100 * math.exp(growth * t_ms) + 1e-9)) if t_ms > 0 else 100


def _assert_flight(point: int, growth: float) -> None:
    flight = chain.flight_ms(point, growth)
    assert flight >= 1
    assert chain.multiplier_at(flight, growth) >= point
    assert chain.multiplier_at(flight - 1, growth) < point  # m only grows: every earlier whole ms is below
    assert chain.multiplier_at(flight, growth) == _m(flight, growth)
    assert flight == math.ceil(math.log(point / 100) / growth)


def test_the_flight_ends_exactly_when_the_multiplier_reaches_every_crash_point() -> None:
    """All 99,900 crash points from 1.01× to 1000× under the default curve."""
    for point in range(101, TOP + 1):
        _assert_flight(point, GROWTH)
    assert chain.flight_ms(100, GROWTH) == 0  # an instant crash never flies
    assert chain.flight_ms(TOP, GROWTH) == 115_130  # 1000× after 1 min 55 s


@settings(max_examples=500)
@given(st.integers(101, 1_000_000), st.floats(0.00001, 0.001))
def test_flight_and_multiplier_agree_for_any_table(point: int, growth: float) -> None:
    _assert_flight(point, growth)


@given(st.floats(-1e6, 2e5), st.floats(0, 1e5), st.floats(0.00001, 0.001))
def test_the_multiplier_never_falls(t: float, later: float, growth: float) -> None:
    assert chain.multiplier_at(t, growth) <= chain.multiplier_at(t + later, growth)
    assert chain.multiplier_at(t, growth) == _m(t, growth)


def test_the_curve_at_a_few_times() -> None:
    assert [chain.multiplier_at(t, GROWTH) for t in (-5, 0, 1_000, 10_000, 11_552, 11_553, 60_000)] == [
        100,
        100,
        106,  # e^0.06 = 1.0618…
        182,  # e^0.6 = 1.8221…
        199,  # e^0.69312 = 1.99994…: 2× needs ln 2 / 0.00006 = 11,552.45… ms
        200,  # e^0.69318 = 2.00007…
        3_659,  # e^3.6 = 36.598…
    ]
    assert chain.flight_ms(200, GROWTH) == 11_553


# --- the chain -------------------------------------------------------------------------------------

SEED = b"casino-club crash unit chain"
LENGTH = 2_345


@pytest.mark.parametrize("every", [1, 7, 1_000, 5_000])
def test_round_hashes_from_checkpoints_equal_the_naive_chain(every: int) -> None:
    naive = _naive_chain(SEED, LENGTH)
    marks = chain.checkpoints(SEED, LENGTH, every)
    assert marks == naive[::every]
    ks = range(LENGTH + 1) if every <= 1_000 else [*range(0, LENGTH + 1, 97), LENGTH]  # each walks up to k steps
    assert all(chain.at(marks, k, every) == naive[k] for k in ks)
    for k in ks:
        if k < LENGTH:
            assert chain.round_hash(marks, LENGTH, LENGTH - k, every) == naive[k]
    for outside in (0, -1, LENGTH + 1):
        with pytest.raises(ValueError):
            chain.round_hash(marks, LENGTH, outside, every)


def test_terminating_hash_and_the_backwards_links() -> None:
    naive = _naive_chain(SEED, LENGTH)
    terminating = chain.terminating_hash(SEED, LENGTH)
    assert terminating == naive[LENGTH].hex() == chain.walk(naive[0], LENGTH).hex()
    marks = chain.checkpoints(SEED, LENGTH)
    previous = terminating
    for number in range(1, LENGTH + 1):  # round 1 hashes to the terminating hash, round i to round i−1
        revealed = chain.round_hash(marks, LENGTH, number).hex()
        assert hashlib.sha256(bytes.fromhex(revealed)).hexdigest() == previous
        assert chain.links(revealed, previous)
        assert chain.links(revealed, previous.upper())
        assert not chain.links(revealed, naive[LENGTH - number + 2].hex() if number > 1 else naive[0].hex())
        previous = revealed
    assert chain.next_hash(naive[5]) == naive[6]
    assert chain.walk(naive[10], 0) == naive[10]


@pytest.mark.parametrize("bad", ["", "zz", "abc", "g" * 64])
def test_links_refuses_malformed_hashes(bad: str) -> None:
    assert chain.links(bad, chain.terminating_hash(SEED, 3)) is False


def test_backwards_walks_from_the_newest_round_to_older_ones() -> None:
    naive = _naive_chain(SEED, LENGTH)
    newest = 1_000  # h[1000] is round LENGTH − 1000; older rounds have higher indices
    assert list(chain.backwards(naive[newest].hex(), 25)) == [d.hex() for d in naive[newest : newest + 25]]
    assert list(chain.backwards(naive[newest].hex(), 0)) == []
    assert list(chain.backwards(naive[LENGTH].hex(), 1)) == [naive[LENGTH].hex()]
