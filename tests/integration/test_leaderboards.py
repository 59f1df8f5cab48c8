"""Leaderboards in PostgreSQL (the embedded mode, no Redis): scoring, periods, ties, hiding, the wired round."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.core.errors import ValidationFailed
from casino_app.services import actions, daily
from casino_app.services.actions import Action, Kind
from casino_app.services.games import slot
from casino_app.services.leaderboards import boards, preferences
from casino_app.services.leaderboards.periods import Board, PeriodKind, period_of
from tests.support.accounts import new_player
from tests.support.leaderboards import act, scores
from tests.support.wallets import player_with_gold

# Wednesday 2026-11-25 12:00 KST.
NOON = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def _player(nickname: str) -> int:
    return new_player(nickname=nickname).user.id


def test_periods_are_kst_days_and_monday_weeks() -> None:
    sunday_late = datetime(2026, 11, 29, 14, 59, 59, tzinfo=UTC)  # Sunday 23:59:59 KST
    monday = sunday_late + timedelta(seconds=1)
    assert period_of(PeriodKind.DAILY, sunday_late).key == "D2026-11-29"
    assert period_of(PeriodKind.WEEKLY, sunday_late).key == "W2026-11-23"
    assert period_of(PeriodKind.DAILY, monday).key == "D2026-11-30"
    week = period_of(PeriodKind.WEEKLY, monday)
    assert week.key == "W2026-11-30"
    assert week.starts_at == monday
    assert week.ends_at == monday + timedelta(days=7)


def test_xp_missions_and_best_multiplier_count_in_both_periods() -> None:
    user = _player("점수왕")
    act(user, Kind.XP_EARNED, NOON, count=40)
    act(user, Kind.XP_EARNED, NOON + timedelta(minutes=1), count=2)
    act(user, Kind.MISSION_COMPLETED, NOON, mission_id=None)
    act(user, Kind.ROUND_PLAYED, NOON, game="slot", multiplier_bp=25_000)
    act(user, Kind.ROUND_PLAYED, NOON, game="slot", multiplier_bp=5_000)  # lower: the best stays
    act(user, Kind.ROUND_PLAYED, NOON, game="gacha", multiplier_bp=30_000)
    act(user, Kind.ROUND_PLAYED, NOON, game="rps", multiplier_bp=0)  # nothing won: not a multiplier
    act(user, Kind.ROUND_PLAYED, NOON, game="roulette")  # no stake: no multiplier
    act(user, Kind.GACHA_PULL, NOON, game="gacha", count=10)  # not ranked
    for key in ("D2026-11-25", "W2026-11-23"):
        assert scores("xp", "", key) == {user: 42}
        assert scores("missions", "", key) == {user: 1}
        assert scores("multiplier", "slot", key) == {user: 25_000}
        assert scores("multiplier", "gacha", key) == {user: 30_000}
        assert scores("multiplier", "", key) == {user: 30_000}
        assert scores("multiplier", "rps", key) == {}
        assert scores("multiplier", "roulette", key) == {}


def test_a_new_day_and_a_new_week_start_from_zero() -> None:
    user = _player("새출발")
    sunday = datetime(2026, 11, 29, 14, 59, 59, tzinfo=UTC)
    act(user, Kind.XP_EARNED, sunday, count=10)
    act(user, Kind.XP_EARNED, sunday + timedelta(seconds=1), count=3)
    assert scores("xp", "", "D2026-11-29") == {user: 10}
    assert scores("xp", "", "W2026-11-23") == {user: 10}
    assert scores("xp", "", "D2026-11-30") == {user: 3}
    assert scores("xp", "", "W2026-11-30") == {user: 3}
    with clock.use_clock(clock.FrozenClock(sunday + timedelta(hours=1))):
        weekly = boards.standings(Board.XP, "", PeriodKind.WEEKLY, 10, viewer_id=user)
    assert weekly.period.key == "W2026-11-30"
    assert [(r.rank, r.user_id, r.score) for r in weekly.rows] == [(1, user, 3)]


def test_a_rolled_back_action_scores_nothing() -> None:
    user = _player("취소됨")

    def fails_after_counting() -> None:
        with session_scope() as db:
            actions.record(db, Action(user, Kind.XP_EARNED, count=99, at=NOON))
            raise RuntimeError("the business action failed after counting")

    with pytest.raises(RuntimeError):
        fails_after_counting()
    assert scores("xp", "", "D2026-11-25") == {}


def test_ties_go_to_whoever_reached_the_score_first_then_the_lower_id() -> None:
    a, b, c, d = (_player(n) for n in ("가가", "나나", "다다", "라라"))
    act(b, Kind.XP_EARNED, NOON, count=50)
    act(d, Kind.XP_EARNED, NOON + timedelta(seconds=5), count=50)
    # the same second as d (times are kept to the second): the lower id wins the tie
    act(a, Kind.XP_EARNED, NOON + timedelta(seconds=5, microseconds=900_000), count=50)
    act(c, Kind.XP_EARNED, NOON, count=70)
    # equal multipliers: the first to reach it keeps the earlier time, a later equal one changes nothing
    act(a, Kind.ROUND_PLAYED, NOON, game="slot", multiplier_bp=20_000)
    act(b, Kind.ROUND_PLAYED, NOON + timedelta(seconds=1), game="slot", multiplier_bp=20_000)
    act(a, Kind.ROUND_PLAYED, NOON + timedelta(seconds=2), game="slot", multiplier_bp=20_000)
    with clock.use_clock(clock.FrozenClock(NOON + timedelta(hours=1))):
        xp = boards.standings(Board.XP, "", PeriodKind.DAILY, 10, viewer_id=d)
        best = boards.standings(Board.MULTIPLIER, "slot", PeriodKind.WEEKLY, 10)
    assert [(r.rank, r.user_id) for r in xp.rows] == [(1, c), (2, b), (3, a), (4, d)]
    assert xp.me is not None
    assert (xp.me.rank, xp.me.score, xp.me.hidden) == (4, 50, False)
    assert [r.user_id for r in best.rows] == [a, b]
    assert xp.source == best.source == "postgres"


def test_hidden_and_inactive_players_are_left_out_but_see_their_own_score() -> None:
    shown, hidden, banned = _player("보임"), _player("숨음"), _player("정지")
    act(shown, Kind.XP_EARNED, NOON, count=10)
    act(hidden, Kind.XP_EARNED, NOON, count=30)
    act(banned, Kind.XP_EARNED, NOON, count=20)
    assert preferences.set_hidden(hidden, True) is True
    assert preferences.is_hidden(hidden)
    with get_engine().begin() as conn:
        conn.execute(sa.text("UPDATE users SET is_active = false WHERE id = :u"), {"u": banned})
    with clock.use_clock(clock.FrozenClock(NOON)):
        view = boards.standings(Board.XP, "", PeriodKind.DAILY, 10, viewer_id=hidden)
        assert [(r.rank, r.user_id) for r in view.rows] == [(1, shown)]
        assert view.me is not None
        assert (view.me.rank, view.me.score, view.me.hidden) == (None, 30, True)
        act(hidden, Kind.XP_EARNED, NOON, count=1)  # keeps counting while hidden
        preferences.set_hidden(hidden, False)
        view = boards.standings(Board.XP, "", PeriodKind.DAILY, 10, viewer_id=hidden)
    assert [(r.rank, r.user_id, r.score) for r in view.rows] == [(1, hidden, 31), (2, shown, 10)]
    assert view.me is not None
    assert view.me.rank == 1


def test_limit_and_the_game_filter_are_checked() -> None:
    user = _player("검사")
    for n in range(5):
        act(user if n == 0 else _player(f"채움{n}"), Kind.XP_EARNED, NOON, count=10 + n)
    with clock.use_clock(clock.FrozenClock(NOON)):
        view = boards.standings(Board.XP, "", PeriodKind.DAILY, 3, viewer_id=user)
        assert [r.rank for r in view.rows] == [1, 2, 3]
        assert view.me is not None
        assert view.me.rank == 5
        for board, game, limit, code in (
            (Board.XP, "slot", 10, "LEADERBOARD_GAME_NOT_APPLICABLE"),
            (Board.MULTIPLIER, "nope", 10, "LEADERBOARD_GAME_UNKNOWN"),
            (Board.XP, "", 0, "LEADERBOARD_LIMIT"),
            (Board.XP, "", 101, "LEADERBOARD_LIMIT"),
        ):
            with pytest.raises(ValidationFailed) as bad:
                boards.standings(board, game, PeriodKind.DAILY, limit)
            assert bad.value.error_code == code


def test_a_played_round_ranks_its_multiplier_but_not_its_stake_sized_xp() -> None:
    user = player_with_gold(1_000_000)
    played: list[slot.SpinResult] = []
    with clock.use_clock(clock.FrozenClock(NOON)):
        while not any(r.win_amount for r in played) and len(played) < 300:
            played.append(slot.spin(user, 100, f"lb-{len(played)}"))
        view = boards.standings(Board.MULTIPLIER, "slot", PeriodKind.DAILY, 10, viewer_id=user)
    best = max(r.win_amount * 10_000 // r.bet for r in played)
    assert best > 0
    assert view.me is not None
    assert (view.me.rank, view.me.score) == (1, best)
    assert scores("multiplier", "", "D2026-11-25") == {user: best}
    assert sum(r.xp_gained for r in played) > 0  # the rounds raised the player's level...
    assert scores("xp", "", "W2026-11-23") == {}  # ...but round XP grows with the stake, so it never ranks
    with clock.use_clock(clock.FrozenClock(NOON)):
        checked_in = daily.claim(user)
    assert scores("xp", "", "W2026-11-23") == {user: checked_in.xp}
