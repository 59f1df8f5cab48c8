"""Webhook signatures: HMAC over timestamp and raw body, ±5 minutes, two active secrets, strict header parsing."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from casino_app.core.clock import FrozenClock, use_clock
from casino_app.services.payments import signing
from casino_app.services.payments.port import WebhookRejected
from tests.support.env import environment

OLD = "old-secret-Wq8vN3xLm7Rb2Tz5Kc9Hd4Yf6"
NEW = "new-secret-Zr5Mn8Bv2Cx7Lk4Jh9Gf3Ds6"
BODY = b'{"event_id":"e1","status":"approved","amount_krw":4900}'
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[FrozenClock]:
    with use_clock(FrozenClock(NOW)) as frozen:
        yield frozen  # type: ignore[misc]


def _headers(value: str) -> dict[str, str]:
    return {"x-cc-signature": value}


def _code(headers: dict[str, str], body: bytes = BODY) -> str:
    with pytest.raises(WebhookRejected) as caught:
        signing.verify(headers, body)
    return caught.value.code


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body(clock: FrozenClock) -> None:
    with environment(PAYMENT_WEBHOOK_SECRETS=NEW):
        header = signing.sign(BODY)
    ts = int(NOW.timestamp())
    expected = hmac.new(NEW.encode(), f"{ts}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert header == f"t={ts},v1={expected}"


def test_both_active_secrets_verify_and_the_first_signs(clock: FrozenClock) -> None:
    with environment(PAYMENT_WEBHOOK_SECRETS=OLD):
        signed_with_old = signing.sign(BODY)
    with environment(PAYMENT_WEBHOOK_SECRETS=f"{NEW}, {OLD}"):
        signed_with_new = signing.sign(BODY)
        assert signed_with_new != signed_with_old
        assert signing.verify(_headers(signed_with_old), BODY) == int(NOW.timestamp())  # in flight during rotation
        assert signing.verify(_headers(signed_with_new), BODY) == int(NOW.timestamp())
    with environment(PAYMENT_WEBHOOK_SECRETS=NEW):  # the old secret retired
        assert _code(_headers(signed_with_old)) == "WEBHOOK_SIGNATURE"
        signing.verify(_headers(signed_with_new), BODY)


def test_any_of_several_v1_values_may_match(clock: FrozenClock) -> None:
    with environment(PAYMENT_WEBHOOK_SECRETS=NEW):
        header = signing.sign(BODY)
        ts, good = header.split(",")
        signing.verify(_headers(f"{ts},v1={'0' * 64},{good}"), BODY)
        signing.verify(_headers(f"{ts},v0=legacy,{good}"), BODY)  # unknown schemes are ignored


@pytest.mark.parametrize(("offset", "accepted"), [(-300, True), (300, True), (-301, False), (301, False)])
def test_the_window_is_five_minutes_either_way(clock: FrozenClock, offset: int, accepted: bool) -> None:
    with environment(PAYMENT_WEBHOOK_SECRETS=NEW):
        header = signing.sign(BODY, timestamp=int(NOW.timestamp()) + offset)
        if accepted:
            signing.verify(_headers(header), BODY)
        else:
            assert _code(_headers(header)) == "WEBHOOK_STALE"


def test_moving_the_clock_makes_a_captured_delivery_stale(clock: FrozenClock) -> None:
    with environment(PAYMENT_WEBHOOK_SECRETS=NEW):
        header = signing.sign(BODY)
        clock.advance(timedelta(minutes=5, seconds=1))
        assert _code(_headers(header)) == "WEBHOOK_STALE"


def test_a_stale_delivery_with_a_bad_signature_is_a_signature_failure(clock: FrozenClock) -> None:
    with environment(PAYMENT_WEBHOOK_SECRETS=NEW):
        assert _code(_headers(f"t={int(NOW.timestamp()) - 3600},v1={'a' * 64}")) == "WEBHOOK_SIGNATURE"


def test_a_tampered_body_or_timestamp_fails(clock: FrozenClock) -> None:
    with environment(PAYMENT_WEBHOOK_SECRETS=NEW):
        header = signing.sign(BODY)
        assert _code(_headers(header), BODY.replace(b"4900", b"9400")) == "WEBHOOK_SIGNATURE"
        assert _code(_headers(header), BODY + b" ") == "WEBHOOK_SIGNATURE"
        ts, sig = header.split(",")
        moved = f"t={int(ts[2:]) + 1},{sig}"
        assert _code(_headers(moved)) == "WEBHOOK_SIGNATURE"


@pytest.mark.parametrize(
    "header",
    [
        "",
        "garbage",
        "t=1700000000",
        "v1=" + "a" * 64,
        "t=abc,v1=" + "a" * 64,
        "t=-5,v1=" + "a" * 64,
        "t=１７,v1=" + "a" * 64,
        "t=1,t=2,v1=" + "a" * 64,
        "t=1700000000,v1=xyz",
        "t=1700000000,v1=" + "A" * 64,
        "t=1700000000,v1=" + "a" * 63,
        "t=1700000000,v1",
        "t=1700000000," + "v1=" + "a" * 64 + "," * 2000,
    ],
)
def test_malformed_headers_are_signature_failures(clock: FrozenClock, header: str) -> None:
    with environment(PAYMENT_WEBHOOK_SECRETS=NEW):
        assert _code(_headers(header)) == "WEBHOOK_SIGNATURE"


def test_a_missing_header_is_a_signature_failure(clock: FrozenClock) -> None:
    with environment(PAYMENT_WEBHOOK_SECRETS=NEW):
        assert _code({}) == "WEBHOOK_SIGNATURE"
        assert signing.header_value({"X-CC-Signature": "x"}) == "x"


def test_without_configured_secrets_a_local_secret_is_generated_once(tmp_path: object) -> None:
    with environment(PAYMENT_WEBHOOK_SECRETS=None, DATA_DIR=str(tmp_path)):
        first = signing.webhook_secrets()
        assert len(first) == 1
        assert len(first[0]) >= 32
        assert signing.webhook_secrets() == first
