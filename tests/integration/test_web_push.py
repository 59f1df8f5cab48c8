"""Web push end to end: VAPID keys, subscriptions over REST, and pushes a local push service receives and decrypts.

The push service is ``tests.support.fake_push`` on a loopback port over plain http. The service accepts such an
endpoint only outside production (tests run with ``APP_ENV=test``); a test below shows production refuses it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from casino_app.api import web_cookie
from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.models.messaging import PushSubscription
from casino_app.services import notifications, realtime
from casino_app.services.accounts import sessions, web_sessions
from casino_app.services.accounts.validation import FieldError
from casino_app.services.messaging import push, vapid
from casino_app.settings import ConfigError, Settings, load_settings
from tests.support.accounts import PASSWORD, bearer, new_player
from tests.support.api import api_client, assert_envelope
from tests.support.care import staff_headers
from tests.support.env import environment
from tests.support.fake_push import Browser, FakePushService, b64url, fake_push_service, unb64url

pytestmark = pytest.mark.anyio

SUBSCRIPTIONS = "/api/push/subscriptions"
ORIGIN = {"Origin": "http://localhost:3000"}


@pytest.fixture
def service() -> Iterator[FakePushService]:
    with fake_push_service() as running:
        yield running


def _subscribe(user_id: int, service: FakePushService, browser: Browser, name: str = "a") -> str:
    endpoint = service.endpoint(f"{name}-{uuid.uuid4().hex[:8]}")
    push.subscribe(user_id, endpoint, browser.p256dh, browser.auth)
    return endpoint


def _notify(user_id: int, kind: str, **params: object) -> None:
    with session_scope() as db:
        assert notifications.notify(db, user_id, kind, **params)
    assert push.drain(10)


def _rows(user_id: int | None = None) -> list[sa.Row]:
    table = PushSubscription.__table__
    query = sa.select(table.c.user_id, table.c.endpoint, table.c.failures, table.c.last_success_at).order_by(table.c.id)
    if user_id is not None:
        query = query.where(table.c.user_id == user_id)
    with session_scope() as db:
        return list(db.execute(query).all())


def _body(endpoint: str, browser: Browser, **extra: object) -> dict[str, object]:
    return {"endpoint": endpoint, "keys": {"p256dh": browser.p256dh, "auth": browser.auth}, **extra}


# --- VAPID keys ----------------------------------------------------------------------------------------------


async def test_the_public_key_is_the_uncompressed_point_of_a_key_kept_in_the_data_dir(tmp_path: Path) -> None:
    with environment(DATA_DIR=str(tmp_path), VAPID_PRIVATE_KEY=None):
        async with api_client() as client:
            first = await client.get("/api/push/public-key")
            again = await client.get("/api/push/public-key")
        assert first.status_code == 200, first.text
        key = first.json()["public_key"]
        assert key == again.json()["public_key"] == vapid.public_key()
        point = unb64url(key)
        assert len(point) == 65
        assert point[0] == 4
        stored = (tmp_path / vapid.KEY_FILE).read_bytes()
        private = serialization.load_pem_private_key(stored, password=None)
        assert isinstance(private, ec.EllipticCurvePrivateKey)
        assert (
            private.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
            == point
        )


def test_a_configured_key_wins_in_pem_or_raw_form_and_a_bad_one_stops_start_up(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    raw = b64url(key.private_numbers().private_value.to_bytes(32, "big"))
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    expected = b64url(
        key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    for value in (raw, pem):
        with environment(VAPID_PRIVATE_KEY=value, DATA_DIR=str(tmp_path)):
            assert vapid.public_key() == expected
    assert not (tmp_path / vapid.KEY_FILE).exists()
    for bad in ("not-a-key", b64url(b"\x01" * 31)):
        with pytest.raises(ConfigError, match="VAPID_PRIVATE_KEY"):
            load_settings(vapid_private_key=bad)
    with pytest.raises(ConfigError, match="VAPID_SUBJECT"):
        load_settings(vapid_subject="webmaster@example.com")  # a mailto: or https: URI, not a bare address


# --- subscriptions over REST ---------------------------------------------------------------------------------


async def test_subscribe_validates_endpoint_and_keys_and_upserts_by_endpoint(service: FakePushService) -> None:
    alice, bob = new_player(), new_player()
    browser = Browser()
    endpoint = service.endpoint("shared")
    async with api_client() as client:
        assert_envelope(await client.post(SUBSCRIPTIONS, json=_body(endpoint, browser)), 401, "TOKEN_MISSING")
        assert_envelope(await client.post(SUBSCRIPTIONS, json=_body(endpoint, browser), headers=ORIGIN), 401)
        staff = await staff_headers(client)
        assert_envelope(await client.post(SUBSCRIPTIONS, json=_body(endpoint, browser), headers=staff), 403)
        headers = bearer(alice.access_token)
        bad_bodies = [
            _body("http://push.example.com/x", browser),  # plain http to a real host
            _body("https://10.1.2.3/x", browser),  # a private address
            _body("https://push.example.com:8443/x", browser),  # push services use the standard port
            _body("https://push.example.com/x#frag", browser),
            _body("https://push.localhost/x", browser),
            _body("https://metadata.internal/x", browser),  # not a browser push service (no internal calls)
            _body("https://fcm.googleapis.com.evil.example/x", browser),
            _body("https://user:pw@push.example.com/x", browser),  # credentials
            _body("https://push.example.com/" + "x" * 1000, browser),  # longer than 1000
            _body("ftp://push.example.com/x", browser),
            {"endpoint": endpoint, "keys": {"p256dh": browser.p256dh[:-4], "auth": browser.auth}},
            {"endpoint": endpoint, "keys": {"p256dh": b64url(b"\x04" + b"\x01" * 64), "auth": browser.auth}},
            {"endpoint": endpoint, "keys": {"p256dh": browser.p256dh, "auth": b64url(b"\x00" * 15)}},
            {"endpoint": endpoint, "keys": {"p256dh": browser.p256dh, "auth": "not base64!"}},
            {"endpoint": endpoint, "keys": {"p256dh": browser.p256dh}},
            _body(endpoint, browser, expirationTime=None),  # unknown fields are refused
        ]
        for body in bad_bodies:
            assert_envelope(await client.post(SUBSCRIPTIONS, json=body, headers=headers), 422)
        assert _rows() == []

        created = await client.post(SUBSCRIPTIONS, json=_body(endpoint, browser), headers=headers)
        assert created.status_code == 201, created.text
        assert created.json()["created"] is True
        assert created.json()["endpoint"] == endpoint
        refreshed = await client.post(SUBSCRIPTIONS, json=_body(endpoint, browser), headers=headers)
        assert (refreshed.status_code, refreshed.json()["created"]) == (200, False)
        assert [row.user_id for row in _rows()] == [alice.user.id]

        # Bob signs in on the same browser and subscribes: the endpoint is his now.
        moved = await client.post(SUBSCRIPTIONS, json=_body(endpoint, browser), headers=bearer(bob.access_token))
        assert moved.status_code == 200, moved.text
        assert [row.user_id for row in _rows()] == [bob.user.id]

        # Only the owner removes it.
        gone = {"endpoint": endpoint}
        assert_envelope(
            await client.request("DELETE", SUBSCRIPTIONS, json=gone, headers=headers),
            404,
            "PUSH_SUBSCRIPTION_NOT_FOUND",
        )
        assert len(_rows()) == 1
        deleted = await client.request("DELETE", SUBSCRIPTIONS, json=gone, headers=bearer(bob.access_token))
        assert deleted.status_code == 204, deleted.text
        assert _rows() == []
        again = await client.request("DELETE", SUBSCRIPTIONS, json=gone, headers=bearer(bob.access_token))
        assert_envelope(again, 404, "PUSH_SUBSCRIPTION_NOT_FOUND")


async def test_the_web_app_subscribes_with_its_cookie_from_its_own_origin_only(service: FakePushService) -> None:
    site_id = f"webpush{uuid.uuid4().hex[:6]}"
    user = new_player(site_id).user.id
    client_info = sessions.ClientInfo(ip="10.9.9.9", user_agent="pytest-browser")
    pair = sessions.login(site_id, PASSWORD, portal=sessions.PLAYER, client=client_info, channel=sessions.WEB)
    cookie = {"Cookie": f"{web_cookie.cookie_name()}={web_sessions.exchange_handoff(pair.refresh_token).token}"}
    body = _body(service.endpoint("web"), Browser())
    async with api_client() as client:
        assert_envelope(await client.post(SUBSCRIPTIONS, json=body, headers=cookie), 403, "ORIGIN_REFUSED")
        foreign = {**cookie, "Origin": "https://evil.example"}
        assert_envelope(await client.post(SUBSCRIPTIONS, json=body, headers=foreign), 403, "ORIGIN_REFUSED")
        cross = {**cookie, **ORIGIN, "Sec-Fetch-Site": "cross-site"}
        assert_envelope(await client.post(SUBSCRIPTIONS, json=body, headers=cross), 403, "ORIGIN_REFUSED")
        ok = await client.post(SUBSCRIPTIONS, json=body, headers={**cookie, **ORIGIN, "Sec-Fetch-Site": "same-origin"})
        assert ok.status_code == 201, ok.text
    assert [row.user_id for row in _rows()] == [user]


def test_a_player_keeps_at_most_ten_browsers(service: FakePushService) -> None:
    user = new_player().user.id
    endpoints = [_subscribe(user, service, Browser(), f"b{i}") for i in range(push.MAX_SUBSCRIPTIONS_PER_PLAYER + 2)]
    kept = {row.endpoint for row in _rows(user)}
    assert kept == set(endpoints[2:])  # the two oldest went


def test_production_refuses_loopback_and_plain_http_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    assert push.validate_endpoint("http://127.0.0.1:9/push") == "http://127.0.0.1:9/push"  # APP_ENV=test
    production = Settings.model_construct(app_env="production")
    monkeypatch.setattr(push, "get_settings", lambda: production)
    for endpoint in ("http://127.0.0.1:9/push", "https://127.0.0.1:9/push", "https://localhost/push"):
        with pytest.raises(FieldError):
            push.validate_endpoint(endpoint)
    for endpoint in (
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "https://web.push.apple.com/QGuQyavXutnMH",
        "https://wns2-by3p.notify.windows.com/w/?token=abc",
    ):
        assert push.validate_endpoint(endpoint) == endpoint


# --- delivery --------------------------------------------------------------------------------------------------


def test_a_notification_with_no_open_tab_arrives_signed_and_encrypted(service: FakePushService) -> None:
    user = new_player().user.id
    browser = Browser()
    endpoint = _subscribe(user, service, browser)
    _notify(user, "level_up", level=5)
    assert len(service.received) == 1
    got = service.received[0]
    assert got.path == endpoint.removeprefix(service.origin)
    got.claims(service.origin, vapid.public_key())
    assert got.headers["ttl"] == str(push.TTL_SECONDS)
    message = got.decrypt(browser)
    assert message["title"] == "카지노 클럽"
    assert message["body"] == "레벨 5 달성! 축하해요."
    assert message["url"] == "/notifications"
    assert message["lang"] == "ko"
    assert message["tag"].startswith("cc-notification-")
    (row,) = _rows(user)
    assert row.failures == 0
    assert row.last_success_at is not None


def test_the_push_speaks_the_players_language_and_carries_operator_words(service: FakePushService) -> None:
    user = new_player().user.id
    with session_scope() as db:
        db.execute(sa.update(User.__table__).where(User.__table__.c.id == user).values(locale="en"))
    browser = Browser()
    _subscribe(user, service, browser)
    _notify(user, "level_up", level=7)
    message = {
        "ko": {"title": "점검 안내", "body": "내일 새벽 점검이 있어요."},
        "en": {"title": "Maintenance", "body": "Tonight."},
    }
    _notify(user, "broadcast", category="notice", **message)
    first, second = (received.decrypt(browser) for received in service.received)
    assert (first["title"], first["lang"]) == ("Casino Club", "en")
    assert "7" in first["body"]
    assert first["body"].isascii()
    assert (second["title"], second["body"]) == ("Maintenance", "Tonight.")


def test_an_open_tab_gets_it_live_and_no_push(service: FakePushService) -> None:
    user = new_player().user.id
    _subscribe(user, service, Browser())
    realtime.register_tab(user, "tab-open")
    try:
        _notify(user, "level_up", level=2)
        assert push.deliver(user, 1, "level_up", {"level": 2}) == push.DeliveryReport(skipped="open_tab")
    finally:
        realtime.unregister_tab(user, "tab-open")
    assert service.received == []
    _notify(user, "level_up", level=3)  # the tab closed (logged out): the next one is pushed
    assert len(service.received) == 1


@pytest.mark.redis
def test_an_open_tab_registered_in_redis_also_holds_the_push(service: FakePushService, redis_url: str) -> None:
    with environment(REDIS_URL=redis_url):
        user = new_player().user.id
        _subscribe(user, service, Browser())
        realtime.register_tab(user, "tab-on-another-worker")
        _notify(user, "level_up", level=2)
        assert service.received == []
        realtime.unregister_tab(user, "tab-on-another-worker")
        _notify(user, "level_up", level=3)
        assert len(service.received) == 1


def _notify_then_fail(user_id: int) -> None:
    with session_scope() as db:
        notifications.notify(db, user_id, "level_up", level=3)
        raise RuntimeError("the business action failed")


def test_nothing_is_pushed_for_a_rolled_back_notification_or_without_a_subscription(service: FakePushService) -> None:
    user = new_player().user.id
    _notify(user, "level_up", level=2)  # no subscription yet: nothing is even queued
    _subscribe(user, service, Browser())
    with pytest.raises(RuntimeError, match="business action failed"):
        _notify_then_fail(user)
    assert push.drain(10)
    assert service.received == []


def test_410_deletes_the_subscription_and_other_failures_are_counted(service: FakePushService) -> None:
    user, other = new_player().user.id, new_player().user.id
    _subscribe(user, service, Browser(), "gone")
    service.status = 410
    _notify(user, "level_up", level=2)
    assert len(service.received) == 1
    assert _rows(user) == []

    _subscribe(other, service, Browser(), "flaky")
    service.status = 500
    for attempt in range(1, push.MAX_FAILURES):
        _notify(other, "level_up", level=attempt)
        assert [row.failures for row in _rows(other)] == [attempt]
    service.status = 201
    _notify(other, "level_up", level=9)
    assert [row.failures for row in _rows(other)] == [0]  # a success resets the count
    service.status = 429
    for attempt in range(push.MAX_FAILURES):
        _notify(other, "level_up", level=attempt)
    assert _rows(other) == []  # dropped after MAX_FAILURES failures in a row


def test_an_unreachable_push_service_counts_as_a_failure() -> None:
    user = new_player().user.id
    with fake_push_service() as stopped:
        endpoint = stopped.endpoint("down")
    push.subscribe(user, endpoint, Browser().p256dh, Browser().auth)
    report = push.deliver(user, 1, "level_up", {"level": 2})
    assert (report.sent, report.failed) == (0, 1)
    assert [row.failures for row in _rows(user)] == [1]
