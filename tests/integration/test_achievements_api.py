"""``GET /api/games/achievements/{user_id}``: everything for oneself, badges only for others, 4xx for bad ids."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from casino_app.core.db import session_scope
from casino_app.services import actions
from casino_app.services.achievements import defaults, definitions
from casino_app.services.actions import Action, Kind
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def _defaults() -> None:
    with session_scope() as db:
        defaults.install(db)
    definitions.forget()


def _record(user_id: int, kind: Kind, game: str | None = None, count: int = 1) -> None:
    with session_scope() as db:
        actions.record(db, Action(user_id, kind, game=game, count=count))


async def test_own_view_has_every_achievement_with_progress_and_rewards() -> None:
    me = new_player()
    _record(me.user.id, Kind.FOLLOW)
    for game in ("slot", "slot", "rps"):
        _record(me.user.id, Kind.ROUND_PLAYED, game=game)
    async with api_client() as client:
        response = await client.get(f"/api/games/achievements/{me.user.id}", headers=bearer(me.access_token))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["own"] is True
    by_key = {a["key"]: a for a in body["achievements"]}
    assert len(by_key) == len(defaults.DEFAULTS)
    assert [a["key"] for a in body["achievements"]] == [row["key"] for row in defaults.DEFAULTS]  # display order
    assert {k for k, a in by_key.items() if a["unlocked"]} == {"first_follow", "first_slot", "first_rps"}
    assert by_key["first_slot"]["achieved_at"] is not None
    assert by_key["first_slot"]["progress"] == {"current": 1, "target": 1}
    assert by_key["rounds_100"]["progress"] == {"current": 3, "target": 100}  # any game: 2 slot + 1 rps
    assert by_key["first_gacha"]["progress"] == {"current": 0, "target": 1}
    assert by_key["level_5"]["progress"] == {"current": 1, "target": 5}
    assert by_key["streak_7"]["progress"] == {"current": 0, "target": 7}
    assert by_key["rounds_1000"]["reward"] == {"gold": 1000, "xp": 300}
    assert by_key["verifier"]["name_ko"] == "검증자"
    assert by_key["verifier"]["badge_url"] == "/badges/verifier.svg"
    assert body["unlocked"] == 3
    assert {b["key"] for b in body["badges"]} == {"first_follow", "first_slot", "first_rps"}


async def test_another_players_view_is_badges_only() -> None:
    me, other = new_player(), new_player()
    _record(other.user.id, Kind.ROUND_VERIFIED, game="slot")
    async with api_client() as client:
        response = await client.get(f"/api/games/achievements/{other.user.id}", headers=bearer(me.access_token))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["own"] is False
    assert body["achievements"] is None
    (badge,) = body["badges"]
    assert set(badge) == {"key", "name_ko", "name_en", "badge", "badge_url", "color", "achieved_at"}
    assert badge["key"] == "verifier"
    text = response.text
    assert "progress" not in text
    assert "reward" not in text
    assert "description" not in text


async def test_staff_see_badges_only_and_staff_accounts_have_no_achievements() -> None:
    player = new_player()
    staff_id = new_staff("operator", site_id="opsachieve")
    async with api_client() as client:
        login = await client.post("/api/admin/auth/login", json={"site_id": "opsachieve", "password": PASSWORD})
        assert login.status_code == 200, login.text
        token = login.json()["access_token"]
        seen = await client.get(f"/api/games/achievements/{player.user.id}", headers=bearer(token))
        own = await client.get(f"/api/games/achievements/{staff_id}", headers=bearer(token))
    assert seen.status_code == 200
    assert seen.json()["own"] is False
    assert_envelope(own, 404, "NOT_FOUND")


async def test_login_is_required_and_ids_are_validated() -> None:
    me = new_player()
    async with api_client() as client:
        assert_envelope(await client.get(f"/api/games/achievements/{me.user.id}"), 401)
        headers = bearer(me.access_token)
        assert_envelope(await client.get("/api/games/achievements/999999999", headers=headers), 404, "NOT_FOUND")
        for bad in ("0", "-1", "abc", "1.5", str(2**63), "%0A"):
            response = await client.get(f"/api/games/achievements/{bad}", headers=headers)
            assert 400 <= response.status_code < 500, (bad, response.status_code)
            assert_envelope(response, response.status_code)


async def test_a_deactivated_player_is_404() -> None:
    me, other = new_player(), new_player()
    with session_scope() as db:
        db.execute(sa.text("UPDATE users SET is_active = false WHERE id = :u"), {"u": other.user.id})
    async with api_client() as client:
        response = await client.get(f"/api/games/achievements/{other.user.id}", headers=bearer(me.access_token))
    assert_envelope(response, 404, "NOT_FOUND")


async def test_a_retired_achievement_stays_on_the_profile_of_those_who_earned_it() -> None:
    me = new_player()
    _record(me.user.id, Kind.FOLLOW)
    with session_scope() as db:
        db.execute(sa.text("UPDATE achievements SET is_active = false WHERE key IN ('first_follow', 'first_gacha')"))
    definitions.forget()
    async with api_client() as client:
        body = (await client.get(f"/api/games/achievements/{me.user.id}", headers=bearer(me.access_token))).json()
    keys = [a["key"] for a in body["achievements"]]
    assert "first_follow" in keys  # earned, so still shown
    assert "first_gacha" not in keys  # retired and never earned
