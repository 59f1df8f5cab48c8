"""Browser sessions: one-time handoff → HttpOnly cookie, rotation with reuse detection, socket hashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.api import web_cookie
from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Unauthorized
from casino_app.models.accounts import AuthSession, RefreshToken
from casino_app.services.accounts import sessions, tokens, web_sessions
from tests.support.accounts import PASSWORD, new_player
from tests.support.api import api_client, assert_envelope
from tests.support.env import environment

CLIENT = sessions.ClientInfo(ip="10.9.9.9", user_agent="pytest-browser")
START = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


@pytest.fixture
def frozen() -> clock.FrozenClock:
    fc = clock.FrozenClock(START)
    with clock.use_clock(fc):
        yield fc


def _web_login(site_id: str = "webber01") -> sessions.TokenPair:
    new_player(site_id, "웹" + site_id[-4:])
    return sessions.login(site_id, PASSWORD, portal=sessions.PLAYER, client=CLIENT, channel=sessions.WEB)


def _revoked_reason(session_id: object) -> str | None:
    with session_scope() as db:
        family = db.get(AuthSession, session_id)
        assert family is not None
        return family.revoked_reason


def test_a_web_login_hands_back_a_ticket_not_tokens_and_lives_web_session_ttl(frozen: clock.FrozenClock) -> None:
    pair = _web_login()
    assert pair.access_token == ""
    with session_scope() as db:
        family = db.get(AuthSession, pair.session_id)
        kinds = db.execute(sa.select(RefreshToken.purpose).where(RefreshToken.session_id == pair.session_id)).scalars()
        assert family is not None
        assert family.channel == "web"
        assert family.expires_at - family.created_at == timedelta(hours=24)
        assert list(kinds) == ["handoff"]


def test_the_ticket_is_good_once_for_a_minute(frozen: clock.FrozenClock) -> None:
    pair = _web_login()
    cookie = web_sessions.exchange_handoff(pair.refresh_token)
    assert cookie.action == "replace"
    assert cookie.token
    with pytest.raises(Unauthorized) as reused:
        web_sessions.exchange_handoff(pair.refresh_token)  # copied from a log or a state blob
    assert reused.value.error_code == "REFRESH_REUSED"
    assert _revoked_reason(pair.session_id) == "token_reuse"

    late = _web_login("webber02")
    frozen.advance(timedelta(seconds=61))
    with pytest.raises(Unauthorized):
        web_sessions.exchange_handoff(late.refresh_token)


def test_the_socket_authenticates_by_the_cookie_hash_only(frozen: clock.FrozenClock) -> None:
    pair = _web_login()
    cookie = web_sessions.exchange_handoff(pair.refresh_token).token
    context = web_sessions.authenticate_hash(tokens.hash_refresh_token(cookie))
    assert context.session_id == pair.session_id
    for wrong in ("", cookie, tokens.hash_refresh_token(pair.refresh_token), "0" * 64):
        with pytest.raises(Unauthorized):
            web_sessions.authenticate_hash(wrong)  # the raw cookie, the ticket's hash, garbage


def _hash(token: str) -> str:
    return tokens.hash_refresh_token(token)


def test_rotation_spends_the_old_cookie_only_when_its_successor_arrives(frozen: clock.FrozenClock) -> None:
    pair = _web_login()
    first = web_sessions.exchange_handoff(pair.refresh_token).token
    assert web_sessions.rotate(first).action == "keep"  # a fresh cookie is not rotated on every reload
    frozen.advance(timedelta(minutes=6))
    lost = web_sessions.rotate(first)
    assert lost.action == "replace"
    # The Set-Cookie never reached the browser (an aborted navigation): the old cookie still works,
    # now and much later, and no second successor is minted while the first may be in flight.
    frozen.advance(timedelta(minutes=2))
    assert web_sessions.authenticate_hash(_hash(first)).session_id == pair.session_id
    assert web_sessions.rotate(first).action == "keep"
    frozen.advance(timedelta(minutes=6))
    second = web_sessions.rotate(first)
    assert second.action == "replace"
    assert second.token not in {first, lost.token}
    # The browser presents the successor: from now on the old cookie is spent.
    assert web_sessions.authenticate_hash(_hash(second.token)).session_id == pair.session_id
    frozen.advance(timedelta(seconds=10))  # tabs restored together still send the old one: fine
    assert web_sessions.rotate(first).action == "keep"
    assert web_sessions.authenticate_hash(_hash(first)).session_id == pair.session_id


def test_an_old_cookie_after_its_successor_was_used_ends_the_session(frozen: clock.FrozenClock) -> None:
    pair = _web_login()
    first = web_sessions.exchange_handoff(pair.refresh_token).token
    frozen.advance(timedelta(minutes=6))
    second = web_sessions.rotate(first).token
    assert web_sessions.rotate(second).action == "keep"  # the successor is presented on the next page load
    frozen.advance(timedelta(seconds=60))
    with pytest.raises(Unauthorized) as stolen:
        web_sessions.authenticate_hash(_hash(first))  # a copy of the old cookie, used elsewhere
    assert stolen.value.error_code == "REFRESH_REUSED"
    assert _revoked_reason(pair.session_id) == "token_reuse"
    with pytest.raises(Unauthorized):
        web_sessions.authenticate_hash(_hash(second))
    assert web_sessions.rotate(second).action == "clear"


def test_web_sessions_end_at_their_absolute_lifetime(frozen: clock.FrozenClock) -> None:
    with environment(WEB_SESSION_TTL_HOURS="2"):
        pair = _web_login()
        cookie = web_sessions.exchange_handoff(pair.refresh_token).token
        frozen.advance(timedelta(hours=2, seconds=1))
        with pytest.raises(Unauthorized):
            web_sessions.authenticate_hash(tokens.hash_refresh_token(cookie))
        assert web_sessions.rotate(cookie).action == "clear"


@pytest.mark.anyio
async def test_web_cookies_and_tickets_cannot_be_turned_into_rest_tokens() -> None:
    pair = _web_login()
    cookie = web_sessions.exchange_handoff(pair.refresh_token).token
    async with api_client() as client:
        for token in (cookie, pair.refresh_token):
            refused = await client.post("/api/auth/refresh", json={"refresh_token": token})
            assert_envelope(refused, 401, "REFRESH_INVALID")


@pytest.mark.anyio
async def test_the_cookie_endpoint_sets_an_httponly_strict_cookie_and_logout_clears_it() -> None:
    pair = _web_login()
    async with api_client() as client:
        foreign = await client.post(
            "/api/web/session", json={"ticket": pair.refresh_token}, headers={"Origin": "https://evil.example"}
        )
        assert_envelope(foreign, 403, "ORIGIN_REFUSED")
        answer = await client.post("/api/web/session", json={"ticket": pair.refresh_token})
        assert answer.status_code == 204, answer.text
        set_cookie = answer.headers["set-cookie"]
        for attribute in ("__Host-cc_web=ccrt_", "HttpOnly", "SameSite=Strict", "Path=/", "Secure", "Max-Age="):
            assert attribute in set_cookie
        assert "Domain" not in set_cookie
        cookie = set_cookie.split(";")[0].split("=", 1)[1]
        assert_envelope(await client.post("/api/web/session", json={"ticket": pair.refresh_token}), 401)
        out = await client.post("/api/web/logout", headers={"Cookie": f"__Host-cc_web={cookie}"})
        assert out.status_code == 204
        assert "Max-Age=0" in out.headers["set-cookie"]


def test_the_edge_gives_the_socket_only_the_hash_and_drops_forged_hashes() -> None:
    header = "theme=dark; __Host-cc_web=ccrt_secret-value; cc_web_sha256=forged; cc_web=plain"
    rewritten = web_cookie.hashed_for_socket(header)
    for leaked in ("ccrt_secret-value", "forged", "plain"):
        assert leaked not in rewritten
    assert web_sessions.socket_credential(rewritten) == tokens.hash_refresh_token("ccrt_secret-value")
    assert "theme=dark" in rewritten
    assert web_sessions.socket_credential(web_cookie.hashed_for_socket("cc_web_sha256=" + "a" * 64)) == ""


def test_a_planted_twin_cookie_gives_no_credential_at_all() -> None:
    for header in ("__Host-cc_web=ATTACKER; __Host-cc_web=REAL", "__Host-cc_web=; __Host-cc_web=REAL"):
        assert web_cookie.session_cookie(header) == ""
        assert web_sessions.socket_credential(web_cookie.hashed_for_socket(header)) == ""
