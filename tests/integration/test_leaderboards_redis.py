"""Leaderboards with Redis: after a randomized concurrent run across a day and week boundary, every sorted set
equals the one rebuilt from PostgreSQL, and Redis reads rank exactly like PostgreSQL reads."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.core.redis_client import get_redis
from casino_app.services.actions import Kind
from casino_app.services.leaderboards import boards, cache, preferences, store
from casino_app.services.leaderboards.periods import Board, PeriodKind
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client
from tests.support.env import environment
from tests.support.leaderboards import act, build_all

pytestmark = pytest.mark.redis

# Sunday 2026-11-29 23:20 KST: the run crosses into Monday, a new day and a new week.
START = datetime(2026, 11, 29, 14, 20, tzinfo=UTC)
GAMES = ("slot", "gacha", "rps", "roulette")
MULTIPLIERS = (5_000, 10_000, 15_000, 20_000, 20_000, 30_000, 50_000, 100_000)  # repeats make ties


def _expected(board: str, game: str, kind: str, key: str) -> list[tuple[int, float]]:
    """The set PostgreSQL says the board should have: visible players, encoded, best first."""
    with session_scope() as db:
        entries = store.everyone(db, store.BoardRef(board, game, kind, key))
    return [(e.user_id, cache.encode(e.score, e.reached_at, key)) for e in entries]


def _random_action(rng: random.Random, players: list[int], at: datetime) -> None:
    user = rng.choice(players)
    roll = rng.random()
    if roll < 0.45:
        act(user, Kind.XP_EARNED, at, count=rng.randint(1, 60))
    elif roll < 0.6:
        act(user, Kind.MISSION_COMPLETED, at)
    else:
        multiplier = rng.choice((*MULTIPLIERS, 0, None, rng.randint(1, 2_000_000)))
        act(user, Kind.ROUND_PLAYED, at, game=rng.choice(GAMES), multiplier_bp=multiplier)


def test_a_randomized_run_leaves_redis_equal_to_a_rebuild_from_postgres(redis_url: str) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    frozen = clock.FrozenClock(START)
    with environment(REDIS_URL=redis_url), clock.use_clock(frozen):
        players = [new_player().user.id for _ in range(24)]
        client = get_redis()
        assert client is not None
        # Both sides of the boundary are built first, so every score reaches Redis through the listener.
        built = build_all(START) + build_all(START + timedelta(days=1))
        with ThreadPoolExecutor(max_workers=6) as pool:
            for _ in range(160):
                frozen.advance(timedelta(seconds=rng.randint(0, 45)))
                batch = [(random.Random(rng.random()), frozen.now()) for _ in range(8)]
                list(pool.map(lambda job: _random_action(job[0], players, job[1]), batch))
                if rng.random() < 0.15:
                    preferences.set_hidden(rng.choice(players), rng.random() < 0.6)
        assert frozen.now() > datetime(2026, 11, 29, 15, 0, tzinfo=UTC), "the run must cross midnight KST"

        non_empty = 0
        for board, game, kind, key in built:
            live = cache.raw(client, board, game, key)
            expected = _expected(board, game, kind, key)
            assert live == expected, f"seed {seed}: {board}/{game or '*'}/{key} differs from PostgreSQL"
            boards.rebuild(board, game, kind, key)
            assert cache.raw(client, board, game, key) == live, f"seed {seed}: rebuild of {board}/{game}/{key}"
            non_empty += bool(live)
        assert non_empty >= 10  # the run really scored on both days and weeks

        # Reads from Redis rank exactly like reads from PostgreSQL (rows and every player's own rank).
        viewers = players[:6]
        for board, game in boards.every_board():
            for kind in PeriodKind:
                from_redis = [boards.standings(board, game, kind, 20, viewer_id=v) for v in viewers]
                assert {s.source for s in from_redis} == {"redis"}
                with environment(REDIS_URL=None):
                    from_pg = [boards.standings(board, game, kind, 20, viewer_id=v) for v in viewers]
                assert [(s.rows, s.me) for s in from_redis] == [(s.rows, s.me) for s in from_pg], f"seed {seed}"


def test_a_missing_set_is_rebuilt_by_its_reader_and_hidden_players_are_removed(redis_url: str) -> None:
    frozen = clock.FrozenClock(START)
    with environment(REDIS_URL=redis_url), clock.use_clock(frozen):
        a, b, c = (new_player().user.id for _ in range(3))
        for user, xp in ((a, 10), (b, 20), (c, 30)):
            act(user, Kind.XP_EARNED, START, count=xp)  # nothing built yet: Redis stays empty
        client = get_redis()
        assert client is not None
        key = "D2026-11-29"
        assert not cache.is_built(client, "xp", "", key)
        view = boards.standings(Board.XP, "", PeriodKind.DAILY, 10, viewer_id=a)
        assert view.source == "redis"
        assert [(r.rank, r.user_id, r.score) for r in view.rows] == [(1, c, 30), (2, b, 20), (3, a, 10)]
        assert view.me is not None
        assert view.me.rank == 3
        assert cache.is_built(client, "xp", "", key)
        assert client.pttl(cache.key("xp", "", key)) > 0

        # Hidden through the service: gone from the set at once; back with its score when shown.
        preferences.set_hidden(c, True)
        assert cache.position(client, "xp", "", key, c) is None
        act(c, Kind.XP_EARNED, START, count=1)
        assert cache.position(client, "xp", "", key, c) is None
        preferences.set_hidden(c, False)
        assert cache.position(client, "xp", "", key, c) == 0

        # Hidden behind the cache's back (e.g. a race): readers skip the player and drop them from the set.
        with get_engine().begin() as conn:
            conn.execute(
                sa.text("INSERT INTO player_preferences (user_id, leaderboard_hidden) VALUES (:u, true)"), {"u": b}
            )
        view = boards.standings(Board.XP, "", PeriodKind.DAILY, 10, viewer_id=a)
        assert [r.user_id for r in view.rows] == [c, a]
        assert view.me is not None
        assert view.me.rank == 2
        assert cache.position(client, "xp", "", key, b) is None


def test_without_a_reachable_redis_actions_commit_and_reads_use_postgres() -> None:
    user = new_player().user.id  # signing up needs the rate limiter, which needs a reachable Redis when set
    with environment(REDIS_URL="redis://127.0.0.1:1/0"), clock.use_clock(clock.FrozenClock(START)):
        act(user, Kind.XP_EARNED, START, count=5)  # the after-commit push fails and is only logged
        preferences.set_hidden(user, False)
        view = boards.standings(Board.XP, "", PeriodKind.DAILY, 10, viewer_id=user)
    assert view.source == "postgres"
    assert [(r.user_id, r.score) for r in view.rows] == [(user, 5)]


@pytest.mark.anyio
async def test_staff_rebuild_every_current_board_and_it_is_audited(redis_url: str) -> None:
    site_id = "lbrebuild"
    with environment(REDIS_URL=redis_url), clock.use_clock(clock.FrozenClock(START)):
        staff_id = new_staff("operator", site_id=site_id)
        user = new_player().user.id
        act(user, Kind.ROUND_PLAYED, START, game="rps", multiplier_bp=20_000)
        async with api_client() as client:
            login = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
            headers = bearer(login.json()["access_token"])
            response = await client.post(
                "/api/admin/leaderboards/rebuild", json={"reason": "Redis 재시작 후 복구"}, headers=headers
            )
        assert response.status_code == 200, response.text
        done = {r["key"]: r for r in response.json()}
        assert len(done) == 2 * len(boards.every_board())
        assert done["cc:lb:multiplier:rps:D2026-11-29"] == {
            "key": "cc:lb:multiplier:rps:D2026-11-29",
            "before": None,
            "after": 1,
        }
        assert done["cc:lb:xp:*:W2026-11-23"]["after"] == 0
        client_redis = get_redis()
        assert client_redis is not None
        assert cache.raw(client_redis, "multiplier", "", "W2026-11-23") == [
            (user, cache.encode(20_000, START, "W2026-11-23"))
        ]
    with get_engine().connect() as conn:
        row = conn.execute(
            sa.text("SELECT actor_id, target_type, details FROM audit_log WHERE action = 'leaderboards.rebuild'")
        ).one()
    assert row.actor_id == staff_id
    assert row.target_type == "leaderboard"
    assert row.details["reason"] == "Redis 재시작 후 복구"
    assert row.details["after"]["cc:lb:multiplier:rps:D2026-11-29"] == 1
    assert row.details["before"]["cc:lb:multiplier:rps:D2026-11-29"] is None
