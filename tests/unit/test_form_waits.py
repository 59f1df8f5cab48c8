"""How forms word refusals: a wait without its raw seconds (the page counts down), and the tries left."""

from __future__ import annotations

from casino_app.core.errors import AppError, RateLimited, Unauthorized
from casino_app.state.form_waits import wait_of
from casino_app.state.login import attempts_text


def test_a_wait_keeps_its_seconds_for_the_countdown_and_drops_them_from_the_text() -> None:
    message, seconds = wait_of(RateLimited(retry_after=2765, code="SIGNUP_RATE_LIMITED")) or ({}, 0)
    assert seconds == 2765
    assert message == {
        "ko": "이 네트워크에서 가입 시도가 너무 많습니다.",
        "en": "Too many signups from this network.",
    }
    locked = Unauthorized(code="INVALID_CREDENTIALS", details={"attempts_left": 0, "retry_after": 480})
    assert wait_of(locked) == (
        {
            "ko": "아이디 또는 비밀번호가 올바르지 않습니다. 로그인 실패가 너무 많아 잠시 잠겼습니다.",
            "en": "Wrong ID or password. Too many failed logins; login is locked for a while.",
        },
        480,
    )


def test_codes_without_their_own_wording_get_the_generic_one() -> None:
    assert wait_of(RateLimited(retry_after=30, code="ROUND_TOO_FAST")) == (
        {"ko": "요청이 너무 많습니다.", "en": "Too many requests."},
        30,
    )


def test_refusals_without_a_wait_are_not_waits() -> None:
    assert wait_of(Unauthorized(code="INVALID_CREDENTIALS", details={"attempts_left": 3})) is None
    assert wait_of(AppError(code="X", details={"retry_after": True})) is None
    assert wait_of(AppError(code="X", details={"retry_after": "60"})) is None


def test_tries_left_are_worded_with_the_last_one_apart() -> None:
    assert attempts_text(4) == {
        "ko": "잠기기 전까지 4번 더 시도할 수 있어요.",
        "en": "4 more attempts before login is locked for a while.",
    }
    assert attempts_text(1) == {
        "ko": "한 번 더 틀리면 로그인이 잠시 잠겨요.",
        "en": "One more wrong try locks login for a while.",
    }
    assert attempts_text(0) == {}
    assert attempts_text(None) == {}
    assert attempts_text(True) == {}
