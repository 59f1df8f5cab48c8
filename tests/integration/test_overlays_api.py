"""The overlay token API (``/api/admin/overlay-tokens``) and the players' ``/api/users/me/stream-visibility``."""

from __future__ import annotations

import uuid

import pytest

from casino_app.services.overlays import tokens
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio

URL = "/api/admin/overlay-tokens"


async def _staff_headers(client: object, role: str) -> dict[str, str]:
    site_id = f"ov{role[:3]}{uuid.uuid4().hex[:8]}"
    new_staff(role, site_id=site_id)
    login = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})  # type: ignore[attr-defined]
    return bearer(login.json()["access_token"])


async def test_an_operator_issues_lists_and_revokes() -> None:
    async with api_client() as client:
        staff = await _staff_headers(client, "operator")
        created = await client.post(URL, json={"label": "방송인 김"}, headers=staff)
        assert created.status_code == 201, created.text
        assert created.headers["cache-control"] == "no-store"
        body = created.json()
        token = body["token"]
        assert token.startswith("ccov_")
        assert body["label"] == "방송인 김"
        assert body["active"] is True
        assert body["last_used_at"] is None
        assert set(body["urls"]) == {"feed", "bigwins", "leaderboard"}
        assert body["urls"]["leaderboard"].endswith(f"/overlay/leaderboard?token={token}")
        assert tokens.resolve(token) is not None

        listed = (await client.get(URL, headers=staff)).json()
        assert [(t["id"], t["label"], t["active"]) for t in listed] == [(body["id"], "방송인 김", True)]
        assert "token" not in listed[0]
        assert listed[0]["last_used_at"] is not None  # the resolve above used it

        revoked = await client.post(f"{URL}/{body['id']}/revoke", headers=staff)
        assert revoked.status_code == 200, revoked.text
        assert revoked.json()["active"] is False
        assert revoked.json()["revoked_at"] is not None
        assert tokens.resolve(token) is None
        again = await client.post(f"{URL}/{body['id']}/revoke", headers=staff)
        assert again.json()["revoked_at"] == revoked.json()["revoked_at"]


async def test_bad_requests_and_callers_get_envelopes() -> None:
    player = new_player()
    async with api_client() as client:
        staff = await _staff_headers(client, "admin")
        support = await _staff_headers(client, "support")
        assert_envelope(await client.get(URL), 401)
        assert_envelope(await client.get(URL, headers=bearer(player.access_token)), 403)
        assert_envelope(await client.get(URL, headers=support), 403, "STAFF_REQUIRED")
        assert_envelope(await client.post(URL, json={"label": "x"}, headers=support), 403, "STAFF_REQUIRED")
        for bad in ({}, {"label": ""}, {"label": "   "}, {"label": "a" * 61}, {"label": 5}, {"label": "a", "x": 1}):
            assert_envelope(await client.post(URL, json=bad, headers=staff), 422)
        assert_envelope(await client.post(f"{URL}/999999999/revoke", headers=staff), 404, "OVERLAY_TOKEN_NOT_FOUND")
        assert_envelope(await client.post(f"{URL}/0/revoke", headers=staff), 422)
        assert_envelope(await client.post(f"{URL}/abc/revoke", headers=staff), 422)
        english = await client.post(f"{URL}/999999999/revoke", headers={**staff, "Accept-Language": "en"})
        assert assert_envelope(english, 404)["message"] == "That overlay token was not found."


async def test_a_player_opts_in_and_out_of_stream_overlays() -> None:
    player = new_player()
    headers = bearer(player.access_token)
    path = "/api/users/me/stream-visibility"
    async with api_client() as client:
        assert (await client.get(path, headers=headers)).json() == {"visible": False}
        assert (await client.put(path, json={"visible": True}, headers=headers)).json() == {"visible": True}
        assert (await client.get(path, headers=headers)).json() == {"visible": True}
        assert (await client.put(path, json={"visible": False}, headers=headers)).json() == {"visible": False}
        assert_envelope(await client.put(path, json={"visible": "yes"}, headers=headers), 422)
        assert_envelope(await client.put(path, json={"visible": 1}, headers=headers), 422)
        assert_envelope(await client.put(path, json={}, headers=headers), 422)
        assert_envelope(await client.put(path, json={"visible": True}), 401)
        staff = await _staff_headers(client, "admin")
        assert_envelope(await client.get(path, headers=staff), 403, "PLAYERS_ONLY")
