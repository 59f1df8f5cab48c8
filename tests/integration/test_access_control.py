"""JWT negatives on every protected route, BOLA, roles."""

from __future__ import annotations

import base64
import json
import time
import uuid

import jwt
import pytest

from casino_app.api.app import create_api
from tests.support.accounts import bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio
SECRET = "test-secret-key-that-is-long-enough-0123456789"


def _protected_routes() -> list[tuple[str, str]]:
    document = create_api().openapi()
    routes = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if operation.get("security"):
                routes.append((method.upper(), path))
    return routes


def _fill(path: str) -> str:
    return path.replace("{session_id}", str(uuid.uuid4())).replace("{user_id}", "1").replace("{invite_id}", "1")


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _forged(pair, **changes) -> str:
    claims = jwt.decode(pair.access_token, options={"verify_signature": False})
    claims.update(changes)
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, SECRET, algorithm="HS256")


def test_every_protected_route_is_covered() -> None:
    routes = _protected_routes()
    assert ("GET", "/api/auth/me") in routes
    assert ("POST", "/api/admin/invites") in routes
    assert len(routes) >= 13


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
async def test_jwt_negatives_are_401_on_every_protected_route() -> None:
    pair = new_player("jwt_victim", "토큰검사")
    claims = jwt.decode(pair.access_token, options={"verify_signature": False})
    now = int(time.time())
    bad_tokens = {
        "alg_none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.",
        "wrong_signature": jwt.encode(claims, "another-secret-another-secret-123456", algorithm="HS256"),
        "expired": _forged(pair, exp=now - 10, iat=now - 100),
        "missing_exp": _forged(pair, exp=None),
        "missing_sub": _forged(pair, sub=None),
        "refresh_as_access": pair.refresh_token,
        "wrong_type": _forged(pair, typ="refresh"),
        "hs512": jwt.encode(claims, SECRET, algorithm="HS512"),
        "garbage": "not.a.token",
        "empty": "",
    }
    async with api_client() as client:
        # a revoked jti: log a second session out and keep its token
        second = (
            await client.post("/api/auth/login", json={"site_id": "jwt_victim", "password": "correct-horse-9"})
        ).json()
        await client.post("/api/auth/logout", headers=bearer(second["access_token"]))
        bad_tokens["revoked_jti"] = second["access_token"]
        failures = []
        for method, path in _protected_routes():
            for name, token in bad_tokens.items():
                response = await client.request(method, _fill(path), headers=bearer(token), json={})
                if response.status_code != 401:
                    failures.append((name, method, path, response.status_code))
                else:
                    assert_envelope(response, 401)
            no_header = await client.request(method, _fill(path), json={})
            if no_header.status_code != 401:
                failures.append(("no_header", method, path, no_header.status_code))
        assert failures == []
        # and the genuine token still works
        assert (await client.get("/api/auth/me", headers=bearer(pair.access_token))).status_code == 200


async def test_bola_users_cannot_touch_each_other() -> None:
    alice = new_player("alice", "앨리스")
    bob = new_player("bob_b", "밥밥")
    async with api_client() as client:
        bob_sessions = (await client.get("/api/auth/sessions", headers=bearer(bob.access_token))).json()
        alice_sessions = (await client.get("/api/auth/sessions", headers=bearer(alice.access_token))).json()
        assert {s["id"] for s in alice_sessions}.isdisjoint({s["id"] for s in bob_sessions})
        steal = await client.delete(f"/api/auth/sessions/{bob_sessions[0]['id']}", headers=bearer(alice.access_token))
        assert_envelope(steal, 404)
        assert (await client.get("/api/auth/me", headers=bearer(bob.access_token))).status_code == 200
        public = await client.get(f"/api/users/{bob.user.id}", headers=bearer(alice.access_token))
        assert public.status_code == 200
        assert set(public.json()) == {"id", "nickname", "rank", "level", "avatar", "joined"}
        me = (await client.get("/api/users/profile", headers=bearer(alice.access_token))).json()
        assert me["site_id"] == "alice"
        patched = await client.patch("/api/users/me", headers=bearer(alice.access_token), json={"nickname": "새앨리스"})
        assert patched.json()["nickname"] == "새앨리스"
        assert (await client.get("/api/auth/me", headers=bearer(bob.access_token))).json()["nickname"] == "밥밥"


async def test_staff_profiles_are_not_public_and_admin_routes_need_staff() -> None:
    player = new_player("curious", "궁금이")
    staff_id = new_staff("operator")
    async with api_client() as client:
        assert_envelope(await client.get(f"/api/users/{staff_id}", headers=bearer(player.access_token)), 404)
        assert_envelope(
            await client.get("/api/admin/invites", headers=bearer(player.access_token)), 403, "STAFF_REQUIRED"
        )
        assert_envelope(
            await client.post("/api/admin/invites", headers=bearer(player.access_token), json={}), 403, "STAFF_REQUIRED"
        )


async def test_admin_manages_invites_and_every_change_is_audited() -> None:
    new_staff("admin", site_id="boss")
    async with api_client() as client:
        token = (
            await client.post("/api/admin/auth/login", json={"site_id": "boss", "password": "correct-horse-9"})
        ).json()["access_token"]
        created = await client.post(
            "/api/admin/invites", headers=bearer(token), json={"code": "summer-26", "max_uses": 2}
        )
        assert created.status_code == 201, created.text
        invite = created.json()
        assert invite["code"] == "SUMMER-26"
        assert invite["remaining_uses"] == 2
        duplicate = await client.post("/api/admin/invites", headers=bearer(token), json={"code": "SUMMER-26"})
        assert_envelope(duplicate, 409, "INVITE_CODE_TAKEN")
        random_code = await client.post("/api/admin/invites", headers=bearer(token), json={})
        assert len(random_code.json()["code"]) == 8
        signup = await client.post(
            "/api/auth/signup",
            json={"site_id": "summer1", "nickname": "여름1", "password": "correct-horse-9", "invite_code": "summer-26"},
        )
        assert signup.status_code == 201
        usage = await client.get("/api/admin/invites/usage?days=7", headers=bearer(token))
        assert usage.json()[0]["code"] == "SUMMER-26"
        assert usage.json()[0]["signups"] == 1
        off = await client.post(f"/api/admin/invites/{invite['id']}/deactivate", headers=bearer(token))
        assert off.json()["is_active"] is False
        assert_envelope(await client.post("/api/admin/invites/999999/deactivate", headers=bearer(token)), 404)
        listed = await client.get("/api/admin/invites", headers=bearer(token))
        assert {i["code"] for i in listed.json()} >= {"SUMMER-26"}
    from casino_app.core.db import session_scope
    from casino_app.models.audit import AuditLog

    with session_scope() as db:
        actions = [a.action for a in db.exec(__import__("sqlmodel").select(AuditLog)).all()]
    assert actions.count("invite.create") == 2
    assert actions.count("invite.deactivate") == 1
