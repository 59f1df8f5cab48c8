"""What the slot screen shows from the active odds table: the machine's idle face and the paytable at a bet.

Both are derived from the table the rounds are played with (never typed into the page), so the screen cannot
drift from the odds: the pays go through ``slot.payout`` (no win-streak bonus), and the idle face is three
different symbols, which ``line_multiplier`` never pays.
"""

from __future__ import annotations

from dataclasses import dataclass

from casino_app.services.games.money import parse_multiplier
from casino_app.services.games.slot import payout
from casino_app.services.games.slot_table import SlotConfig

BLANK = ""  # a reel face without a symbol (the page draws a neutral mark)


@dataclass(frozen=True)
class PayRow:
    """One symbol's line in the paytable: its chance per reel and what three or two of it pay."""

    symbol: str
    chance_pct: str  # per reel, one decimal ("30.0")
    triple: str  # × bet, as published ("250")
    pair: str
    triple_gold: int  # gold paid at the bet, before any win-streak bonus
    pair_gold: int


def idle_face(config: SlotConfig) -> list[str]:
    """Three different symbols, the most common first: a line that pays nothing, so the idle machine never
    shows a win. A table of two symbols has no such line (any three reels hold a pair): then three blanks."""
    common = sorted(config.symbols, key=lambda s: (-s.weight, s.id))
    if len(common) < 3:
        return [BLANK, BLANK, BLANK]
    return [common[1].id, common[0].id, common[2].id]


def paytable(config: SlotConfig, bet: int) -> list[PayRow]:
    """The table's symbols in its own order, with the gold a line pays at ``bet`` (bonus not included)."""
    total = sum(s.weight for s in config.symbols)
    return [
        PayRow(
            symbol=s.id,
            chance_pct=f"{s.weight * 100 / total:.1f}",
            triple=s.triple,
            pair=s.pair,
            triple_gold=payout(bet, parse_multiplier(s.triple), 0, config)[0],
            pair_gold=payout(bet, parse_multiplier(s.pair), 0, config)[0],
        )
        for s in config.symbols
    ]
