"""Signup: invite codes (race-safe), field rules, uniqueness, rate limits, bad input."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.core.errors import AppError
from casino_app.models.accounts import InviteCode, User
from casino_app.services.accounts import invites, sessions, users
from tests.support.accounts import INVITE, PASSWORD, bearer, ensure_invite
from tests.support.api import api_client, assert_envelope
from tests.support.env import environment

pytestmark = pytest.mark.anyio

KOREAN_64 = "가나다라마바사아자차카타파하" * 4 + "거너더러마바사아"  # 64 Hangul syllables (192 bytes)


def _body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "site_id": "neon_cat",
        "nickname": "네온고양이",
        "password": PASSWORD,
        "invite_code": INVITE,
    }
    body.update(overrides)
    return body


async def test_signup_returns_tokens_and_profile() -> None:
    ensure_invite()
    async with api_client() as client:
        response = await client.post("/api/auth/signup", json=_body(phone_number="010-1234-5678"))
        assert response.status_code == 201, response.text
        data = response.json()
        assert data["token_type"] == "bearer"
        assert data["user"]["site_id"] == "neon_cat"
        assert data["user"]["rank"] == "STANDARD"
        assert data["user"]["level"] == 1
        assert "phone_number" not in data["user"]
        assert "password_hash" not in json.dumps(data)
        me = await client.get("/api/auth/me", headers=bearer(data["access_token"]))
    assert me.status_code == 200
    assert me.json()["nickname"] == "네온고양이"
    with session_scope() as db:
        user = db.exec(sa.select(User).where(User.site_id == "neon_cat")).scalar_one()
        assert user.phone_number == "+821012345678"
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


async def test_korean_64_character_password_signs_up_and_logs_in() -> None:
    ensure_invite()
    assert len(KOREAN_64) == 64
    assert len(KOREAN_64.encode()) == 192
    async with api_client() as client:
        signup = await client.post("/api/auth/signup", json=_body(password=KOREAN_64))
        assert signup.status_code == 201, signup.text
        login = await client.post("/api/auth/login", json={"site_id": "neon_cat", "password": KOREAN_64})
        assert login.status_code == 200, login.text
        # NFD input (as typed on macOS) is the same password.
        import unicodedata

        nfd = await client.post(
            "/api/auth/login", json={"site_id": "NEON_CAT", "password": unicodedata.normalize("NFD", KOREAN_64)}
        )
        assert nfd.status_code == 200, nfd.text


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"password": "x" * 1024}, "password", "string_too_long"),
        ({"password": "x" * 200}, "password", "PASSWORD_LENGTH"),
        ({"password": "short"}, "password", "PASSWORD_LENGTH"),
        ({"site_id": "ab"}, "site_id", "SITE_ID_FORMAT"),
        ({"site_id": "bad id!"}, "site_id", "SITE_ID_FORMAT"),
        ({"site_id": "a" * 5000}, "site_id", "string_too_long"),
        ({"nickname": "x"}, "nickname", "NICKNAME_FORMAT"),
        ({"nickname": "운영자"}, "nickname", "NICKNAME_RESERVED"),
        ({"nickname": "네온\u0000고양이"}, "nickname", "CONTROL_CHARACTERS"),
        ({"nickname": "네온\u202e고양이"}, "nickname", "CONTROL_CHARACTERS"),
        ({"password": "pass\u0007word123"}, "password", "CONTROL_CHARACTERS"),
        ({"phone_number": "02-123-4567"}, "phone_number", "PHONE_FORMAT"),
        ({"invite_code": "!"}, "invite_code", "INVITE_FORMAT"),
        ({"extra_field": True}, "extra_field", "extra_forbidden"),
        ({"site_id": 12345}, "site_id", "string_type"),
    ],
)
async def test_bad_fields_get_422_with_the_rule(overrides: dict, field: str, code: str) -> None:
    ensure_invite()
    async with api_client() as client:
        response = await client.post("/api/auth/signup", json=_body(**overrides))
    error = assert_envelope(response, 422, "VALIDATION_ERROR")
    assert {"field": field, "type": code} in [
        {"field": f["field"], "type": f["type"]} for f in error["details"]["fields"]
    ]
    with session_scope() as db:
        assert db.scalar(sa.select(sa.func.count()).select_from(User)) == 0


async def test_malformed_and_missing_bodies_are_422() -> None:
    async with api_client() as client:
        malformed = await client.post(
            "/api/auth/signup", content=b'{"site_id": ', headers={"content-type": "application/json"}
        )
        empty = await client.post("/api/auth/signup", json={})
        wrong_type = await client.post("/api/auth/signup", json=["not", "an", "object"])
    assert_envelope(malformed, 422, "MALFORMED_JSON")
    missing = assert_envelope(empty, 422, "VALIDATION_ERROR")
    assert {f["field"] for f in missing["details"]["fields"]} == {"site_id", "nickname", "password", "invite_code"}
    assert missing["details"]["fields"][0]["message"] == "필수 입력 항목입니다."
    assert_envelope(wrong_type, 422, "VALIDATION_ERROR")


async def test_site_id_and_nickname_are_unique() -> None:
    ensure_invite()
    async with api_client() as client:
        assert (await client.post("/api/auth/signup", json=_body())).status_code == 201
        same_id = await client.post("/api/auth/signup", json=_body(nickname="다른이름"))
        same_nick = await client.post("/api/auth/signup", json=_body(site_id="other_id", nickname="네온고양이"))
        case_nick = await client.post(
            "/api/auth/signup", json=_body(site_id="third", nickname="Neo", password=PASSWORD)
        )
        case_nick2 = await client.post("/api/auth/signup", json=_body(site_id="fourth", nickname="NEO"))
    assert assert_envelope(same_id, 409, "SITE_ID_TAKEN")["details"]["field"] == "site_id"
    assert assert_envelope(same_nick, 409, "NICKNAME_TAKEN")["details"]["field"] == "nickname"
    assert case_nick.status_code == 201
    assert_envelope(case_nick2, 409, "NICKNAME_TAKEN")


async def test_invite_validation_distinguishes_every_failure() -> None:
    now = clock.now()
    with session_scope() as db:
        db.add_all(
            [
                InviteCode(code="OPEN1", max_uses=5, used_count=2, created_at=now),
                InviteCode(code="OLD1", expires_at=now - timedelta(minutes=1), created_at=now),
                InviteCode(code="FULL1", max_uses=1, used_count=1, created_at=now),
                InviteCode(code="OFF1", is_active=False, created_at=now),
            ]
        )
    async with api_client() as client:
        results = {
            code: (await client.post("/api/invite/validate", json={"code": code})).json()
            for code in ("open1", "OLD1", "FULL1", "OFF1", "NOPE1", "!")
        }
    assert results["open1"] == {"is_valid": True, "error_code": None, "remaining_uses": 3, "expires_at": None}
    assert results["OLD1"]["error_code"] == "INVITE_EXPIRED"
    assert results["FULL1"]["error_code"] == "INVITE_EXHAUSTED"
    assert results["FULL1"]["remaining_uses"] == 0
    assert results["OFF1"]["error_code"] == "INVITE_INACTIVE"
    assert results["NOPE1"]["error_code"] == "INVITE_UNKNOWN"
    assert results["!"]["error_code"] == "INVITE_UNKNOWN"
    async with api_client() as client:
        response = await client.post("/api/auth/signup", json=_body(invite_code="OLD1"))
    assert_envelope(response, 422, "INVITE_EXPIRED")


def test_invite_race_never_exceeds_max_uses() -> None:
    with session_scope() as db:
        db.add(InviteCode(code="RACE3", max_uses=3, created_at=clock.now()))

    def attempt(i: int) -> str:
        data = users.SignupInput(f"racer{i:03d}", f"경주자{i:03d}", PASSWORD, "RACE3")
        try:
            users.signup(data, sessions.ClientInfo(ip=f"10.1.0.{i}"))
            return "ok"
        except AppError as exc:
            return exc.error_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(attempt, range(20)))
    assert outcomes.count("ok") == 3
    assert set(outcomes) - {"ok"} == {"INVITE_EXHAUSTED"}
    with session_scope() as db:
        assert db.scalar(sa.select(sa.func.count()).select_from(User)) == 3
        assert db.exec(sa.select(InviteCode.used_count).where(InviteCode.code == "RACE3")).scalar_one() == 3


async def test_invite_race_through_the_api() -> None:
    with session_scope() as db:
        db.add(InviteCode(code="APIRACE", max_uses=3, created_at=clock.now()))
    async with api_client() as client:
        responses = await asyncio.gather(
            *[
                client.post(
                    "/api/auth/signup",
                    json=_body(site_id=f"api_racer{i}", nickname=f"레이서{i}", invite_code="APIRACE"),
                )
                for i in range(20)
            ]
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 3
    assert set(statuses) == {201, 422}
    with get_engine().connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM users")) == 3


async def test_signup_is_rate_limited_per_ip() -> None:
    ensure_invite()
    with environment(SIGNUP_RATE_LIMIT_PER_HOUR="2"):
        async with api_client() as client:
            first = await client.post("/api/auth/signup", json=_body(site_id="rate_one", nickname="하나하나"))
            second = await client.post("/api/auth/signup", json=_body(site_id="rate_two", nickname="둘둘둘"))
            third = await client.post("/api/auth/signup", json=_body(site_id="rate_three", nickname="셋셋셋"))
    assert [first.status_code, second.status_code] == [201, 201]
    error = assert_envelope(third, 429, "SIGNUP_RATE_LIMITED")
    assert int(third.headers["retry-after"]) > 0
    assert error["details"]["retry_after"] > 0


def test_invite_codes_are_created_listed_and_deactivated_by_staff(database_url: str) -> None:
    view = invites.create(actor_id=None, code="vip-2026", max_uses=10)  # type: ignore[arg-type]
    assert view.code == "VIP-2026"
    assert invites.check("vip-2026").is_valid
    invites.deactivate(view.id, actor_id=None)  # type: ignore[arg-type]
    assert invites.check("VIP-2026").error_code == "INVITE_INACTIVE"
    assert [v.code for v in invites.list_all()] == ["VIP-2026"]
