"""Account field rules, token encoding and the rate limiter (pure Python)."""

from __future__ import annotations

import contextlib
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casino_app.core import clock
from casino_app.core.errors import Unauthorized
from casino_app.services import rate_limit
from casino_app.services.accounts import tokens, validation
from casino_app.services.accounts.sessions import describe_device
from casino_app.services.accounts.validation import FieldError


@pytest.mark.parametrize(("raw", "expected"), [("user001", "user001"), ("User_01", "user_01"), (" abcd ", "abcd")])
def test_site_id_accepts(raw: str, expected: str) -> None:
    assert validation.validate_site_id(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "a" * 21, "한글아이디", "user-01", "user 01", "", "user\n01"])
def test_site_id_rejects(raw: str) -> None:
    with pytest.raises(FieldError):
        validation.validate_site_id(raw)


@pytest.mark.parametrize("raw", ["네온", "Neo_1", "가" * 12, "ab"])
def test_nickname_accepts(raw: str) -> None:
    assert validation.validate_nickname(raw) == raw


@pytest.mark.parametrize("raw", ["가", "가" * 13, "😀😀", "a b", "관리자", "ADMIN", "ㄱㄴㄷ"])
def test_nickname_rejects(raw: str) -> None:
    with pytest.raises(FieldError):
        validation.validate_nickname(raw)


def test_password_is_nfc_and_any_script() -> None:
    decomposed = unicodedata.normalize("NFD", "비밀번호입니다요")
    assert validation.normalize_password(decomposed) == "비밀번호입니다요"
    assert validation.normalize_password("пароль-секрет") == "пароль-секрет"
    assert validation.normalize_password("a" * 128) == "a" * 128
    for bad in ("a" * 7, "a" * 129, "        ", "abc\x00defgh"):
        with pytest.raises(FieldError):
            validation.normalize_password(bad)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("010-1234-5678", "+821012345678"),
        ("01012345678", "+821012345678"),
        ("+82 10 1234 5678", "+821012345678"),
        ("+82-10-1234-5678", "+821012345678"),
        ("011-123-4567", "+82111234567"),
        ("", None),
        (None, None),
    ],
)
def test_phone_is_normalised(raw: str | None, expected: str | None) -> None:
    assert validation.normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["02-123-4567", "010-12-345", "phone", "+1 415 555 0100"])
def test_phone_rejects(raw: str) -> None:
    with pytest.raises(FieldError):
        validation.normalize_phone(raw)


@given(st.text(max_size=40))
def test_rules_never_raise_anything_but_field_errors(text: str) -> None:
    for rule in (
        validation.validate_site_id,
        validation.validate_nickname,
        validation.normalize_password,
        validation.normalize_phone,
        validation.validate_invite_code,
    ):
        with contextlib.suppress(FieldError):
            rule(text)


def test_access_token_round_trip_and_rejections(monkeypatch: pytest.MonkeyPatch) -> None:
    session_id = uuid.uuid4()
    token, claims = tokens.issue_access_token(7, session_id)
    decoded = tokens.decode_access_token(token)
    assert (decoded.user_id, decoded.session_id, decoded.jti) == (7, session_id, claims.jti)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "HS256"
    payload = jwt.decode(token, options={"verify_signature": False})
    assert {"exp", "iat", "sub", "jti", "typ"} <= set(payload)
    with pytest.raises(Unauthorized):
        tokens.decode_access_token(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])
    later = clock.FrozenClock(datetime.now(UTC) + timedelta(minutes=31))
    with clock.use_clock(later), pytest.raises(Unauthorized) as expired:
        tokens.decode_access_token(token)
    assert expired.value.error_code == "TOKEN_EXPIRED"


def test_a_remembered_verification_still_checks_time_and_key(monkeypatch: pytest.MonkeyPatch) -> None:
    token, _ = tokens.issue_access_token(7, uuid.uuid4())
    verified: list[str] = []
    real = jwt.decode
    monkeypatch.setattr(tokens.jwt, "decode", lambda *args, **kwargs: verified.append("x") or real(*args, **kwargs))
    assert tokens.decode_access_token(token).user_id == 7
    assert tokens.decode_access_token(token).user_id == 7
    assert verified == ["x"]  # the second answer came from what was verified
    later = clock.FrozenClock(datetime.now(UTC) + timedelta(minutes=31))
    with clock.use_clock(later), pytest.raises(Unauthorized) as expired:
        tokens.decode_access_token(token)
    assert expired.value.error_code == "TOKEN_EXPIRED"
    monkeypatch.setattr(tokens, "signing_key", lambda: "a-different-signing-key-" + "x" * 40)
    with pytest.raises(Unauthorized) as other_key:
        tokens.decode_access_token(token)
    assert other_key.value.error_code == "TOKEN_INVALID"


def test_refresh_tokens_are_opaque_and_only_hashed() -> None:
    token, token_hash = tokens.new_refresh_token()
    assert token.startswith("ccrt_")
    assert len(token_hash) == 64
    assert token not in token_hash
    assert tokens.hash_refresh_token(token) == token_hash
    with pytest.raises(Unauthorized):
        tokens.decode_access_token(token)


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36", "Chrome · Windows"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit Version/17.0 Mobile Safari/604.1",
            "Safari · iOS",
        ),
        ("Mozilla/5.0 (Linux; Android 14; SM-S918N) SamsungBrowser/25.0 Chrome/121", "Samsung Internet · Android"),
        ("python-httpx/0.28.1", "python-httpx"),
        ("", "Unknown device"),
    ],
)
def test_device_labels(agent: str, label: str) -> None:
    assert describe_device(agent) == label


def test_memory_rate_limiter_slides() -> None:
    rate_limit.reset_memory()
    frozen = clock.FrozenClock(datetime(2026, 1, 1, tzinfo=UTC))
    with clock.use_clock(frozen):
        assert [rate_limit.hit("k", 2, 60).allowed for _ in range(3)] == [True, True, False]
        denied = rate_limit.hit("k", 2, 60)
        assert denied.retry_after == 60
        frozen.advance(timedelta(seconds=30))
        assert rate_limit.hit("k", 2, 60).retry_after == 30
        frozen.advance(timedelta(seconds=31))
        assert rate_limit.hit("k", 2, 60).allowed
        assert rate_limit.hit("other", 1, 60).allowed
