"""Win tiers: how loudly the screen celebrates a round, from the payout's multiple of the stake.

The one place these thresholds live (slot, rock-paper-scissors and crash cash-outs all ask here):

- ``NONE``: the payout is not more than the stake: a loss, a draw or a partial return. Never celebrated
  (the architecture's rule: no win celebration when the payout is not more than the stake).
- ``WIN``: more than the stake, less than ``BIG_MULTIPLE`` × the stake (e.g. a slot pair ×1.5, RPS ×1.9).
- ``BIG``: at least ``BIG_MULTIPLE`` × (e.g. three lemons ×8, a pair of sevens ×5).
- ``MEGA``: at least ``MEGA_MULTIPLE`` × (e.g. three bells ×20 and above).

A game without a stake (the prize roulette) has no win tier: its prizes are shown as rewards.
The live feed's "big win" is one more rule here (``is_big_win``): a payout of at least ``BIG_WIN_GOLD`` that is
also above the stake, so a large stake returned in part never reads as a win.
Integer arithmetic only (gold has no fractions).
"""

from __future__ import annotations

from enum import StrEnum

from casino_app.settings import get_settings

BIG_MULTIPLE = 5
MEGA_MULTIPLE = 20


class WinTier(StrEnum):
    """A round's celebration level (its value is also the page's sound cue for it)."""

    NONE = "none"
    WIN = "win"
    BIG = "big"
    MEGA = "mega"


def win_tier(stake: int, payout: int) -> WinTier:
    """The tier of a round that paid ``payout`` on ``stake`` (``NONE`` unless the payout is above the stake)."""
    if stake <= 0 or payout <= stake:
        return WinTier.NONE
    if payout >= MEGA_MULTIPLE * stake:
        return WinTier.MEGA
    if payout >= BIG_MULTIPLE * stake:
        return WinTier.BIG
    return WinTier.WIN


def is_big_win(stake: int, payout: int) -> bool:
    """Whether a settled round goes to the live feed as a big win: at least ``BIG_WIN_GOLD`` gold and a
    payout above the stake (``win_tier`` not ``NONE``)."""
    return payout >= get_settings().big_win_gold and win_tier(stake, payout) is not WinTier.NONE


def result_cue(stake: int, payout: int) -> str:
    """The sound a settled round plays: its win tier, ``"even"`` for a draw or a partial return, else ``"loss"``."""
    tier = win_tier(stake, payout)
    if tier is not WinTier.NONE:
        return tier.value
    return "even" if payout > 0 else "loss"
