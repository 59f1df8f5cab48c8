"""The fairness engine in isolation: floats, weighted choice, tables, RTP, and the big simulations."""

from __future__ import annotations

import hashlib
import hmac
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import chisquare

from casino_app.services.fairness import rng
from casino_app.services.games import configs, gacha, gacha_table, slot, slot_table

SEED = hashlib.sha256(b"casino-club slot rtp simulation").digest()


def test_floats_follow_the_published_formula() -> None:
    seed = bytes(range(32))
    digest = hmac.new(seed, b"player-seed:7:0", hashlib.sha256).digest()
    expected = [sum(digest[i + k] / 256 ** (k + 1) for k in range(4)) for i in range(0, 32, 4)]
    assert rng.floats(seed, "player-seed", 7, 8) == expected
    nine = rng.floats(seed, "player-seed", 7, 9)
    second = hmac.new(seed, b"player-seed:7:1", hashlib.sha256).digest()
    assert nine[8] == sum(second[k] / 256 ** (k + 1) for k in range(4))
    assert all(0 <= f < 1 for f in rng.floats(seed, "x", 0, 100))


def test_seed_hash_is_sha256_of_the_bytes() -> None:
    seed = bytes.fromhex("ab" * 32)
    assert rng.seed_hash(seed) == hashlib.sha256(seed).hexdigest()


@pytest.mark.parametrize(
    ("numerator", "expected"),
    [(0, 0), (2**32 // 4 - 1, 0), (2**32 // 4, 1), (2**32 // 2 - 1, 1), (2**32 // 2, 2), (2**32 - 1, 2)],
)
def test_choice_boundaries_are_exact(numerator: int, expected: int) -> None:
    assert rng.pick([1, 1, 2], rng.Unit(numerator)) == expected


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=12).filter(lambda w: sum(w) > 0), st.integers(0, 2**32 - 1))
def test_choice_matches_the_float_definition(weights: list[int], numerator: int) -> None:
    index = rng.pick(weights, rng.Unit(numerator))
    f = Fraction(numerator, 2**32)
    cumulative = [sum(weights[: i + 1]) for i in range(len(weights))]
    assert index == next(i for i, c in enumerate(cumulative) if c > f * sum(weights))
    assert weights[index] > 0  # a zero-weight entry is never chosen


def test_default_slot_rtp_is_declared_in_range() -> None:
    base, p_win, total = slot_table.slot_rtp(configs.DEFAULT_SLOT)
    assert Fraction(92, 100) <= total <= Fraction(97, 100)
    assert base < total <= base * Fraction(120, 100)  # the streak bonus adds something, never above +20 %
    assert 0 < p_win < 1


def test_tables_reject_unsafe_values() -> None:
    raw = configs.DEFAULT_SLOT.model_dump(mode="json")
    with pytest.raises(Exception, match="CONFIG_INVALID"):
        configs.parse("slot", {**raw, "streak_bonus_step_pct": 10, "streak_bonus_max_steps": 3})
    gacha_raw = configs.DEFAULT_GACHA.model_dump(mode="json")
    limited_common = [{**i, "stock": 5} if i["rarity"] == "COMMON" else i for i in gacha_raw["items"]]
    with pytest.raises(Exception, match="CONFIG_INVALID"):
        configs.parse("gacha", {**gacha_raw, "items": limited_common})
    with pytest.raises(Exception, match="CONFIG_INVALID"):
        configs.parse("slot", {**raw, "symbols": [{**raw["symbols"][0], "triple": "1.234"}, *raw["symbols"][1:]]})


def test_consolidated_gacha_rates_include_pity() -> None:
    config = configs.DEFAULT_GACHA
    base = gacha_table.rarity_probabilities(config)
    consolidated = gacha_table.consolidated_rates(config)
    assert sum(consolidated.values()) == 1
    assert consolidated["EPIC"] + consolidated["LEGENDARY"] > base["EPIC"] + base["LEGENDARY"]
    assert consolidated["EPIC"] / consolidated["LEGENDARY"] == base["EPIC"] / base["LEGENDARY"]


def test_rtp_simulation_over_one_million_slot_rounds() -> None:
    """1,000,000 consecutive spins through the engine's own mapping, bonus included, with a published seed.

    At this size the standard error of the measured RTP is ≈0.46 % (σ of a spin ≈ 4.6 bets), so the
    ±0.5 % band is about one standard error: the seed is fixed (sha256 of a published phrase) to keep the
    run reproducible, and the mapping itself is checked with real power by the chi-square below.
    """
    config = configs.DEFAULT_SLOT
    sim = slot.simulate(config, 1_000_000, SEED, "rtp-simulation")
    declared = slot_table.slot_rtp(config)[2]
    assert abs(sim.rtp - declared) <= Fraction(5, 1000), (
        f"measured {float(sim.rtp):.4%} vs declared {float(declared):.4%}"
    )
    total = sum(s.weight for s in config.symbols)
    expected = [3 * sim.rounds * s.weight / total for s in config.symbols]
    observed = [sim.symbol_counts[s.id] for s in config.symbols]
    assert chisquare(observed, expected).pvalue > 0.001


def _gacha_run(pulls: int) -> tuple[dict[str, int], dict[str, int], int]:
    config = configs.DEFAULT_GACHA
    seed = hashlib.sha256(b"casino-club gacha simulation").digest()
    rarity_counts = dict.fromkeys(gacha_table.RARITIES, 0)
    item_counts = {i.id: 0 for i in config.items}
    counter, longest = 0, 0
    for nonce in range(pulls):
        draws, counter_after = gacha.draw_round(
            rng.units(seed, "sim", nonce, 2), config, 1, counter, lambda i, item: True
        )
        rarity_counts[draws[0].rarity] += 1
        item_counts[draws[0].item.id] += 1
        counter = counter_after
        longest = max(longest, counter)
    return rarity_counts, item_counts, longest


def test_gacha_chi_square_over_100000_pulls_and_pity_always_holds() -> None:
    config = configs.DEFAULT_GACHA
    rarity_counts, item_counts, longest = _gacha_run(100_000)
    rates = gacha_table.consolidated_rates(config)
    observed = [rarity_counts[r] for r in gacha_table.RARITIES]
    expected = [float(rates[r]) * 100_000 for r in gacha_table.RARITIES]
    assert chisquare(observed, expected).pvalue > 0.001
    for rarity in gacha_table.RARITIES:
        items = config.items_of(rarity)
        weight = sum(i.weight for i in items)
        got = [item_counts[i.id] for i in items]
        assert chisquare(got, [sum(got) * i.weight / weight for i in items]).pvalue > 0.001
    assert longest <= config.pity_threshold - 1  # never 90 pulls in a row without Epic or better


def test_pity_holds_on_every_sequence_of_ten_pulls() -> None:
    config = configs.DEFAULT_GACHA
    seed = hashlib.sha256(b"ten pulls").digest()
    counter = 0
    for nonce in range(5000):
        draws, after = gacha.draw_round(rng.units(seed, "ten", nonce, 20), config, 10, counter, lambda i, item: True)
        assert any(d.rarity != "COMMON" for d in draws)
        run = counter
        for d in draws:
            run = 0 if d.rarity in ("EPIC", "LEGENDARY") else run + 1
            assert run < config.pity_threshold
        counter = after
