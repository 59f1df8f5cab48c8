"""Signup's live checks and its order: availability (never counted as a signup), and refusals before the
per-IP signup limit counts anything."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict, RateLimited, ValidationFailed
from casino_app.models.accounts import User
from casino_app.services.accounts import availability, invites, sessions, users
from tests.support.accounts import INVITE, PASSWORD, ensure_invite, new_player
from tests.support.api import api_client, assert_envelope
from tests.support.env import environment

pytestmark = pytest.mark.anyio
HOME = "203.0.113.7"  # one client IP for a whole test


def _signup(site_id: str, nickname: str, invite: str = INVITE, ip: str = HOME) -> sessions.TokenPair:
    return users.signup(users.SignupInput(site_id, nickname, PASSWORD, invite), sessions.ClientInfo(ip=ip))


def _users() -> int:
    with session_scope() as db:
        return int(db.scalar(sa.select(sa.func.count()).select_from(User)) or 0)


def test_check_answers_each_field_by_the_signup_rules() -> None:
    new_player(site_id="taken_id", nickname="먼저온사람")
    answers = availability.check(HOME, site_id="Taken_ID", nickname="먼저온사람")
    assert (answers["site_id"].available, answers["site_id"].code, answers["site_id"].value) == (
        False,
        "SITE_ID_TAKEN",
        "taken_id",  # upper case folded, as signup stores it
    )
    assert (answers["nickname"].available, answers["nickname"].code) == (False, "NICKNAME_TAKEN")
    free = availability.check(HOME, site_id="fresh_id", nickname="새사람")
    assert [(a.field, a.available, a.code, a.value) for a in free.values()] == [
        ("site_id", True, None, "fresh_id"),
        ("nickname", True, None, "새사람"),
    ]
    bad = availability.check(HOME, site_id="X!", nickname="운영자")
    assert {f: (a.available, a.code, a.value) for f, a in bad.items()} == {
        "site_id": (False, "SITE_ID_FORMAT", ""),
        "nickname": (False, "NICKNAME_RESERVED", ""),
    }
    assert availability.check(HOME, nickname=" ")["nickname"].code == "REQUIRED"
    assert set(availability.check(HOME, site_id="only_id")) == {"site_id"}


def test_nicknames_are_taken_in_any_letter_case() -> None:
    new_player(nickname="NeonCat")
    assert availability.check(HOME, nickname="neoncat")["nickname"].code == "NICKNAME_TAKEN"


def test_live_checks_have_their_own_window() -> None:
    with environment(SIGNUP_CHECK_RATE_LIMIT_PER_MINUTE="3"):
        for n in range(3):
            availability.check(HOME, site_id=f"look_{n}")
        with pytest.raises(RateLimited) as refused:
            availability.check(HOME, site_id="look_3")
        assert refused.value.error_code == "AVAILABILITY_RATE_LIMITED"
        assert 1 <= refused.value.details["retry_after"] <= 60
        availability.check("198.51.100.2", site_id="look_3")  # another address has its own window
        for n in range(3):  # addresses of one IPv6 /64 share a window
            availability.check(f"2001:db8:1:2::{n + 1}", site_id=f"six_{n}")
        with pytest.raises(RateLimited, match="AVAILABILITY_RATE_LIMITED"):
            availability.check("2001:db8:1:2::ffff", site_id="six_3")


def test_availability_checks_have_a_ceiling_for_everyone() -> None:
    with environment(SIGNUP_CHECK_RATE_LIMIT_GLOBAL_PER_MINUTE="4"):
        for n in range(4):
            availability.check(f"198.51.100.{n + 10}", site_id=f"all_{n}")
        with pytest.raises(RateLimited, match="AVAILABILITY_RATE_LIMITED"):
            availability.check("198.51.100.99", site_id="all_4")


def test_refused_signups_never_use_up_the_signup_limit() -> None:
    ensure_invite()
    new_player(site_id="occupied", nickname="차지한사람")
    invites.create(actor_id=None, code="GONE-1", max_uses=1)  # type: ignore[arg-type]
    _signup("uses_gone", "마지막손님", invite="GONE-1", ip="198.51.100.9")
    with environment(SIGNUP_RATE_LIMIT_PER_HOUR="2"):
        before = _users()
        for _ in range(3):  # each kind of refusal, three times over: six times the limit
            with pytest.raises(Conflict, match="SITE_ID_TAKEN"):
                _signup("occupied", "다른사람")
            with pytest.raises(Conflict, match="NICKNAME_TAKEN"):
                _signup("other_one", "차지한사람")
            with pytest.raises(ValidationFailed, match="INVITE_EXHAUSTED"):
                _signup("other_two", "다른손님", invite="GONE-1")
            with pytest.raises(ValidationFailed, match="INVITE_UNKNOWN"):
                _signup("other_three", "다른손님", invite="NOPE-404")
            with pytest.raises(ValidationFailed):
                _signup("X!", "가")
            availability.check(HOME, site_id="occupied", nickname="차지한사람")
        assert _users() == before
        # Both of the hour's signups are still there, and only then does the limit answer.
        _signup("first_in", "첫번째")
        _signup("second_in", "두번째")
        with pytest.raises(RateLimited, match="SIGNUP_RATE_LIMITED"):
            _signup("third_in", "세번째")
        # A taken ID is still named as such after the limit is reached (it is refused before the limit counts).
        with pytest.raises(Conflict, match="SITE_ID_TAKEN"):
            _signup("first_in", "네번째")
    assert _users() == before + 2


def test_every_signup_attempt_counts_in_the_availability_window_before_any_lookup() -> None:
    """A refusal is an answer about which IDs exist: beyond the window every attempt gets the same 429, so a
    blocked caller cannot tell a taken ID from a free one."""
    new_player(site_id="guarded", nickname="지키는사람")
    with environment(SIGNUP_CHECK_RATE_LIMIT_PER_MINUTE="2"):
        for _ in range(2):
            with pytest.raises(Conflict, match="SITE_ID_TAKEN"):
                _signup("guarded", "엿보는사람")
        with pytest.raises(RateLimited, match="AVAILABILITY_RATE_LIMITED"):
            _signup("guarded", "엿보는사람")
        with pytest.raises(RateLimited, match="AVAILABILITY_RATE_LIMITED"):
            _signup("free_one", "빈자리손님")  # a free ID answers the same
        _signup("honest_one", "정직한사람", ip="198.51.100.77")  # another network signs up as usual


async def test_the_availability_route_answers_per_field() -> None:
    new_player(site_id="api_taken", nickname="에이피아이")
    async with api_client() as client:
        response = await client.post("/api/auth/availability", json={"site_id": "API_TAKEN", "nickname": "빈이름"})
        assert response.status_code == 200, response.text
        assert response.json() == {
            "site_id": {"available": False, "value": "api_taken", "code": "SITE_ID_TAKEN"},
            "nickname": {"available": True, "value": "빈이름", "code": None},
        }
        only = await client.post("/api/auth/availability", json={"nickname": "a b"})
        assert only.json() == {
            "site_id": None,
            "nickname": {"available": False, "value": "", "code": "NICKNAME_FORMAT"},
        }
        too_long = await client.post("/api/auth/availability", json={"site_id": "x" * 81})
        assert_envelope(too_long, 422, "VALIDATION_ERROR")


async def test_the_availability_route_is_rate_limited() -> None:
    with environment(SIGNUP_CHECK_RATE_LIMIT_PER_MINUTE="2"):
        async with api_client() as client:
            for _ in range(2):
                assert (await client.post("/api/auth/availability", json={"site_id": "someone"})).status_code == 200
            refused = await client.post("/api/auth/availability", json={"site_id": "someone"})
    error = assert_envelope(refused, 429, "AVAILABILITY_RATE_LIMITED")
    assert int(refused.headers["retry-after"]) == error["details"]["retry_after"] > 0
