"""Event window boundaries on a controllable clock: join, progress and claim exactly at the start and the end
(the window is ``[starts_at, ends_at)``), an event ended early, and the claim period after the end."""

from __future__ import annotations

from datetime import timedelta

import pytest

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.services import ledger, missions
from casino_app.services.actions import Action, Kind, record
from casino_app.services.events import admin, errors, player, rules
from casino_app.services.events.rules import Phase
from tests.support.accounts import new_player, new_staff
from tests.support.events import START, make_event

SECOND = timedelta(seconds=1)
END = START + timedelta(days=7)


@pytest.fixture
def frozen() -> clock.FrozenClock:
    fc = clock.FrozenClock(START - SECOND)
    with clock.use_clock(fc):
        yield fc


def _play(user_id: int, game: str = "slot") -> None:
    with session_scope() as db:
        record(db, Action(user_id, Kind.ROUND_PLAYED, game=game))


def _progress(user_id: int, event_id: int) -> list[tuple[int, bool]]:
    return [(m.progress, m.completed) for m in missions.for_event(user_id, event_id)]


def test_join_one_second_before_the_start_at_the_start_and_at_the_end(frozen: clock.FrozenClock) -> None:
    event_id = make_event(ends_at=END)
    early, on_time, last, late = (new_player().user.id for _ in range(4))
    with pytest.raises(errors.EventNotStarted) as refused:
        player.join(early, event_id)
    assert refused.value.status == 409
    assert refused.value.details["starts_at"] == "2026-12-01T10:00:00+09:00"  # shown in KST
    frozen.set(START)
    joined = player.join(on_time, event_id)
    assert (joined.joined, joined.phase, joined.points, joined.joined_at) == (True, Phase.LIVE, 0, START)
    frozen.advance(timedelta(hours=1))
    again = player.join(on_time, event_id)  # idempotent: the first join stands
    assert again.joined_at == START
    frozen.set(END - SECOND)
    assert player.join(last, event_id).joined
    frozen.set(END)
    with pytest.raises(errors.EventOver):
        player.join(late, event_id)
    assert [v.joined for v in player.list_events(late)] == [False]
    assert player.list_events(late)[0].phase == Phase.ENDED


def test_progress_counts_only_for_participants_inside_the_window(frozen: clock.FrozenClock) -> None:
    event_id = make_event(ends_at=END, missions=(("round_played", "slot", 2, 500),))
    stranger, at_end, before_end = (new_player().user.id for _ in range(3))
    _play(at_end)  # before the start: nothing to count yet
    frozen.set(START)
    for user in (at_end, before_end):
        player.join(user, event_id)
    _play(stranger)  # never joined
    _play(at_end)
    _play(before_end)
    _play(before_end, game="rps")  # another game does not count for a slot mission
    assert _progress(at_end, event_id) == [(1, False)]
    frozen.set(END - SECOND)
    _play(before_end)
    frozen.set(END)
    _play(at_end)  # exactly at the end: too late
    assert _progress(stranger, event_id) == [(0, False)]
    assert _progress(at_end, event_id) == [(1, False)]
    assert _progress(before_end, event_id) == [(2, True)]
    assert [v.points for v in player.list_events(before_end)] == [1]
    assert [v.points for v in player.list_events(at_end)] == [0]


def test_claims_stay_open_for_the_grace_period_after_the_end(frozen: clock.FrozenClock) -> None:
    event_id = make_event(ends_at=END, missions=(("round_played", None, 1, 700),))
    (mission,) = missions.for_event(0, event_id)
    early_claimer, grace_claimer, too_late = (new_player().user.id for _ in range(3))
    frozen.set(START)
    for user in (early_claimer, grace_claimer, too_late):
        player.join(user, event_id)
        _play(user)
    before = ledger.balance_of(early_claimer)
    paid = player.claim(early_claimer, event_id, mission.id, "claim-live-0001")
    assert (paid.gold, paid.balance) == (700, before + 700)
    assert ledger.balance_of(early_claimer) == before + 700
    frozen.set(END + rules.CLAIM_GRACE - SECOND)
    assert [v.phase for v in player.list_events(grace_claimer)] == [Phase.ENDED]  # still listed
    assert player.claim(grace_claimer, event_id, mission.id, "claim-grace-0001").gold == 700
    frozen.set(END + rules.CLAIM_GRACE)
    with pytest.raises(errors.EventClaimsClosed):
        player.claim(too_late, event_id, mission.id, "claim-late-0001")
    assert player.list_events(too_late) == []  # gone from the player screens
    with pytest.raises(errors.EventNotFound):
        player.detail(too_late, event_id)


def test_an_event_ended_early_stops_joins_and_progress_at_once(frozen: clock.FrozenClock) -> None:
    staff = new_staff("admin")
    event_id = make_event(ends_at=END, missions=(("round_played", None, 2, 300),), staff_id=staff)
    in_time, newcomer = new_player().user.id, new_player().user.id
    frozen.set(START)
    player.join(in_time, event_id)
    _play(in_time)
    frozen.advance(timedelta(hours=1))
    ended = admin.end(event_id, actor_id=staff)
    assert (ended.status, ended.ended_at) == ("ended", START + timedelta(hours=1))
    with pytest.raises(errors.EventOver):
        player.join(newcomer, event_id)
    _play(in_time)  # after the end: not counted
    assert _progress(in_time, event_id) == [(1, False)]
    (view,) = player.list_events(in_time)
    assert (view.phase, view.closes_at) == (Phase.ENDED, START + timedelta(hours=1))
    assert view.claims_close_at == START + timedelta(hours=1) + rules.CLAIM_GRACE


def test_claim_needs_a_joined_player_and_a_completed_mission(frozen: clock.FrozenClock) -> None:
    event_id = make_event(ends_at=END, missions=(("round_played", None, 3, 300),))
    other_event = make_event(starts_at=START, ends_at=END)
    (mission,) = missions.for_event(0, event_id)
    user = new_player().user.id
    frozen.set(START)
    with pytest.raises(errors.EventNotJoined):
        player.claim(user, event_id, mission.id, "claim-nojoin-01")
    player.join(user, event_id)
    _play(user)
    with pytest.raises(missions.MissionNotCompleted):
        player.claim(user, event_id, mission.id, "claim-early-001")
    player.join(user, other_event)
    with pytest.raises(missions.MissionNotFound):  # a mission of another event
        player.claim(user, other_event, mission.id, "claim-other-001")


def test_the_demo_event_is_live_with_its_missions_and_seeded_once() -> None:
    from casino_app.services.accounts import demo as account_demo
    from casino_app.services.events import demo

    account_demo.seed_accounts()
    assert demo.seed_events() == "events: demo event with 3 missions"
    assert demo.seed_events() == "events: demo event exists"
    user = new_player().user.id
    (view,) = player.list_events(user)
    assert (view.event.key, view.phase) == (demo.DEMO_KEY, Phase.LIVE)
    assert [m.goal for m in player.detail(user, view.event.id or 0).missions] == [30, 3, 1]
