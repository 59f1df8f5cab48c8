"""Event leaderboard order (points, then who reached them first), hidden players, the wired round engine
path, and duplicate claims made impossible under concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.core.errors import AppError
from casino_app.services import ledger, missions
from casino_app.services.actions import Action, Kind, record
from casino_app.services.events import board, player
from casino_app.services.games import slot
from casino_app.services.leaderboards import preferences
from tests.support.accounts import new_player
from tests.support.events import START, make_event
from tests.support.wallets import player_with_gold

MINUTE = timedelta(minutes=1)


@pytest.fixture
def frozen() -> clock.FrozenClock:
    fc = clock.FrozenClock(START)
    with clock.use_clock(fc):
        yield fc


def _act(user_id: int, kind: Kind, game: str | None = None) -> None:
    with session_scope() as db:
        record(db, Action(user_id, kind, game=game))


def test_points_rank_first_to_reach_first_and_hidden_players_are_left_out(frozen: clock.FrozenClock) -> None:
    event_id = make_event(
        missions=(("round_played", None, 1, 100), ("daily_checkin", None, 1, 100), ("gacha_pull", None, 1, 100))
    )
    a, b, c, d, idle = (new_player().user for _ in range(5))
    for user in (a, b, c, d, idle):
        player.join(user.id, event_id)
    _act(b.id, Kind.ROUND_PLAYED, "slot")  # b: 1 point first
    frozen.advance(MINUTE)
    _act(a.id, Kind.ROUND_PLAYED, "rps")  # a: 1 point later
    frozen.advance(MINUTE)
    _act(c.id, Kind.ROUND_PLAYED, "slot")
    _act(c.id, Kind.DAILY_CHECKIN)  # c: 2 points
    frozen.advance(MINUTE)
    _act(a.id, Kind.DAILY_CHECKIN)  # a: 2 points, after c
    frozen.advance(MINUTE)
    _act(d.id, Kind.ROUND_PLAYED, "slot")
    _act(d.id, Kind.DAILY_CHECKIN)
    _act(d.id, Kind.GACHA_PULL, "gacha")  # d: 3 points, top
    _act(d.id, Kind.GACHA_PULL, "gacha")  # the mission is done: no fourth point
    top = board.leaderboard(b.id, event_id, limit=10)
    assert [(e.rank, e.nickname, e.points) for e in top.entries] == [
        (1, d.nickname, 3),
        (2, c.nickname, 2),
        (3, a.nickname, 2),
        (4, b.nickname, 1),
    ]
    assert [e.is_me for e in top.entries] == [False, False, False, True]
    assert (top.me.rank, top.me.points) == (4, 1)
    assert board.leaderboard(idle.id, event_id).me == board.Mine(joined=True, points=0, rank=None, hidden=False)
    outsider = new_player().user
    assert board.leaderboard(outsider.id, event_id).me == board.Mine(False, 0, None, False)
    assert [e.nickname for e in board.leaderboard(a.id, event_id, limit=2).entries] == [d.nickname, c.nickname]

    preferences.set_hidden(c.id, True)
    seen_by_b = board.leaderboard(b.id, event_id)
    assert [(e.rank, e.nickname) for e in seen_by_b.entries] == [(1, d.nickname), (2, a.nickname), (3, b.nickname)]
    assert seen_by_b.me.rank == 3
    seen_by_c = board.leaderboard(c.id, event_id)
    assert c.nickname not in [e.nickname for e in seen_by_c.entries]
    assert (seen_by_c.me.rank, seen_by_c.me.points, seen_by_c.me.hidden) == (2, 2, True)  # where c would stand


def test_slot_rounds_through_the_engine_score_on_the_board(frozen: clock.FrozenClock) -> None:
    event_id = make_event(missions=(("round_played", "slot", 3, 250),))
    user = player_with_gold(10_000)
    player.join(user, event_id)
    for n in range(4):
        slot.spin(user, 100, f"event-spin-{n}")
        frozen.advance(timedelta(seconds=2))
    (mission,) = missions.for_event(user, event_id)
    assert (mission.progress, mission.completed) == (3, True)
    assert board.leaderboard(user, event_id).me.points == 1


def test_twenty_concurrent_claims_pay_once(frozen: clock.FrozenClock) -> None:
    event_id = make_event(missions=(("round_played", None, 1, 800),))
    user = new_player().user.id
    player.join(user, event_id)
    _act(user, Kind.ROUND_PLAYED, "slot")
    (mission,) = missions.for_event(user, event_id)
    before = ledger.balance_of(user)

    def attempt(n: int) -> str:
        try:
            player.claim(user, event_id, mission.id, f"concurrent-claim-{n:02d}")
            return "ok"
        except AppError as exc:
            return exc.error_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(attempt, range(20)))
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "MISSION_ALREADY_CLAIMED"}
    assert ledger.balance_of(user) == before + 800
    with get_engine().connect() as conn:
        transfers = conn.scalar(
            sa.text("SELECT count(*) FROM ledger_transfers WHERE idempotency_key LIKE :k"), {"k": f"mission:{user}:%"}
        )
    assert transfers == 1
    assert ledger.reconcile().ok
