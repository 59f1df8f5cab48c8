"""Prize roulette: the draw against its published probabilities, the exact expected value, the table's rules."""

from __future__ import annotations

import hashlib
from fractions import Fraction

import pytest
from pydantic import ValidationError
from scipy.stats import chisquare

from casino_app.services.fairness import rng
from casino_app.services.games import registry, roulette, roulette_table
from casino_app.services.games.roulette_table import DEFAULT_ROULETTE, RouletteConfig
from casino_app.state.roulette import TURNS, stop_angle, wheel_of

# Published: anyone can rerun this simulation and get the same counts.
SEED = hashlib.sha256(b"casino-club roulette chi-square").digest()
CLIENT_SEED = "roulette-simulation"
SPINS = 100_000


def _counts(config: RouletteConfig, spins: int = SPINS) -> list[int]:
    counts = [0] * len(config.segments)
    for nonce in range(spins):
        counts[roulette_table.draw(rng.units(SEED, CLIENT_SEED, nonce, 1), config)] += 1
    return counts


def _table(weights: list[int], **changes: object) -> dict:
    raw = DEFAULT_ROULETTE.model_dump(mode="json")
    for segment, weight in zip(raw["segments"], weights, strict=False):
        segment["weight"] = weight
    raw["segments"] = raw["segments"][: len(weights)]
    raw.update(changes)
    return raw


def test_chi_square_over_100000_spins_matches_the_published_probabilities() -> None:
    config = DEFAULT_ROULETTE
    observed = _counts(config)
    expected = [float(p) * SPINS for p in roulette_table.probabilities(config)]
    result = chisquare(observed, expected)
    assert result.pvalue > 0.001, f"chi² = {result.statistic:.2f}, p = {result.pvalue:.4g}, counts {observed}"


def test_the_same_chi_square_rejects_a_wheel_that_is_off_by_one_percentage_point() -> None:
    # Power check: counts drawn from a wheel where 1 % moved from segment 0 to the top prize fail the test.
    config = DEFAULT_ROULETTE
    weights = [s.weight for s in config.segments]
    weights[0] -= 10
    weights[-1] += 10
    skewed = RouletteConfig.model_validate(_table(weights))
    observed = _counts(skewed)
    expected = [float(p) * SPINS for p in roulette_table.probabilities(config)]
    assert chisquare(observed, expected).pvalue < 0.001


def test_probabilities_are_exact_and_sum_to_one() -> None:
    chances = roulette_table.probabilities(DEFAULT_ROULETTE)
    assert sum(chances) == 1
    assert chances == [Fraction(s.weight, 1000) for s in DEFAULT_ROULETTE.segments]
    assert [roulette_table.percent_text(p) for p in chances] == ["25", "18", "15", "6", "12", "8", "4", "7", "3", "2"]
    assert roulette_table.percent_text(Fraction(1, 8)) == "12.5"
    assert roulette_table.percent_text(Fraction(3, 400)) == "0.75"


def test_expected_value_is_exact() -> None:
    # Σ p·amount by hand: gold (100·250 + 300·150 + 500·120 + 1000·70 + 5000·20) / 1000, XP (50·180 + 200·80 + 500·30) / 1000.
    assert roulette_table.expected_value(DEFAULT_ROULETTE) == {"gold": Fraction(300), "xp": Fraction(40)}
    game = registry.get("roulette")
    assert game.expected_value(DEFAULT_ROULETTE) == {"gold": Fraction(300), "xp": Fraction(40)}
    assert game.rtp(DEFAULT_ROULETTE) == 0
    assert game.wagered is False
    assert (game.action, game.transfer_kind, game.house) == ("spin", "ROULETTE_PRIZE", "house:roulette")


def test_simulated_mean_gold_is_near_the_expected_value() -> None:
    counts = _counts(DEFAULT_ROULETTE, 50_000)
    gold = sum(n * s.amount for n, s in zip(counts, DEFAULT_ROULETTE.segments, strict=True) if s.kind == "gold")
    assert abs(gold / 50_000 - 300) < 15  # σ of one spin ≈ 1,000 gold → σ of the mean ≈ 4.5


def test_the_draw_is_pick_over_the_weights_with_float_0() -> None:
    config = DEFAULT_ROULETTE  # weights 250, 180, …: segment 0 is f < 0.25
    quarter = rng.SCALE // 4
    assert roulette_table.draw([rng.Unit(0)], config) == 0
    assert roulette_table.draw([rng.Unit(quarter - 1)], config) == 0
    assert roulette_table.draw([rng.Unit(quarter)], config) == 1  # the cumulative weight must *exceed* f × W
    assert roulette_table.draw([rng.Unit(rng.SCALE - 1)], config) == len(config.segments) - 1
    for nonce in range(200):
        units = rng.units(SEED, "pick", nonce, 1)
        weights = [s.weight for s in config.segments]
        assert roulette_table.draw(units, config) == rng.pick(weights, units[0])
        assert roulette.ROULETTE.recompute(units, config, {})["segment_index"] == rng.pick(weights, units[0])


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (_table([250, 180, 150, 60, 120, 80, 40, 70, 30, 19]), "total weight 999 does not divide 10,000"),
        (_table([300, 180, 150, 60, 120, 80, 40, 50, 10, 10]), "a segment below 2 % of the wheel"),
        (_table([200, 200, 200, 100, 100, 100, 100]), "seven segments"),
        (_table([100] * 10, segments=DEFAULT_ROULETTE.model_dump()["segments"] * 2), "thirteen or more segments"),
        (_table([250, 180, 150, 60, 120, 80, 40, 70, 30, 20], free_spins_per_day=-1), "negative free spins"),
        (_table([250, 180, 150, 60, 120, 80, 40, 70, 30, 0]), "a zero weight"),
    ],
)
def test_tables_that_break_the_rules_are_refused(raw: dict, reason: str) -> None:
    with pytest.raises(ValidationError):
        RouletteConfig.model_validate(raw)


def test_prize_rules_are_enforced() -> None:
    base = DEFAULT_ROULETTE.model_dump(mode="json")

    def refused(index: int, **changes: object) -> bool:
        raw = {**base, "segments": [dict(s) for s in base["segments"]]}
        raw["segments"][index].update(changes)
        try:
            RouletteConfig.model_validate(raw)
        except ValidationError:
            return True
        return False

    assert refused(3, item_id=None)  # an item prize needs an item
    assert refused(0, item_id="frame_x")  # a gold prize carries no item
    assert refused(3, amount=11)  # at most ten items per prize
    assert refused(9, amount=1_000_000)  # expected gold would exceed 5,000 per spin
    assert refused(1, kind="bonus")
    assert refused(0, label_ko="")
    assert not refused(0, amount=150)
    assert RouletteConfig.model_validate(base) == DEFAULT_ROULETTE


def test_the_wheel_is_drawn_to_scale_and_stops_on_the_drawn_segment() -> None:
    rows, gradient = wheel_of(DEFAULT_ROULETTE)
    assert gradient.startswith("conic-gradient(")
    assert float(rows[0]["start"]) == 0
    assert float(rows[-1]["end"]) == 360
    for row, chance in zip(rows, roulette_table.probabilities(DEFAULT_ROULETTE), strict=True):
        assert float(row["end"]) - float(row["start"]) == pytest.approx(float(chance) * 360)
    current = 0.0
    for row in rows * 2:
        mid = float(row["mid"])
        after = stop_angle(current, mid)
        assert after - current >= TURNS * 360
        # The pointer is at the top: the wheel angle under it is −rotation (mod 360).
        under = -after % 360
        assert float(row["start"]) < under < float(row["end"])
        assert under == pytest.approx(mid)
        current = after
