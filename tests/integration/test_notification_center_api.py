"""``/api/notifications`` over REST: players only, localized text, filters and cursors, own rows only (404),
read state, and settings validation with the stable 4xx envelope."""

from __future__ import annotations

from typing import Any

import pytest

from casino_app.core.db import session_scope
from casino_app.services import notifications
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio


def _send(user_id: int, kind: str, category: str | None = None, **params: Any) -> None:
    with session_scope() as db:
        assert notifications.notify(db, user_id, kind, category=category, **params)


async def test_the_list_is_localized_filtered_and_paged_with_a_cursor() -> None:
    pair = new_player()
    me, headers = pair.user.id, bearer(pair.access_token)
    _send(me, "level_up", level=2)
    _send(me, "level_up", level=3)
    _send(me, "gold_adjusted", amount=1500)
    _send(me, "broadcast", "notice", ko={"title": "점검 안내", "body": "내일 새벽 점검"}, en={"title": "Maintenance"})
    _send(new_player().user.id, "level_up", level=9)
    async with api_client() as client:
        first = await client.get("/api/notifications", headers=headers, params={"limit": 2})
        assert first.status_code == 200, first.text
        body = first.json()
        assert [i["kind"] for i in body["items"]] == ["broadcast", "gold_adjusted"]
        notice, adjusted = body["items"]
        assert (notice["category"], notice["title"], notice["text"]) == ("notice", "점검 안내", "내일 새벽 점검")
        assert (adjusted["title"], adjusted["read"]) == ("", False)
        assert "+1,500" in adjusted["text"]
        rest = await client.get(
            "/api/notifications", headers=headers, params={"limit": 2, "cursor": body["next_cursor"]}
        )
        assert [i["text"] for i in rest.json()["items"]] == ["레벨 3 달성! 축하해요.", "레벨 2 달성! 축하해요."]
        assert rest.json()["next_cursor"] is None

        english = await client.get("/api/notifications", headers={**headers, "Accept-Language": "en"})
        shown = english.json()["items"][0]
        assert shown["title"] == "Maintenance"
        assert english.json()["items"][1]["text"] == "Staff adjusted your gold by +1,500."
        rewards = await client.get("/api/notifications", headers=headers, params={"category": "reward"})
        assert [i["params"]["level"] for i in rewards.json()["items"]] == [3, 2]

        bad = await client.get("/api/notifications", headers=headers, params={"category": "jackpot"})
        assert assert_envelope(bad, 422, "NOTIFICATION_CATEGORY_INVALID")["details"]["field"] == "category"
        assert_envelope(
            await client.get("/api/notifications", headers=headers, params={"cursor": "zzz"}), 422, "CURSOR_INVALID"
        )
        assert_envelope(await client.get("/api/notifications", headers=headers, params={"limit": 51}), 422)


async def test_read_state_counts_and_someone_elses_notification_is_not_found() -> None:
    pair, other = new_player(), new_player()
    me, headers = pair.user.id, bearer(pair.access_token)
    _send(me, "level_up", level=2)
    _send(me, "gold_adjusted", amount=-20)
    _send(other.user.id, "level_up", level=4)
    async with api_client() as client:
        counts = await client.get("/api/notifications/unread-count", headers=headers)
        assert counts.json() == {"total": 2, "by_category": {"reward": 1, "account": 1}}
        mine = (await client.get("/api/notifications", headers=headers)).json()["items"]
        theirs = (await client.get("/api/notifications", headers=bearer(other.access_token))).json()["items"]

        read = await client.post(f"/api/notifications/{mine[1]['id']}/read", headers=headers)
        assert read.json() == {"total": 1, "by_category": {"account": 1}}
        for foreign in (theirs[0]["id"], 2**63 - 1):
            assert_envelope(
                await client.post(f"/api/notifications/{foreign}/read", headers=headers), 404, "NOTIFICATION_NOT_FOUND"
            )
        assert_envelope(await client.post("/api/notifications/0/read", headers=headers), 422)
        unread_only = await client.get("/api/notifications", headers=headers, params={"unread": "true"})
        assert [i["kind"] for i in unread_only.json()["items"]] == ["gold_adjusted"]

        assert_envelope(
            await client.post("/api/notifications/read-all", headers=headers, params={"category": "x"}),
            422,
            "NOTIFICATION_CATEGORY_INVALID",
        )
        none = await client.post("/api/notifications/read-all", headers=headers, params={"category": "reward"})
        assert none.json() == {"changed": 0, "unread": {"total": 1, "by_category": {"account": 1}}}
        done = await client.post("/api/notifications/read-all", headers=headers)
        assert done.json() == {"changed": 1, "unread": {"total": 0, "by_category": {}}}
        theirs_now = await client.get("/api/notifications/unread-count", headers=bearer(other.access_token))
        assert theirs_now.json()["total"] == 1


async def test_settings_validation_and_consent_times() -> None:
    headers = bearer(new_player().access_token)
    async with api_client() as client:
        start = (await client.get("/api/notifications/settings", headers=headers)).json()
        assert start["muted"] == []
        assert (start["marketing_consent"], start["marketing_consent_at"], start["night_consent_at"]) == (
            False,
            None,
            None,
        )
        assert {c["key"]: c["service"] for c in start["categories"]}["purchase"] is True

        locked = await client.put("/api/notifications/settings", headers=headers, json={"muted": ["account"]})
        assert assert_envelope(locked, 422, "NOTIFICATION_CATEGORY_LOCKED")["details"]["category"] == "account"
        assert_envelope(
            await client.put("/api/notifications/settings", headers=headers, json={"muted": ["bogus"]}),
            422,
            "NOTIFICATION_CATEGORY_INVALID",
        )
        assert_envelope(
            await client.put("/api/notifications/settings", headers=headers, json={"night_consent": True}),
            422,
            "NIGHT_CONSENT_NEEDS_MARKETING",
        )
        for body in ({"marketing_consent": 1}, {"muted": "social"}, {"surprise": True}, {"muted": ["x" * 17]}):
            assert_envelope(await client.put("/api/notifications/settings", headers=headers, json=body), 422)

        saved = await client.put(
            "/api/notifications/settings",
            headers=headers,
            json={"muted": ["social"], "marketing_consent": True, "night_consent": True},
        )
        assert saved.status_code == 200, saved.text
        body = saved.json()
        assert body["muted"] == ["social"]
        assert body["marketing_consent"]
        assert body["night_consent"]
        assert body["marketing_consent_at"] == body["night_consent_at"] is not None
        assert {c["key"]: c["muted"] for c in body["categories"]}["social"] is True
        assert (await client.get("/api/notifications/settings", headers=headers)).json() == body

        withdrawn = (
            await client.put("/api/notifications/settings", headers=headers, json={"marketing_consent": False})
        ).json()
        assert (withdrawn["marketing_consent_at"], withdrawn["night_consent_at"], withdrawn["muted"]) == (
            None,
            None,
            ["social"],
        )
        receipts = await client.get("/api/notifications", headers=headers, params={"category": "account"})
        assert [i["kind"] for i in receipts.json()["items"]] == [
            "night_consent_withdrawn",
            "marketing_consent_withdrawn",
            "night_consent_given",
            "marketing_consent_given",
        ]


async def test_players_only() -> None:
    site_id = "staffnc01"
    new_staff("support", site_id=site_id)
    async with api_client() as client:
        login = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
        staff = bearer(login.json()["access_token"])
        for method, path in (
            ("GET", "/api/notifications"),
            ("GET", "/api/notifications/unread-count"),
            ("POST", "/api/notifications/read-all"),
            ("GET", "/api/notifications/settings"),
            ("POST", "/api/notifications/1/read"),
        ):
            assert_envelope(await client.request(method, path), 401)
            assert_envelope(await client.request(method, path, headers=staff), 403)
        assert_envelope(await client.put("/api/notifications/settings", headers=staff, json={}), 403)
