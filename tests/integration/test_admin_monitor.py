"""The live monitor: the last 200 rounds of every player and game (newest first), players online by the tab
registry's timestamps (embedded registry and Redis), and ``GET /api/admin/monitor`` for operators and admins."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine
from casino_app.services import monitor, realtime
from casino_app.services.accounts import identity
from casino_app.services.games import registry, rps, slot
from tests.support.accounts import bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope
from tests.support.crash_play import staff_token
from tests.support.env import environment
from tests.support.wallets import fund, session_with_gold

pytestmark = pytest.mark.anyio
ROUTE = "/api/admin/monitor"


def _rows(sql: str, **params: object) -> list[sa.Row]:
    with get_engine().connect() as conn:
        return list(conn.execute(sa.text(sql), params).all())


@pytest.fixture(autouse=True)
def _empty_embedded_registry() -> Iterator[None]:
    """Ids restart with every test's fresh tables: tabs another test registered in this process must not count."""
    with realtime._tabs._lock:
        realtime._tabs._tabs.clear()
    yield
    with realtime._tabs._lock:
        realtime._tabs._tabs.clear()


@pytest.fixture(params=["embedded", "redis"])
def registry_mode(request: pytest.FixtureRequest) -> Iterator[str]:
    """The tab registry in this process (no Redis) or in Redis (flushed; skipped without ``REDIS_URL``)."""
    if request.param == "embedded":
        yield "embedded"
        return
    url = request.getfixturevalue("redis_url")
    with environment(REDIS_URL=url):
        yield "redis"


def _play(rounds: int) -> tuple[int, int]:
    """Two funded players: ``rounds`` slot spins between them, then three rock-paper-scissors rounds."""
    first, second = session_with_gold(0), session_with_gold(0)
    fund(first.user.id, 100 * rounds)
    fund(second.user.id, 100 * rounds + 1_000)
    for n in range(rounds):
        slot.spin(first.user.id if n % 2 else second.user.id, 100, f"monitor-spin-{n}")
    player = identity.load(second.user.id)
    for n, move in enumerate(("ROCK", "PAPER", "SCISSORS")):
        rps.play(player, move, 100, f"monitor-rps-{n}")
    return first.user.id, second.user.id


async def test_route_is_for_operators_and_admins_and_gives_the_last_200_rounds_newest_first() -> None:
    _play(202)  # 205 rounds in all
    player = new_player()
    _, operator = staff_token("operator")
    _, admin = staff_token("admin")
    async with api_client() as client:
        as_operator = await client.get(ROUTE, headers=bearer(operator))
        as_admin = await client.get(ROUTE, headers=bearer(admin))
        as_player = await client.get(ROUTE, headers=bearer(player.access_token))
        anonymous = await client.get(ROUTE)
    assert_envelope(as_player, 403, "STAFF_REQUIRED")
    assert_envelope(anonymous, 401)
    assert as_operator.status_code == 200, as_operator.text
    assert as_admin.status_code == 200
    body = as_operator.json()
    assert set(body) == {"online", "online_window_seconds", "events"}
    assert body["online_window_seconds"] == 600
    expected = _rows(
        "SELECT g.id, g.user_id, u.nickname, g.game, g.bet, g.payout, g.outcome"
        " FROM game_rounds g JOIN users u ON u.id = g.user_id ORDER BY g.id DESC LIMIT 200"
    )
    assert _rows("SELECT count(*) FROM game_rounds")[0][0] == 205
    events = body["events"]
    assert [e["id"] for e in events] == [r.id for r in expected]  # capped at 200, newest first
    assert [e["game"] for e in events[:3]] == ["rps", "rps", "rps"]
    assert events[3]["game"] == "slot"
    for event, row in zip(events, expected, strict=True):
        assert (event["user_id"], event["nickname"], event["bet"], event["payout"]) == (
            row.user_id,
            row.nickname,
            row.bet,
            row.payout,
        )
        assert event["win"] is (row.payout > row.bet)
        assert event["summary"] == registry.get(row.game).summary(row.outcome)
        assert event["summary"]
    assert as_admin.json()["events"] == events


def test_recent_events_caps_reads_on_after_an_id_and_counts_what_waits() -> None:
    _play(7)  # 10 rounds
    ids = [r.id for r in _rows("SELECT id FROM game_rounds ORDER BY id DESC")]
    assert [e.id for e in monitor.recent_events(4)] == ids[:4]
    assert [e.id for e in monitor.recent_events()] == ids
    assert [e.id for e in monitor.recent_events(after_id=ids[3])] == ids[:3]
    assert monitor.recent_events(after_id=ids[0]) == []
    assert len(monitor.recent_events(10_000)) == len(ids)  # at most 200 are ever asked for
    assert monitor.count_after(ids[3]) == 3
    assert monitor.count_after(0) == 10
    assert monitor.count_after(0, cap=4) == 5  # "more than four"
    assert monitor.count_after(ids[0]) == 0
    assert all(e.win is (e.payout > e.bet) for e in monitor.recent_events())


def test_summary_of_an_unknown_game_or_odd_outcome_is_empty() -> None:
    assert monitor._summary("no-such-game", {"reels": []}) == ""
    assert monitor._summary("slot", ["not", "a", "mapping"]) == ""
    assert monitor._summary("slot", {"reels": ["cherry"], "multiplier": "2"}) == "cherry ×2"


async def test_online_counts_players_with_a_recent_signed_in_tab_only(registry_mode: str) -> None:
    active = new_player().user.id
    two_tabs = new_player().user.id
    never = new_player().user.id  # signed up, no tab
    logged_out = new_player().user.id
    deactivated = new_player().user.id
    staff = new_staff("operator")
    realtime.register_tab(active, "tab-active")
    realtime.register_tab(two_tabs, "tab-two-1")
    realtime.register_tab(two_tabs, "tab-two-2")
    realtime.register_tab(staff, "tab-staff")
    realtime.register_tab(logged_out, "tab-gone")
    realtime.unregister_tab(logged_out, "tab-gone")
    realtime.register_tab(deactivated, "tab-banned")
    with get_engine().begin() as conn:
        conn.execute(sa.text("UPDATE users SET is_active = false WHERE id = :u"), {"u": deactivated})
    assert never not in (active, two_tabs)

    assert monitor.online_players() == 2
    # Ten minutes and a bit later, with no tab re-registered in between, nobody is online any more.
    assert monitor.online_players(now=time.time() + monitor.ONLINE_WINDOW_SECONDS + 60) == 0
    # Nine minutes on, the same registrations still count.
    assert monitor.online_players(now=time.time() + monitor.ONLINE_WINDOW_SECONDS - 60) == 2

    _, operator = staff_token("operator")
    async with api_client() as client:
        answer = await client.get(ROUTE, headers=bearer(operator))
    assert answer.status_code == 200
    assert answer.json()["online"] == 2
    assert answer.json()["events"] == []
