"""Win tiers: a celebration only when the payout is above the stake, scaled by its multiple."""

from __future__ import annotations

import pytest

from casino_app.services.games.win_tier import BIG_MULTIPLE, MEGA_MULTIPLE, WinTier, is_big_win, result_cue, win_tier
from tests.support.env import environment


@pytest.mark.parametrize(
    ("stake", "payout", "tier"),
    [
        (100, 0, WinTier.NONE),  # a loss
        (100, 50, WinTier.NONE),  # a partial return
        (100, 100, WinTier.NONE),  # the stake back (a draw, a pair of bells): not a win
        (100, 101, WinTier.WIN),  # one gold above the stake
        (100, 190, WinTier.WIN),  # rock-paper-scissors ×1.9
        (100, 499, WinTier.WIN),
        (100, 500, WinTier.BIG),  # exactly ×5
        (100, 800, WinTier.BIG),
        (100, 1_999, WinTier.BIG),
        (100, 2_000, WinTier.MEGA),  # exactly ×20
        (1_000, 250_000, WinTier.MEGA),
        (0, 500, WinTier.NONE),  # no stake (a free prize): a reward, never a win tier
        (-5, 500, WinTier.NONE),
    ],
)
def test_tiers_by_the_payouts_multiple_of_the_stake(stake: int, payout: int, tier: WinTier) -> None:
    assert win_tier(stake, payout) is tier


def test_the_thresholds_are_ordered() -> None:
    assert 1 < BIG_MULTIPLE < MEGA_MULTIPLE
    assert win_tier(7, 7 * BIG_MULTIPLE - 1) is WinTier.WIN
    assert win_tier(7, 7 * MEGA_MULTIPLE - 1) is WinTier.BIG


@pytest.mark.parametrize(
    ("stake", "payout", "cue"),
    [(100, 0, "loss"), (100, 50, "even"), (100, 100, "even"), (100, 150, "win"), (100, 500, "big"), (10, 200, "mega")],
)
def test_the_result_cue_is_calm_unless_the_round_won(stake: int, payout: int, cue: str) -> None:
    assert result_cue(stake, payout) == cue


@pytest.mark.parametrize(
    ("stake", "payout", "big"),
    [
        (1_000, 50_000, True),  # at the threshold and above the stake
        (100_000, 50_000, False),  # half of a large stake back: never a "big win" in the feed
        (50_000, 50_000, False),  # the stake back (a crash cash-out at 1.00×)
        (100, 49_999, False),  # above the stake, under the threshold
    ],
)
def test_the_feeds_big_win_needs_the_threshold_and_a_payout_above_the_stake(stake: int, payout: int, big: bool) -> None:
    with environment(BIG_WIN_GOLD="50000"):
        assert is_big_win(stake, payout) is big
