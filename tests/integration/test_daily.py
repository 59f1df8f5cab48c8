"""Daily check-in on the KST calendar: boundaries, streaks, protection, concurrency, levels."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine
from casino_app.core.errors import AppError
from casino_app.services import daily, ledger
from tests.support.wallets import player_with_gold

KST_MIDNIGHT = datetime(2026, 3, 9, 15, 0, tzinfo=UTC)  # 2026-03-10 00:00:00 in Seoul
DAY = timedelta(days=1)


@pytest.fixture
def frozen() -> clock.FrozenClock:
    fc = clock.FrozenClock(KST_MIDNIGHT - timedelta(seconds=1))  # 2026-03-09 23:59:59 KST
    with clock.use_clock(fc):
        yield fc


def test_reward_formula_and_caps() -> None:
    assert daily.reward_for(1) == daily.Reward(1, 1200, 75)
    assert daily.reward_for(2) == daily.Reward(2, 1400, 100)
    assert daily.reward_for(30).gold == 1800  # capped (the economy configuration's version 1)
    assert daily.reward_for(100).xp == 800  # capped


def test_2359_59_and_0000_00_kst_are_two_days(frozen: clock.FrozenClock) -> None:
    user = player_with_gold(0)
    first = daily.claim(user)
    assert first.claim_date.isoformat() == "2026-03-09"
    with pytest.raises(daily.AlreadyClaimed):
        daily.claim(user)
    frozen.advance(timedelta(seconds=1))  # 00:00:00 KST
    second = daily.claim(user)
    assert second.claim_date.isoformat() == "2026-03-10"
    assert second.streak == 2
    assert (first.gold, second.gold) == (1200, 1400)
    assert ledger.balance_of(user) == 2600
    assert daily.claimed_dates(user, 2026, 3) == [first.claim_date, second.claim_date]


def test_missed_day_resets_the_streak(frozen: clock.FrozenClock) -> None:
    user = player_with_gold(0)
    daily.claim(user)
    frozen.advance(DAY)
    assert daily.claim(user).streak == 2
    frozen.advance(2 * DAY)  # one day missed, no protection held
    result = daily.claim(user)
    assert result.streak == 1
    assert not result.protection_used


def test_protection_is_earned_on_day_7_and_bridges_exactly_one_day(frozen: clock.FrozenClock) -> None:
    user = player_with_gold(0)
    for day in range(1, 8):
        result = daily.claim(user)
        assert result.streak == day
        frozen.advance(DAY)
    assert result.protection_earned
    assert daily.protection(user).held == 1
    frozen.advance(DAY)  # missed exactly one day
    status = daily.status(user)
    assert status.protection_will_be_used
    assert status.next_reward.streak == 8
    bridged = daily.claim(user)
    assert bridged.protection_used
    assert bridged.streak == 8
    assert daily.protection(user).held == 0
    assert daily.protection(user).used_total == 1
    frozen.advance(2 * DAY)  # missed again, nothing left to bridge with
    assert daily.claim(user).streak == 1


def test_protection_never_bridges_two_missed_days(frozen: clock.FrozenClock) -> None:
    user = player_with_gold(0)
    for _ in range(7):
        daily.claim(user)
        frozen.advance(DAY)
    frozen.advance(2 * DAY)  # two days missed
    result = daily.claim(user)
    assert result.streak == 1
    assert not result.protection_used
    assert daily.protection(user).held == 1  # kept for later


def test_auto_use_off_keeps_the_protection(frozen: clock.FrozenClock) -> None:
    user = player_with_gold(0)
    for _ in range(7):
        daily.claim(user)
        frozen.advance(DAY)
    daily.set_auto_use(user, False)
    frozen.advance(DAY)
    assert not daily.status(user).protection_will_be_used
    assert daily.claim(user).streak == 1
    assert daily.protection(user).held == 1


def test_at_most_one_protection_is_held(frozen: clock.FrozenClock) -> None:
    user = player_with_gold(0)
    for _ in range(14):
        daily.claim(user)
        frozen.advance(DAY)
    protection = daily.protection(user)
    assert protection.held == 1
    assert protection.earned_total == 1


def test_20_concurrent_claims_grant_once(frozen: clock.FrozenClock) -> None:
    user = player_with_gold(0)

    def attempt(_: int) -> str:
        try:
            daily.claim(user)
            return "ok"
        except AppError as exc:
            return exc.error_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(attempt, range(20)))
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "ALREADY_CLAIMED"}
    assert ledger.balance_of(user) == 1200
    with get_engine().connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM daily_claims")) == 1


def test_xp_levels_and_level_ups_are_recorded(frozen: clock.FrozenClock) -> None:
    user = player_with_gold(0)
    levels = []
    for _ in range(6):
        levels.append(daily.claim(user))
        frozen.advance(DAY)
    # 75+100+125+150+175+200 = 825 XP → level 2 (500 XP per level)
    assert levels[-1].xp_total == 825
    assert levels[-1].level == 2
    assert [r.leveled_up for r in levels] == [False, False, False, False, True, False]  # 450 → 625 XP
    with get_engine().connect() as conn:
        assert conn.execute(sa.text("SELECT level FROM level_ups WHERE user_id = :u"), {"u": user}).scalars().all() == [
            2
        ]
        kinds = conn.execute(sa.text("SELECT kind FROM notifications WHERE user_id = :u"), {"u": user}).scalars().all()
    assert "level_up" in kinds


def test_status_before_and_after_claiming(frozen: clock.FrozenClock) -> None:
    user = player_with_gold(0)
    before = daily.status(user)
    assert (before.streak, before.claimed_today, before.next_reward.gold) == (0, False, 1200)
    daily.claim(user)
    after = daily.status(user)
    assert (after.streak, after.claimed_today, after.next_reward.streak) == (1, True, 2)
    assert after.next_claim_date == after.today + DAY


def test_the_7_day_track_shows_what_each_claim_grants(frozen: clock.FrozenClock) -> None:
    user = player_with_gold(0)
    for day in range(1, 9):
        before = daily.week_track(user)
        today = next(d for d in before if d.today)
        assert not today.claimed
        result = daily.claim(user)
        assert (today.streak, today.gold, today.xp) == (result.streak, result.gold, result.xp)
        after = daily.week_track(user)
        assert [d.streak for d in after] == [d.streak for d in before]
        assert next(d for d in after if d.today).claimed
        assert sum(d.claimed for d in after) == (day - 1) % daily.TRACK_DAYS + 1
        frozen.advance(DAY)
    assert [d.streak for d in daily.week_track(user)] == list(range(8, 15))


def _economy_paying(gold: int) -> None:
    from casino_app.services.economy import config as economy_config
    from tests.support.accounts import new_staff

    raw = economy_config.DEFAULT_ECONOMY.model_dump(mode="json")
    raw.update(daily_gold_base=gold, daily_gold_per_streak_day=0, daily_gold_cap=gold)
    economy_config.add_version(raw, reason="track test", actor_id=new_staff("admin"))


def test_claimed_days_on_the_track_show_what_their_claims_granted_after_the_economy_changes(
    frozen: clock.FrozenClock,
) -> None:
    user = player_with_gold(0)
    first = daily.claim(user)
    frozen.advance(DAY)
    second = daily.claim(user)
    _economy_paying(7)
    frozen.advance(DAY)
    days = daily.week_track(user)
    assert [(d.streak, d.gold, d.claimed) for d in days[:3]] == [
        (1, first.gold, True),
        (2, second.gold, True),
        (3, daily.reward_for(3).gold, False),  # what the next claim grants now
    ]
    assert daily.reward_for(3).gold == 7 != first.gold
    frozen.advance(2 * DAY)  # the streak broke: a new track from day 1, nothing of the old one shown as claimed
    assert [(d.streak, d.claimed) for d in daily.week_track(user)][:2] == [(1, False), (2, False)]


def test_an_older_streaks_claims_never_stand_in_for_this_ones(frozen: clock.FrozenClock) -> None:
    user = player_with_gold(0)
    old = []
    for _ in range(3):  # days 1–3 at the shipped amounts
        old.append(daily.claim(user).gold)
        frozen.advance(DAY)
    frozen.advance(2 * DAY)  # a break
    _economy_paying(7)
    daily.claim(user)
    frozen.advance(DAY)
    daily.claim(user)
    _economy_paying(9)
    days = daily.week_track(user)
    assert [(d.streak, d.gold, d.claimed) for d in days[:3]] == [(1, 7, True), (2, 7, True), (3, 9, False)]
    assert old[:2] != [7, 7]


@pytest.mark.anyio
async def test_the_daily_modal_shows_what_the_claims_granted(
    frozen: clock.FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casino_app.state.daily import DailyState
    from tests.support.accounts import new_player
    from tests.support.state_harness import handler_state

    pair = new_player()
    granted = daily.claim(pair.user.id).gold
    _economy_paying(7)
    state = await handler_state(monkeypatch, DailyState, pair.user)
    await state._load(pair.user.id)
    assert [(row["day"], row["gold"], row["state"]) for row in state.track[:2]] == [
        ("1", f"{granted:,}", "claimed"),
        ("2", "7", "ahead"),
    ]
    assert granted != 7


def test_the_reward_reminder_waits_for_an_unclaimed_day_and_never_nudges_a_player_on_a_break(
    frozen: clock.FrozenClock,
) -> None:
    from casino_app.services.care import exclusions

    user, resting = player_with_gold(0), player_with_gold(0)
    assert daily.badge_due(user)
    assert daily.badge_due(resting)
    daily.claim(user)
    assert not daily.badge_due(user)
    frozen.advance(DAY)
    assert daily.badge_due(user)
    exclusions.start(resting, "cool_off", "24h")
    assert not daily.badge_due(resting)
