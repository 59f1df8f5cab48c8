"""The finished story art behind ``GET /api/unlock/{story}/art``: only verified adults with stage 2 of that story
open get it (bearer or the web page's session cookie), as an SVG that is never cached and may run nothing —
also through the HTTP edge, which keeps that strict policy and no looser one."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from casino_app.api import edge, web_cookie
from casino_app.api.app import create_api
from casino_app.api.security_headers import SVG_CSP
from casino_app.core.db import session_scope
from casino_app.core.errors import Forbidden
from casino_app.services.accounts import age, sessions, web_sessions
from casino_app.services.stories import catalog, unlocks
from casino_app.services.stories.errors import StoryLocked
from tests.support import shop as s
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio
STRICT = "default-src 'none'; style-src 'unsafe-inline'"


def _art(key: str) -> str:
    return f"/api/unlock/{key}/art"


def _set_level(user_id: int, level: int) -> None:
    with session_scope() as db:
        db.execute(sa.text("UPDATE users SET xp = :xp WHERE id = :u"), {"xp": (level - 1) * 500, "u": user_id})


def _assert_art(response: httpx.Response, key: str) -> None:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.headers["cache-control"] == "private, no-store"
    assert response.headers["content-security-policy"] == STRICT
    assert response.content == catalog.BY_KEY[key].art_path.read_bytes()


def _web_cookie(adult: bool) -> tuple[int, str]:
    """A player logged in on the web (verified as an adult or not): the browser's session cookie header."""
    site_id = f"webart{uuid.uuid4().hex[:6]}"
    user = new_player(site_id).user.id
    if adult:
        age.verify(user, date(1990, 1, 1))
    client = sessions.ClientInfo(ip="10.9.9.8", user_agent="pytest-browser")
    pair = sessions.login(site_id, PASSWORD, portal=sessions.PLAYER, client=client, channel=sessions.WEB)
    rotation = web_sessions.exchange_handoff(pair.refresh_token)
    return user, f"{web_cookie.cookie_name()}={rotation.token}"


def test_the_strict_policy_is_the_one_the_edge_keeps() -> None:
    assert SVG_CSP == STRICT


async def test_guests_minors_staff_and_locked_stages_never_get_the_art() -> None:
    unverified = new_player()
    minor = new_player()
    with pytest.raises(Forbidden, match="UNDERAGE"):  # a declared minor: recorded, never verified as an adult
        age.verify(minor.user.id, date(date.today().year - 12, 1, 1), minor_confirmed=True)
    adult = s.adult_session()
    _set_level(adult.user.id, 2)  # stage 2 of the dealer's story can be opened, but is not yet
    new_staff("admin", site_id="storyart01")
    async with api_client() as client:
        assert_envelope(await client.get(_art("dealer")), 401, "TOKEN_MISSING")
        forged = {"Authorization": "Bearer not-a-token"}
        assert_envelope(await client.get(_art("dealer"), headers=forged), 401)
        for pair in (unverified, minor):
            refused = await client.get(_art("dealer"), headers=bearer(pair.access_token))
            assert_envelope(refused, 403, "AGE_VERIFICATION_REQUIRED")
        login = await client.post("/api/admin/auth/login", json={"site_id": "storyart01", "password": PASSWORD})
        staff = bearer(login.json()["access_token"])
        assert_envelope(await client.get(_art("dealer"), headers=staff), 403, "PLAYERS_ONLY")
        headers = bearer(adult.access_token)
        locked = assert_envelope(await client.get(_art("dealer"), headers=headers), 403, "STORY_LOCKED")
        assert locked["details"]["stage"] == 2
        assert locked["details"]["missing"][0] == {"kind": "level", "target": 2, "current": 2, "goal": 2}
        assert_envelope(await client.get(_art("nobody"), headers=headers), 404, "STORY_NOT_FOUND")
        assert_envelope(await client.get(_art("x" * 41), headers=headers), 422)
        gallery = (await client.get("/api/unlock", headers=headers)).json()
    assert {story["key"]: story["art_url"] for story in gallery["stories"]} == {
        story.key: f"/stories/teaser_{story.key}.svg" for story in catalog.STORIES
    }
    with pytest.raises(StoryLocked):
        unlocks.art(adult.user.id, "dealer")


async def test_an_unlocked_stage_2_serves_that_storys_art_to_that_player_only() -> None:
    pair, other = s.adult_session(), s.adult_session()
    _set_level(pair.user.id, 3)
    _set_level(other.user.id, 3)
    headers = bearer(pair.access_token)
    async with api_client() as client:
        opened = await client.post("/api/unlock", headers=headers, json={"story": "bartender", "stage": 2})
        assert opened.json()["view"]["art_url"] == _art("bartender")
        _assert_art(await client.get(_art("bartender"), headers=headers), "bartender")
        again = await client.get(_art("bartender"), headers=headers)  # stage 3 not needed, and it does not run out
        _assert_art(again, "bartender")
        assert_envelope(await client.get(_art("dealer"), headers=headers), 403, "STORY_LOCKED")  # per story
        theirs = await client.get(_art("bartender"), headers=bearer(other.access_token))
        assert_envelope(theirs, 403, "STORY_LOCKED")  # per player
    assert unlocks.art(pair.user.id, "bartender") == catalog.BY_KEY["bartender"].art_path.read_bytes()


async def test_the_web_page_loads_the_art_with_its_session_cookie_from_its_own_origin_only() -> None:
    user, cookie = _web_cookie(adult=True)
    _set_level(user, 2)
    _, minor_cookie = _web_cookie(adult=False)
    async with api_client() as client:
        same_origin = {"Cookie": cookie, "Sec-Fetch-Site": "same-origin"}
        assert_envelope(await client.get(_art("dealer"), headers=same_origin), 403, "STORY_LOCKED")
        unlocks.unlock(user, "dealer", 2)
        _assert_art(await client.get(_art("dealer"), headers=same_origin), "dealer")
        cross = await client.get(_art("dealer"), headers={"Cookie": cookie, "Sec-Fetch-Site": "cross-site"})
        assert_envelope(cross, 403, "ORIGIN_REFUSED")
        foreign = await client.get(_art("dealer"), headers={"Cookie": cookie, "Origin": "https://evil.example"})
        assert_envelope(foreign, 403, "ORIGIN_REFUSED")
        stale = {"Cookie": f"{web_cookie.cookie_name()}=not-a-session"}
        assert_envelope(await client.get(_art("dealer"), headers=stale), 401, "SESSION_EXPIRED")
        minor = {"Cookie": minor_cookie, "Sec-Fetch-Site": "same-origin"}
        assert_envelope(await client.get(_art("dealer"), headers=minor), 403, "AGE_VERIFICATION_REQUIRED")


async def test_through_the_edge_the_art_keeps_its_strict_policy_and_nothing_else_does(tmp_path: Path) -> None:
    pair = s.adult_session()
    _set_level(pair.user.id, 2)
    unlocks.unlock(pair.user.id, "dealer", 2)
    headers = bearer(pair.access_token)
    transport = httpx.ASGITransport(app=edge.wrap(create_api(), lambda: tmp_path))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        art = await client.get(_art("dealer"), headers=headers)
        _assert_art(art, "dealer")
        assert art.headers["x-content-type-options"] == "nosniff"
        assert art.headers["x-frame-options"] == "DENY"
        gallery = await client.get("/api/unlock", headers=headers)
        assert gallery.headers["content-security-policy"].startswith("script-src 'self'")

    async def own_policy(request: object) -> Response:
        policy = str(getattr(request, "query_params", {}).get("csp", ""))
        return Response(b"<svg/>", media_type="image/svg+xml", headers={"Content-Security-Policy": policy})

    app = edge.wrap(Starlette(routes=[Route("/x", own_policy)]), lambda: tmp_path)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        kept = await client.get("/x", params={"csp": STRICT})
        assert kept.headers.get_list("content-security-policy") == [STRICT]
        for looser in ("default-src *", "script-src 'unsafe-inline'", STRICT + "; script-src *"):
            replaced = await client.get("/x", params={"csp": looser})
            assert replaced.headers.get_list("content-security-policy") != [looser]
            assert replaced.headers["content-security-policy"].startswith("script-src 'self'")
