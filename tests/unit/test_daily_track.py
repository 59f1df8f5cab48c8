"""The 7-day reward track: which cycle is shown, which days are claimed, and the amounts from the reward rule."""

from __future__ import annotations

from datetime import date

import pytest

from casino_app.services import daily
from casino_app.services.economy.config import DEFAULT_ECONOMY

TODAY = date(2026, 3, 10)


def _status(streak: int, claimed_today: bool, next_streak: int) -> daily.StreakStatus:
    protection = daily.Protection(0, 1, True, 0, 0, 7)
    reward = daily.Reward(next_streak, DEFAULT_ECONOMY.daily_gold(next_streak), DEFAULT_ECONOMY.daily_xp(next_streak))
    return daily.StreakStatus(TODAY, streak, streak, claimed_today, None, reward, TODAY, protection, False)


def test_a_new_player_sees_days_1_to_7_with_day_1_today_and_nothing_claimed() -> None:
    days = daily.track(_status(0, False, 1), DEFAULT_ECONOMY)
    assert [d.streak for d in days] == [1, 2, 3, 4, 5, 6, 7]
    assert [d.today for d in days] == [True] + [False] * 6
    assert not any(d.claimed for d in days)
    assert (days[0].gold, days[0].xp) == (1_200, 75)
    assert (days[1].gold, days[1].xp) == (1_400, 100)
    assert days[6].gold == 1_800  # capped by the configuration


@pytest.mark.parametrize(
    ("streak", "claimed_today", "next_streak", "first", "today", "claimed"),
    [
        (3, True, 4, 1, 3, 3),  # day 3 taken today: days 1–3 ticked
        (3, False, 4, 1, 4, 3),  # day 4 waits today
        (7, True, 8, 1, 7, 7),  # the last day of the first cycle, taken
        (7, False, 8, 8, 8, 0),  # a new cycle starts with today's claim
        (0, False, 1, 1, 1, 0),  # after a break the streak restarts at day 1
    ],
)
def test_the_cycle_today_and_the_claimed_days_follow_the_streak(
    streak: int, claimed_today: bool, next_streak: int, first: int, today: int, claimed: int
) -> None:
    days = daily.track(_status(streak, claimed_today, next_streak), DEFAULT_ECONOMY)
    assert days[0].streak == first
    assert len(days) == daily.TRACK_DAYS
    assert [d.streak for d in days if d.today] == [today]
    assert sum(d.claimed for d in days) == claimed
    for day in days:
        assert (day.gold, day.xp) == (DEFAULT_ECONOMY.daily_gold(day.streak), DEFAULT_ECONOMY.daily_xp(day.streak))
