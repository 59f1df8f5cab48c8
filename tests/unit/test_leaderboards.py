"""Leaderboard rules without a database: the Redis score encoding, what each action writes, score display."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from casino_app.core import clock
from casino_app.services.actions import Action, Kind
from casino_app.services.leaderboards import boards, cache, scores
from casino_app.services.leaderboards.periods import Board, PeriodKind, period_of
from casino_app.state.leaderboard import period_range, score_text

WEEK = "W2026-11-23"
MONDAY = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)  # 2026-11-23 00:00 KST


def test_encoding_round_trips_over_the_whole_week() -> None:
    assert cache.period_start(WEEK) == MONDAY
    assert cache.period_end(WEEK) == MONDAY + timedelta(days=7)
    assert cache.period_end("D2026-11-23") == MONDAY + timedelta(days=1)
    for score, offset in ((0, 0), (1, 1), (123_456, 604_799), (cache.SCORE_CAP, 3_600)):
        at = MONDAY + timedelta(seconds=offset)
        assert cache.decode(cache.encode(score, at, WEEK), WEEK) == (score, at)


def test_encoded_order_is_score_then_earlier_time() -> None:
    rng = random.Random(7)
    rows = [(rng.randint(0, 50), MONDAY + timedelta(seconds=rng.randint(0, 604_799))) for _ in range(2_000)]
    by_redis = sorted(rows, key=lambda r: cache.encode(r[0], r[1], WEEK))
    by_rule = sorted(rows, key=lambda r: (-r[0], r[1]))
    assert by_redis == by_rule


def test_member_names_sort_like_user_ids() -> None:
    ids = [1, 9, 10, 99, 100, 12_345, 2**62]
    assert sorted(ids, key=cache.member) == ids
    assert cache.key("multiplier", "", WEEK) == "cc:lb:multiplier:*:W2026-11-23"
    assert cache.key("multiplier", "slot", "D2026-11-23") == "cc:lb:multiplier:slot:D2026-11-23"


def test_each_action_makes_at_most_one_statement() -> None:
    at = MONDAY + timedelta(hours=30, microseconds=5)
    xp = scores.statements_for(Action(1, Kind.XP_EARNED, count=7, at=at))
    assert len(xp) == 1
    params = dict(xp[0].params)  # type: ignore[arg-type]
    assert (params["board"], params["score"], params["day"], params["week"]) == ("xp", 7, "D2026-11-24", WEEK)
    assert params["at"] == at.replace(microsecond=0)
    missions = scores.statements_for(Action(1, Kind.MISSION_COMPLETED, mission_id=3, at=at))
    assert dict(missions[0].params)["board"] == "missions"  # type: ignore[arg-type]
    best = scores.statements_for(Action(1, Kind.ROUND_PLAYED, game="slot", multiplier_bp=25_000, at=at))
    assert dict(best[0].params)["game"] == "slot"  # type: ignore[arg-type]
    for action in (
        Action(1, Kind.ROUND_PLAYED, game="slot", multiplier_bp=0, at=at),
        Action(1, Kind.ROUND_PLAYED, game="slot", at=at),
        Action(1, Kind.GACHA_PULL, game="gacha", count=10, at=at),
        Action(1, Kind.DAILY_CHECKIN, at=at),
        Action(1, Kind.LEVEL_REACHED, count=5, at=at),
    ):
        assert scores.statements_for(action) == [], action


def test_scores_are_shown_with_separators_and_multipliers_as_decimals() -> None:
    assert score_text("xp", 1_234_567) == "1,234,567"
    assert score_text("missions", 3) == "3"
    assert score_text("multiplier", 25_000) == "2.50"
    assert score_text("multiplier", 10_000_001) == "1,000.00"
    assert score_text("multiplier", 12_345) == "1.23"


def test_the_period_is_shown_as_kst_dates() -> None:
    with clock.use_clock(clock.FrozenClock(MONDAY + timedelta(days=2))):
        week = boards.Standings(Board.XP, "", period_of(PeriodKind.WEEKLY), [], None, "postgres")
        day = boards.Standings(Board.XP, "", period_of(PeriodKind.DAILY), [], None, "postgres")
    assert period_range(week) == "2026-11-23 ~ 2026-11-29"
    assert period_range(day) == "2026-11-25"
