"""Exact expected gold of each random payout, from the published tables (the simulator's luck-free view).

A few hundred simulated players see only a few gacha Legendaries a week, so the gold
that *happened* to come out in a week swings by several percent of all gold held. The
simulator therefore also books, for every round a player actually played, the gold that
round pays *on average* given everything known before it (bet, win streak, pity), and
reports the weekly net injection both ways. The luck-free one measures the configuration;
the realised one adds the luck of this run.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from casino_app.services.economy.inputs import Inputs
from casino_app.services.games import roulette_table, rps_table, slot
from casino_app.services.games.gacha_draw import EPIC_PLUS, guaranteed_rarities
from casino_app.services.games.gacha_table import RARITIES, GachaConfig
from casino_app.services.games.slot_table import base_table


class Expectations:
    """Expected gold paid by one round of each game (exact fractions), for every bet the tables allow."""

    def __init__(self, inputs: Inputs) -> None:
        lines: dict[Fraction, Fraction] = defaultdict(Fraction)
        for probability, multiplier in base_table(inputs.slot):
            lines[multiplier] += probability
        config = inputs.slot
        # E[gold paid] of a spin of ``bet`` after ``steps`` winning spins in a row (``slot.payout``)
        self.slot_win = {
            (bet, steps): sum((p * slot.payout(bet, m, steps, config)[0] for m, p in lines.items()), Fraction(0))
            for bet in config.bet_options
            for steps in range(config.streak_bonus_max_steps + 1)
        }
        chances = rps_table.probabilities(inputs.rps)
        # E[gold paid] of a rock-paper-scissors round of ``bet`` (``rps_table.payout``)
        self.rps_win = {
            bet: sum((p * rps_table.payout(o, bet, inputs.rps) for o, p in chances.items()), Fraction(0))
            for bet in inputs.rps.bet_options
        }
        self.roulette_gold = roulette_table.expected_value(inputs.roulette)["gold"]
        # E[gold] of a pull drawn from all rarities, a pity pull (Epic+) and a ten-pull's guarantee (Rare+)
        self.gacha_gold = {
            "base": _gacha_gold(inputs.gacha, RARITIES),
            "pity": _gacha_gold(inputs.gacha, EPIC_PLUS),
            "guarantee": _gacha_gold(inputs.gacha, guaranteed_rarities(inputs.gacha)),
        }


def _gacha_gold(config: GachaConfig, pool: tuple[str, ...]) -> Fraction:
    """E[gold] of a pull whose rarity is drawn from ``pool`` (the sold-out fall-back is left out)."""
    total = sum(config.rarity_weights[r] for r in pool)
    expected = Fraction(0)
    for rarity in pool:
        items = config.items_of(rarity)
        weight = sum(i.weight for i in items)
        gold = sum((Fraction(i.weight * i.amount, weight) for i in items if i.kind == "gold"), Fraction(0))
        expected += Fraction(config.rarity_weights[rarity], total) * gold
    return expected
