"""Login, lockout, token rotation and reuse detection, logout, session cap, staff portal."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Unauthorized
from casino_app.models.accounts import AuthSession, LoginAttempt, User
from casino_app.services.accounts import sessions
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope
from tests.support.env import environment

pytestmark = pytest.mark.anyio


async def _login(client, site_id: str, password: str = PASSWORD, path: str = "/api/auth/login"):
    return await client.post(path, json={"site_id": site_id, "password": password})


async def test_login_by_site_id_updates_last_login_and_records_attempts() -> None:
    new_player("login_ok", "로그인왕")
    async with api_client() as client:
        ok = await _login(client, "LOGIN_OK")
        wrong = await _login(client, "login_ok", "wrong-password")
        unknown = await _login(client, "nobody_here")
    assert ok.status_code == 200, ok.text
    assert ok.json()["user"]["last_login_at"] is not None
    assert assert_envelope(wrong, 401, "INVALID_CREDENTIALS")["message"] == "아이디 또는 비밀번호가 올바르지 않습니다."
    # An unknown ID gets exactly the same answer as a wrong password.
    assert unknown.json()["error"]["code"] == wrong.json()["error"]["code"]
    with session_scope() as db:
        outcomes = db.exec(sa.select(LoginAttempt.outcome).order_by(LoginAttempt.id)).scalars().all()
    assert outcomes == ["success", "bad_password", "unknown_user"]


async def test_five_failures_lock_even_the_right_password_until_the_window_passes() -> None:
    new_player("locky", "잠금테스트")
    frozen = clock.FrozenClock(datetime(2026, 11, 22, 3, 0, tzinfo=UTC))
    with clock.use_clock(frozen):
        async with api_client() as client:
            for _ in range(5):
                assert (await _login(client, "locky", "bad-password-1")).status_code == 401
                frozen.advance(timedelta(seconds=10))
            locked = await _login(client, "locky", PASSWORD)
            error = assert_envelope(locked, 429, "LOGIN_LOCKED")
            retry_after = int(locked.headers["retry-after"])
            assert 0 < retry_after <= 600
            assert error["details"]["retry_after"] == retry_after
            assert "초 후에" in error["message"]
            frozen.advance(timedelta(seconds=retry_after - 1))
            assert (await _login(client, "locky", PASSWORD)).status_code == 429
            frozen.advance(timedelta(seconds=2))
            assert (await _login(client, "locky", PASSWORD)).status_code == 200
            # A success resets the count: one new failure does not lock again.
            assert (await _login(client, "locky", "bad-password-1")).status_code == 401
            assert (await _login(client, "locky", PASSWORD)).status_code == 200


async def test_lockout_applies_to_unknown_ids_too() -> None:
    async with api_client() as client:
        for _ in range(5):
            await _login(client, "ghost_user", "whatever-123")
        assert_envelope(await _login(client, "ghost_user", "whatever-123"), 429, "LOGIN_LOCKED")


async def test_parallel_guesses_cannot_exceed_the_failure_limit() -> None:
    new_player("burst", "동시추측")
    async with api_client() as client:
        responses = await asyncio.gather(*[_login(client, "burst", f"guess-number-{n}") for n in range(12)])
    statuses = sorted(r.status_code for r in responses)
    # Each attempt is recorded as pending before its password check, so at most
    # five guesses are ever checked; the rest are refused without a check.
    assert statuses == [401] * 5 + [429] * 7
    with session_scope() as db:
        outcomes = db.exec(sa.select(LoginAttempt.outcome).where(LoginAttempt.site_id == "burst")).scalars().all()
    assert sorted(outcomes) == ["bad_password"] * 5 + ["locked"] * 7


async def test_text_the_database_cannot_store_is_refused_not_crashed_on() -> None:
    async with api_client() as client:
        nul = await _login(client, "ab\u0000cd", "whatever-123")
        surrogate = await client.post(
            "/api/auth/login",
            content=b'{"site_id": "ab\\ud800cd", "password": "whatever-123"}',
            headers={"content-type": "application/json"},
        )
    for response in (nul, surrogate):
        error = assert_envelope(response, 422, "VALIDATION_ERROR")
        assert error["details"]["fields"][0]["type"] == "CONTROL_CHARACTERS", error
    # The UI calls the service directly: the attempt is recorded under a storable key.
    with pytest.raises(Unauthorized):
        sessions.login("ab\x00cd", "whatever-123", portal=sessions.PLAYER, client=sessions.ClientInfo(ip="10.0.0.1"))
    with session_scope() as db:
        assert db.exec(sa.select(LoginAttempt.site_id).where(LoginAttempt.site_id == "abcd")).scalars().all() == [
            "abcd"
        ]


async def test_staff_and_players_use_separate_doors() -> None:
    new_player("door_player", "문지기")
    new_staff("operator", site_id="door_staff")
    async with api_client() as client:
        assert (await _login(client, "door_staff")).status_code == 401
        assert (await _login(client, "door_player", path="/api/admin/auth/login")).status_code == 401
        staff = await _login(client, "door_staff", path="/api/admin/auth/login")
        assert staff.status_code == 200
        assert staff.json()["user"]["staff_role"] == "operator"


async def test_refresh_rotates_and_reuse_kills_the_family() -> None:
    pair = new_player("rotator", "회전목마")
    async with api_client() as client:
        first = await client.post("/api/auth/refresh", json={"refresh_token": pair.refresh_token})
        assert first.status_code == 200, first.text
        rt2 = first.json()["refresh_token"]
        assert rt2 != pair.refresh_token
        assert (await client.get("/api/auth/me", headers=bearer(first.json()["access_token"]))).status_code == 200
        reused = await client.post("/api/auth/refresh", json={"refresh_token": pair.refresh_token})
        assert_envelope(reused, 401, "REFRESH_REUSED")
        dead = await client.post("/api/auth/refresh", json={"refresh_token": rt2})
        assert_envelope(dead, 401)
        # The access token of the revoked family is dead too.
        me = await client.get("/api/auth/me", headers=bearer(first.json()["access_token"]))
        assert_envelope(me, 401, "TOKEN_REVOKED")
    with session_scope() as db:
        reason = db.exec(sa.select(AuthSession.revoked_reason)).scalar_one()
    assert reason == "token_reuse"


async def test_ten_parallel_refreshes_with_one_token_at_most_one_succeeds() -> None:
    pair = new_player("parallel", "동시갱신")
    async with api_client() as client:
        responses = await asyncio.gather(
            *[client.post("/api/auth/refresh", json={"refresh_token": pair.refresh_token}) for _ in range(10)]
        )
    statuses = [r.status_code for r in responses]
    assert statuses.count(200) <= 1
    assert set(statuses) <= {200, 401}
    for response in responses:
        if response.status_code != 200:
            assert_envelope(response, 401)


async def test_unknown_refresh_token_is_401() -> None:
    async with api_client() as client:
        assert_envelope(
            await client.post("/api/auth/refresh", json={"refresh_token": "ccrt_nope"}), 401, "REFRESH_INVALID"
        )


async def test_logout_revokes_access_token_and_refresh_family() -> None:
    pair = new_player("leaver", "떠나는이")
    other = await _other_session("leaver")
    async with api_client() as client:
        assert (await client.post("/api/auth/logout", headers=bearer(pair.access_token))).status_code == 204
        assert_envelope(await client.get("/api/auth/me", headers=bearer(pair.access_token)), 401, "TOKEN_REVOKED")
        assert_envelope(await client.post("/api/auth/refresh", json={"refresh_token": pair.refresh_token}), 401)
        # Another session of the same user is untouched.
        assert (await client.get("/api/auth/me", headers=bearer(other))).status_code == 200


async def _other_session(site_id: str) -> str:
    async with api_client() as client:
        return (await _login(client, site_id)).json()["access_token"]


async def test_logout_all_revokes_every_session() -> None:
    pair = new_player("everyone_out", "전부로그아웃")
    tokens = [await _other_session("everyone_out") for _ in range(2)]
    async with api_client() as client:
        response = await client.post("/api/auth/logout-all", headers=bearer(tokens[0]))
        assert response.json() == {"revoked_sessions": 3}
        for token in [pair.access_token, *tokens]:
            assert_envelope(await client.get("/api/auth/me", headers=bearer(token)), 401)


async def test_session_cap_retires_the_oldest() -> None:
    with environment(MAX_SESSIONS_PER_USER="3"):
        first = new_player("capped", "세션제한")
        frozen = clock.FrozenClock(clock.now())
        with clock.use_clock(frozen):
            later = []
            for _ in range(3):
                frozen.advance(timedelta(seconds=1))
                later.append(await _other_session("capped"))
            async with api_client() as client:
                assert_envelope(await client.get("/api/auth/me", headers=bearer(first.access_token)), 401)
                sessions = await client.get("/api/auth/sessions", headers=bearer(later[-1]))
                assert len(sessions.json()) == 3
                assert sum(s["current"] for s in sessions.json()) == 1


async def test_sessions_list_shows_device_and_revoking_one_logs_it_out() -> None:
    new_player("devices", "기기관리")
    async with api_client() as client:
        phone = await client.post(
            "/api/auth/login",
            json={"site_id": "devices", "password": PASSWORD},
            headers={"user-agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit Chrome/130 Mobile Safari"},
        )
        listed = await client.get("/api/auth/sessions", headers=bearer(phone.json()["access_token"]))
        devices = {s["device"] for s in listed.json()}
        assert "Chrome · Android" in devices
        victim = next(s for s in listed.json() if not s["current"])
        gone = await client.delete(f"/api/auth/sessions/{victim['id']}", headers=bearer(phone.json()["access_token"]))
        assert gone.status_code == 204
        again = await client.delete(f"/api/auth/sessions/{victim['id']}", headers=bearer(phone.json()["access_token"]))
        assert_envelope(again, 404)


async def test_disabled_account_cannot_log_in_or_use_tokens() -> None:
    pair = new_player("banned", "정지계정")
    with session_scope() as db:
        db.execute(sa.update(User).where(User.site_id == "banned").values(is_active=False))
    async with api_client() as client:
        assert_envelope(await _login(client, "banned"), 401, "ACCOUNT_DISABLED")
        assert_envelope(await client.get("/api/auth/me", headers=bearer(pair.access_token)), 401, "ACCOUNT_DISABLED")
