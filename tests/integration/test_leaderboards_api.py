"""The leaderboard API: the seed request, defaults, the response shape, 401/403/409/422, the hide-me setting."""

from __future__ import annotations

import uuid

import pytest

from casino_app.core import clock
from casino_app.services.actions import Kind
from casino_app.services.leaderboards.periods import PeriodKind, period_of
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope
from tests.support.leaderboards import act

pytestmark = pytest.mark.anyio

URL = "/api/games/leaderboard"


async def test_the_seed_request_answers_the_weekly_xp_board_with_my_standing() -> None:
    me, other = new_player(), new_player()
    now = clock.now()
    act(other.user.id, Kind.XP_EARNED, now, count=90)
    act(me.user.id, Kind.XP_EARNED, now, count=40)
    act(me.user.id, Kind.ROUND_PLAYED, now, game="slot", multiplier_bp=25_000)
    async with api_client() as client:
        seed = await client.get(f"{URL}?game_type&period=week&limit=10", headers=bearer(me.access_token))
        assert seed.status_code == 200, seed.text
        body = seed.json()
        week = period_of(PeriodKind.WEEKLY)
        assert body["board"] == "xp"
        assert body["game_type"] == "all"
        assert body["period"] == "weekly"
        assert body["period_key"] == week.key
        assert body["unit"] == "xp"
        assert body["items"] == [
            {"rank": 1, "user_id": other.user.id, "nickname": other.user.nickname, "score": 90},
            {"rank": 2, "user_id": me.user.id, "nickname": me.user.nickname, "score": 40},
        ]
        assert body["me"] == {"rank": 2, "score": 40, "hidden": False}

        slot = (await client.get(f"{URL}?game_type=slot&period=day", headers=bearer(me.access_token))).json()
        assert (slot["board"], slot["game_type"], slot["period"], slot["unit"]) == (
            "multiplier",
            "slot",
            "daily",
            "multiplier_bp",
        )
        assert [(i["user_id"], i["score"]) for i in slot["items"]] == [(me.user.id, 25_000)]
        missions = (await client.get(f"{URL}?board=missions", headers=bearer(other.access_token))).json()
        assert missions["items"] == []
        assert missions["me"] is None


async def test_bad_parameters_are_422_and_a_guest_is_401() -> None:
    player = new_player()
    headers = bearer(player.access_token)
    async with api_client() as client:
        assert_envelope(await client.get(URL), 401)
        for query, code in (
            ("period=month", "VALIDATION_ERROR"),
            ("board=gold", "VALIDATION_ERROR"),
            ("limit=0", "VALIDATION_ERROR"),
            ("limit=101", "VALIDATION_ERROR"),
            ("limit=ten", "VALIDATION_ERROR"),
            ("game_type=SLOT", "VALIDATION_ERROR"),
            ("game_type=%00", "VALIDATION_ERROR"),
            ("game_type=" + "a" * 21, "VALIDATION_ERROR"),
            ("game_type=poker", "LEADERBOARD_GAME_UNKNOWN"),
            ("game_type=slot&board=xp", "LEADERBOARD_GAME_NOT_APPLICABLE"),
        ):
            error = assert_envelope(await client.get(f"{URL}?{query}", headers=headers), 422)
            assert error["code"] == code, query
        english = await client.get(f"{URL}?game_type=poker", headers={**headers, "Accept-Language": "en"})
        assert assert_envelope(english, 422)["message"] == "Unknown game."


async def test_a_player_hides_and_shows_again() -> None:
    me, other = new_player(), new_player()
    act(me.user.id, Kind.MISSION_COMPLETED, clock.now())
    act(other.user.id, Kind.MISSION_COMPLETED, clock.now())
    headers = bearer(me.access_token)
    path = "/api/users/me/leaderboard-visibility"
    async with api_client() as client:
        assert (await client.get(path, headers=headers)).json() == {"hidden": False}
        assert (await client.put(path, json={"hidden": True}, headers=headers)).json() == {"hidden": True}
        assert (await client.get(path, headers=headers)).json() == {"hidden": True}
        seen_by_other = (await client.get(f"{URL}?board=missions", headers=bearer(other.access_token))).json()
        assert [i["user_id"] for i in seen_by_other["items"]] == [other.user.id]
        mine = (await client.get(f"{URL}?board=missions", headers=headers)).json()
        assert mine["me"] == {"rank": None, "score": 1, "hidden": True}
        assert_envelope(await client.put(path, json={"hidden": "yes"}, headers=headers), 422)
        assert_envelope(await client.put(path, json={}, headers=headers), 422)
        assert_envelope(await client.put(path, json={"hidden": False}), 401)
        await client.put(path, json={"hidden": False}, headers=headers)
        shown = (await client.get(f"{URL}?board=missions", headers=bearer(other.access_token))).json()
        assert sorted(i["user_id"] for i in shown["items"]) == sorted([me.user.id, other.user.id])


async def test_the_rebuild_is_staff_only_and_needs_redis() -> None:
    player = new_player()
    site_id = f"lbops{uuid.uuid4().hex[:8]}"
    new_staff("operator", site_id=site_id)
    async with api_client() as client:
        login = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
        staff = bearer(login.json()["access_token"])
        url = "/api/admin/leaderboards/rebuild"
        assert_envelope(await client.post(url, json={"reason": "x"}, headers=bearer(player.access_token)), 403)
        assert_envelope(await client.post(url, json={"reason": " "}, headers=staff), 422)
        assert_envelope(await client.post(url, json={}, headers=staff), 422)
        assert_envelope(await client.post(url, json={"reason": "점검"}, headers=staff), 409, "LEADERBOARD_CACHE_OFF")
        # staff may read boards (they have no standing of their own)
        board = await client.get(URL, headers=staff)
        assert board.status_code == 200
        assert board.json()["me"] is None
