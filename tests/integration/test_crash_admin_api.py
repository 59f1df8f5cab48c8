"""The operators' side of crash through the REST API: bets ("crash sessions") with their filters, the overview,
and the audited pause switch that lets the round in play finish and opens no new one."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.accounts import bearer
from tests.support.api import api_client, assert_envelope
from tests.support.crash import BET, Driver, close_betting, fast_table, key, scalar
from tests.support.crash_play import funded_players, round_with, staff_token
from tests.support.env import environment

pytestmark = pytest.mark.anyio
SESSIONS = "/api/admin/crash/sessions"
PAUSE = "/api/admin/crash/pause"


@pytest.fixture
def driver() -> Iterator[Driver]:
    """A leader in this process on a fast table whose 20 s betting phases the tests end once their bets are in."""
    with environment(CRASH_CHAIN_LENGTH="1000"):
        fast_table(growth_per_ms=0.001, betting_ms=20_000)
        leader = Driver()
        yield leader
        leader.close()


def _rows(sql: str, **params: object) -> Any:
    return scalar(f"SELECT COALESCE(json_agg(x), '[]') FROM ({sql}) x", **params)


async def test_sessions_are_staff_only_newest_first_and_filter_by_player_and_status(driver: Driver) -> None:
    players = funded_players(52, 10_000)
    first, loser = players[0], players[1]
    _, operator = staff_token("operator")
    async with api_client() as client:

        async def bet(headers: dict[str, str], auto: float | None = None) -> None:
            body = {"bet_amount": 100, **({"auto_cashout": auto} if auto else {})}
            answer = await client.post(BET, headers={**headers, **key()}, json=body)
            assert answer.status_code == 200, answer.text

        state, _ = round_with(driver, lambda p: p >= 101)
        await asyncio.gather(*(bet(bearer(p.access_token), 1.01 if p is first else None) for p in players))
        close_betting(int(state["round_id"]))
        driver.until("crashed")
        driver.until("betting")
        await bet(bearer(first.access_token))  # open in the next round

        staff = bearer(operator)

        async def sessions(query: str = "", headers: dict[str, str] = staff) -> Any:
            return await client.get(SESSIONS + query, headers=headers)

        default = (await sessions()).json()
        everything = (await sessions("?limit=500")).json()
        one = (await sessions("?limit=1")).json()
        by_player = (await sessions(f"?user_id={first.user.id}")).json()
        active = (await sessions("?status=active")).json()
        lost = (await sessions(f"?status=lost&user_id={loser.user.id}")).json()
        cashed = (await sessions("?status=cashed")).json()
        refused = [await sessions(q) for q in ("?status=won", "?limit=0", "?limit=501", "?user_id=0")]
        as_player = await sessions(headers=bearer(loser.access_token))
        anonymous = await sessions(headers={})
        overview = await client.get("/api/admin/crash/overview", headers=staff)
        overview_player = await client.get("/api/admin/crash/overview", headers=bearer(loser.access_token))
    expected = [r["id"] for r in _rows("SELECT id FROM crash_bets ORDER BY id DESC")]
    assert len(expected) == 53
    assert [s["game_id"] for s in everything] == expected
    assert [s["game_id"] for s in default] == expected[:50]  # the default page is 50
    assert [s["game_id"] for s in one] == expected[:1]
    assert [(s["user_id"], s["status"]) for s in by_player] == [(first.user.id, "active"), (first.user.id, "cashed")]
    assert by_player[1]["cashout_multiplier"] == 101
    assert by_player[1]["payout"] == 101
    assert by_player[0]["crash_point"] is None  # still in play: secret
    assert [(s["user_id"], s["status"]) for s in active] == [(first.user.id, "active")]
    assert [(s["user_id"], s["status"], s["payout"]) for s in lost] == [(loser.user.id, "lost", 0)]
    assert [s["user_id"] for s in cashed] == [first.user.id]
    for answer in refused:
        assert_envelope(answer, 422)
    assert_envelope(as_player, 403)
    assert_envelope(anonymous, 401)
    assert_envelope(overview_player, 403)
    assert overview.status_code == 200, overview.text
    current = overview.json()["current"]
    assert (current["open_bets"], current["open_stakes"], "crash_point" in current) == (1, 100, False)


async def test_the_pause_is_admin_only_audited_and_stops_new_rounds_after_the_one_in_play(driver: Driver) -> None:
    admin_id, admin = staff_token("admin")
    _, operator = staff_token("operator")
    (player,) = funded_players(1, 10_000)
    async with api_client() as client:
        state = driver.until("betting")
        by_operator = await client.post(PAUSE, headers=bearer(operator), json={"paused": True})
        by_player = await client.post(PAUSE, headers=bearer(player.access_token), json={"paused": True})
        anonymous = await client.post(PAUSE, json={"paused": True})
        bad = await client.post(PAUSE, headers=bearer(admin), json={"paused": "yes please"})
        paused = await client.post(PAUSE, headers=bearer(admin), json={"paused": True})
        again = await client.post(PAUSE, headers=bearer(admin), json={"paused": True})
        close_betting(int(state["round_id"]))
        finished = driver.until("crashed")  # the round in play finishes
        for _ in range(40):  # ~2 s of stepping: well past the 0.5 s cooldown
            driver.step()
            await asyncio.sleep(0.05)
        snapshot = await client.get("/api/games/crash/state", headers=bearer(player.access_token))
        closed = await client.post(BET, headers={**bearer(player.access_token), **key()}, json={"bet_amount": 100})
        rounds_while_paused = scalar("SELECT count(*) FROM crash_rounds")
        resumed = await client.post(PAUSE, headers=bearer(admin), json={"paused": False})
        reopened = driver.until("betting")
    assert_envelope(by_operator, 403)
    assert_envelope(by_player, 403)
    assert_envelope(anonymous, 401)
    assert_envelope(bad, 422)
    assert (paused.status_code, paused.json()) == (200, {"paused": True, "changed": True})
    assert again.json() == {"paused": True, "changed": False}
    assert finished["round_id"] == state["round_id"]
    assert rounds_while_paused == 1
    assert (snapshot.json()["phase"], snapshot.json()["paused"], snapshot.json()["round_id"]) == (
        "crashed",
        True,
        state["round_id"],
    )
    assert_envelope(closed, 409, "CRASH_BETTING_CLOSED")
    assert resumed.json() == {"paused": False, "changed": True}
    assert reopened["round_id"] > state["round_id"]
    assert reopened["paused"] is False
    audit = _rows(
        "SELECT actor_id, action, target_type, details FROM audit_log WHERE action LIKE 'crash.loop.%' ORDER BY id"
    )
    assert [(a["actor_id"], a["action"], a["target_type"]) for a in audit] == [
        (admin_id, "crash.loop.pause", "crash_loop"),
        (admin_id, "crash.loop.pause", "crash_loop"),
        (admin_id, "crash.loop.resume", "crash_loop"),
    ]
    assert [(a["details"]["before"]["paused"], a["details"]["after"]["paused"]) for a in audit] == [
        (False, True),
        (True, True),
        (True, False),
    ]
