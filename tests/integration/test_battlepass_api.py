"""Battle pass over REST: status and claim for players, the season console for staff (authz, audit, 4xx)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from casino_app.core import clock
from casino_app.services.battlepass import seasons
from tests.support import battlepass as bp
from tests.support import shop as s
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


async def _staff(client, role: str = "admin") -> dict[str, str]:  # type: ignore[no-untyped-def]
    site_id = f"bp{role[:3]}{uuid.uuid4().hex[:8]}"
    new_staff(role, site_id=site_id)
    response = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
    return bearer(response.json()["access_token"])


async def test_status_is_200_with_season_null_outside_a_season_and_401_without_a_token() -> None:
    pair = new_player()
    async with api_client() as client:
        assert_envelope(await client.get("/api/battlepass/status"), 401)
        response = await client.get("/api/battlepass/status", headers=bearer(pair.access_token))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["season"], body["upcoming"], body["tiers"], body["xp"], body["premium"]) == (None, None, [], 0, False)


async def test_status_and_claim_over_rest() -> None:
    season = bp.season()
    pair = new_player()
    headers = bearer(pair.access_token)
    bp.set_xp(season.id, pair.user.id, 150)
    tier2 = bp.tier_id(season.id, 2)
    async with api_client() as client:
        status = (await client.get("/api/battlepass/status", headers=headers)).json()
        assert status["season"]["key"] == season.key
        assert status["season"]["premium"]["product_id"] == season.premium_product_id
        assert (status["xp"], status["tier"], status["claimable"]) == (150, 2, 2)
        assert status["tiers"][1]["free"] == {
            "kind": "gold",
            "amount": 200,
            "item": None,
            "item_name_ko": None,
            "item_name_en": None,
            "state": "claimable",
        }
        assert status["tiers"][1]["premium"]["state"] == "premium"
        body = {"tier_id": tier2}
        assert_envelope(await client.post("/api/battlepass/claim", headers=headers, json=body), 400)
        key = _key()
        first = await client.post("/api/battlepass/claim", headers={**headers, **key}, json=body)
        assert first.status_code == 200, first.text
        assert (first.json()["kind"], first.json()["amount"], first.json()["track"]) == ("gold", 200, "free")
        replay = await client.post("/api/battlepass/claim", headers={**headers, **key}, json=body)
        assert replay.headers.get("Idempotent-Replayed") == "true"
        assert replay.json() == first.json()
        again = await client.post("/api/battlepass/claim", headers={**headers, **_key()}, json=body)
        assert_envelope(again, 409, "BATTLEPASS_ALREADY_CLAIMED")
        premium = {"tier_id": tier2, "track": "premium"}
        refused = await client.post("/api/battlepass/claim", headers={**headers, **_key()}, json=premium)
        error = assert_envelope(refused, 409, "BATTLEPASS_PREMIUM_REQUIRED")
        assert "프리미엄" in error["message"]
        locked = await client.post(
            "/api/battlepass/claim", headers={**headers, **_key()}, json={"tier_id": bp.tier_id(season.id, 4)}
        )
        assert_envelope(locked, 409, "BATTLEPASS_TIER_LOCKED")
        missing = await client.post("/api/battlepass/claim", headers={**headers, **_key()}, json={"tier_id": 2**52})
        assert_envelope(missing, 404, "BATTLEPASS_TIER_NOT_FOUND")
        for bad in ({"tier_id": 0}, {"tier_id": "1"}, {"tier_id": tier2, "track": "gold"}, {"tier_id": tier2, "x": 1}):
            response = await client.post("/api/battlepass/claim", headers={**headers, **_key()}, json=bad)
            assert_envelope(response, 422)
    assert s.balance(pair.user.id) >= 200


async def test_staff_cannot_use_the_player_routes_and_players_cannot_use_the_console() -> None:
    pair = new_player()
    async with api_client() as client:
        staff = await _staff(client, "operator")
        assert_envelope(await client.get("/api/battlepass/status", headers=staff), 403)
        player = bearer(pair.access_token)
        assert_envelope(await client.get("/api/admin/battlepass/seasons", headers=player), 403)
        assert (await client.get("/api/admin/battlepass/seasons", headers=staff)).status_code == 200
        body = _season_body()
        assert_envelope(await client.post("/api/admin/battlepass/seasons", headers=staff, json=body), 403)
        assert_envelope(await client.post("/api/admin/battlepass/seasons", json=body), 401)


def _season_body(**overrides: object) -> dict[str, object]:
    now = clock.now()
    body: dict[str, object] = {
        "key": f"season-{uuid.uuid4().hex[:8]}",
        "name_ko": "겨울 시즌",
        "name_en": "Winter season",
        "starts_at": (now - timedelta(hours=1)).isoformat(),
        "ends_at": (now + timedelta(days=30)).isoformat(),
        "xp_per_round": 5,
    }
    body.update(overrides)
    return body


async def test_admin_creates_edits_sets_tiers_and_publishes_with_an_audit_trail() -> None:
    product = bp.premium_product()
    async with api_client() as client:
        admin = await _staff(client)
        created = await client.post("/api/admin/battlepass/seasons", headers=admin, json=_season_body())
        assert created.status_code == 201, created.text
        season = created.json()
        assert (season["status"], season["tiers"], season["xp_per_round"]) == ("draft", [], 5)
        url = f"/api/admin/battlepass/seasons/{season['id']}"
        tiers = {
            "tiers": [
                {"level": 1, "xp_required": 0, "free": {"kind": "gold", "amount": 100}},
                {
                    "level": 2,
                    "xp_required": 100,
                    "free": {"kind": "item", "amount": 1, "item": "roulette_ticket"},
                    "premium": {"kind": "xp", "amount": 50},
                },
            ]
        }
        unpublishable = await client.put(f"{url}/tiers", headers=admin, json=tiers)
        assert unpublishable.status_code == 200, unpublishable.text
        no_product = await client.post(f"{url}/publish", headers=admin)
        error = assert_envelope(no_product, 422, "BATTLEPASS_SEASON_INVALID")
        assert error["details"]["field"] == "premium_product_id"
        patched = await client.patch(url, headers=admin, json={"premium_product_id": product, "name_en": "Winter"})
        assert patched.status_code == 200, patched.text
        assert (patched.json()["name_en"], len(patched.json()["tiers"])) == ("Winter", 2)
        published = await client.post(f"{url}/publish", headers=admin)
        assert published.status_code == 200, published.text
        assert published.json()["status"] == "published"
        locked = await client.patch(url, headers=admin, json={"name_en": "Later"})
        assert_envelope(locked, 409, "BATTLEPASS_SEASON_LOCKED")
        assert_envelope(await client.put(f"{url}/tiers", headers=admin, json=tiers), 409, "BATTLEPASS_SEASON_LOCKED")
        other = await client.post("/api/admin/battlepass/seasons", headers=admin, json=_season_body())
        other_url = f"/api/admin/battlepass/seasons/{other.json()['id']}"
        await client.put(f"{other_url}/tiers", headers=admin, json={"tiers": tiers["tiers"][:1]})
        overlap = await client.post(f"{other_url}/publish", headers=admin)
        assert_envelope(overlap, 409, "BATTLEPASS_SEASON_OVERLAP")
        listed = (await client.get("/api/admin/battlepass/seasons", headers=admin)).json()
        assert {row["key"] for row in listed} == {season["key"], other.json()["key"]}
    trail = bp.audit_trail(season["id"])
    assert [action for action, _, _ in trail] == [
        "battlepass.season.create",
        "battlepass.season.tiers",
        "battlepass.season.update",
        "battlepass.season.publish",
    ]
    assert len({actor for _, actor, _ in trail}) == 1
    update = trail[2][2]
    assert update["changed"] == ["name_en", "premium_product_id"]
    assert (update["before"]["name_en"], update["after"]["name_en"]) == ("Winter season", "Winter")
    assert [t["level"] for t in trail[1][2]["after"]] == [1, 2]
    assert trail[3][2]["after"] == {"status": "published"}


async def test_admin_bad_input_is_4xx() -> None:
    async with api_client() as client:
        admin = await _staff(client)
        assert_envelope(await client.get("/api/admin/battlepass/seasons/999999", headers=admin), 404)
        for bad in (
            _season_body(key="Bad Key"),
            _season_body(starts_at="2026-12-01T00:00:00"),  # no offset
            _season_body(xp_per_round=-1),
            _season_body(name_ko=""),
            _season_body(extra=1),
        ):
            assert_envelope(await client.post("/api/admin/battlepass/seasons", headers=admin, json=bad), 422)
        backwards = _season_body(ends_at=(clock.now() - timedelta(days=1)).isoformat())
        error = assert_envelope(await client.post("/api/admin/battlepass/seasons", headers=admin, json=backwards), 422)
        assert error["details"]["field"] == "ends_at"
        body = _season_body()
        created = (await client.post("/api/admin/battlepass/seasons", headers=admin, json=body)).json()
        taken = await client.post("/api/admin/battlepass/seasons", headers=admin, json={**body})
        assert_envelope(taken, 409, "BATTLEPASS_KEY_TAKEN")
        url = f"/api/admin/battlepass/seasons/{created['id']}/tiers"
        cases = [
            ([{"level": 1, "xp_required": 10}, {"level": 3, "xp_required": 20}], "level"),
            ([{"level": 1, "xp_required": 10}, {"level": 2, "xp_required": 10}], "xp_required"),
            ([{"level": 1, "xp_required": 0, "free": {"kind": "item", "amount": 1, "item": "no_such_item"}}], "free"),
            ([{"level": 1, "xp_required": 0, "premium": {"kind": "gold", "amount": 1, "item": "x"}}], "premium"),
        ]
        for tiers, field in cases:
            error = assert_envelope(await client.put(url, headers=admin, json={"tiers": tiers}), 422)
            assert error["code"] == "BATTLEPASS_SEASON_INVALID"
            assert error["details"]["field"] == field
        empty = await client.post(f"/api/admin/battlepass/seasons/{created['id']}/publish", headers=admin)
        assert_envelope(empty, 422, "BATTLEPASS_SEASON_INVALID")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ends_at", "9999-12-31T00:00:00+09:00"),  # ends_at + the claim grace would overflow: /status 500s
        ("ends_at", "2101-01-01T00:00:00+09:00"),
        ("starts_at", "1999-12-31T00:00:00+09:00"),
    ],
)
async def test_admin_refuses_season_dates_outside_2000_to_2100(field: str, value: str) -> None:
    async with api_client() as client:
        admin = await _staff(client)
        created = await client.post("/api/admin/battlepass/seasons", headers=admin, json=_season_body(**{field: value}))
        error = assert_envelope(created, 422, "BATTLEPASS_SEASON_INVALID")
        assert error["details"]["field"] == field
        ok = (await client.post("/api/admin/battlepass/seasons", headers=admin, json=_season_body())).json()
        patched = await client.patch(f"/api/admin/battlepass/seasons/{ok['id']}", headers=admin, json={field: value})
        assert_envelope(patched, 422, "BATTLEPASS_SEASON_INVALID")


async def test_status_shows_the_previous_seasons_claimable_tiers_during_its_grace() -> None:
    old = bp.season(tier_list=bp.tiers(3, premium=False))
    new = bp.season(starts_at=old.ends_at, tier_list=bp.tiers(2, premium=False))  # starts right after
    with clock.use_clock(clock.FrozenClock(old.ends_at + timedelta(days=1))):
        pair = new_player()  # signed in then (a token from today would have expired)
        headers = bearer(pair.access_token)
        bp.set_xp(old.id, pair.user.id, 100)  # tiers 1-2 of the old season reached
        async with api_client() as client:
            body = (await client.get("/api/battlepass/status", headers=headers)).json()
            assert body["season"]["key"] == new.key
            previous = body["previous"]
            assert previous["season"]["key"] == old.key
            assert previous["season"]["ended"] is True
            assert previous["claimable"] == 2
            assert [t["level"] for t in previous["tiers"]] == [1, 2]
            claim = {"tier_id": previous["tiers"][0]["id"]}
            claimed = await client.post("/api/battlepass/claim", headers={**headers, **_key()}, json=claim)
            assert claimed.status_code == 200, claimed.text
            body = (await client.get("/api/battlepass/status", headers=headers)).json()
            assert ([t["level"] for t in body["previous"]["tiers"]], body["previous"]["claimable"]) == ([2], 1)
            claim = {"tier_id": body["previous"]["tiers"][0]["id"]}
            claimed = await client.post("/api/battlepass/claim", headers={**headers, **_key()}, json=claim)
            assert claimed.status_code == 200, claimed.text
            body = (await client.get("/api/battlepass/status", headers=headers)).json()
            assert body["previous"] is None  # nothing left to claim there
    with clock.use_clock(clock.FrozenClock(old.ends_at + seasons.CLAIM_GRACE)):
        view = seasons.status(pair.user.id)
        assert view.season is not None
        assert (view.season.key, view.previous) == (new.key, None)
