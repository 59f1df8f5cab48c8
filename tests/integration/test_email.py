"""Player mail end to end: the address on the profile (REST), staff triggers to an SMTP sink (aiosmtpd) in each
player's language, the local outbox without SMTP, marketing consent and the night-time rule, retries, the
outbox API, validation and roles."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.models.messaging import EmailMessage, NotificationPreference
from casino_app.services.messaging.email import audience, delivery, outbox
from tests.support.accounts import bearer, new_player
from tests.support.api import api_client, assert_envelope
from tests.support.crash_play import staff_token
from tests.support.env import environment
from tests.support.mail import free_port, parts, smtp_sink

pytestmark = pytest.mark.anyio
KST = ZoneInfo("Asia/Seoul")
DAY = datetime(2026, 11, 27, 14, 0, tzinfo=KST)
NIGHT = datetime(2026, 11, 27, 23, 0, tzinfo=KST)
TRIGGER = "/api/admin/email/trigger"
OUTBOX = "/api/admin/email/outbox"


def _key(headers: dict[str, str] | None = None) -> dict[str, str]:
    """``headers`` with a fresh ``Idempotency-Key``."""
    return {**(headers or {}), "Idempotency-Key": str(uuid.uuid4())}


def _player(email: str | None, locale: str = "ko", nickname: str | None = None) -> tuple[int, str, str]:
    """A player with an address and a locale: (id, site id, access token)."""
    pair = new_player(nickname=nickname)
    with session_scope() as db:
        user = db.execute(sa.select(User).where(User.site_id == pair.user.site_id)).scalar_one()
        user.email, user.locale = email, locale
        assert user.id is not None
        return user.id, user.site_id, pair.access_token


def _consent(user_id: int, *, night: bool = False) -> None:
    with session_scope() as db:
        db.add(
            NotificationPreference(
                user_id=user_id,
                marketing_consent_at=clock.now(),
                night_consent_at=clock.now() if night else None,
                updated_at=clock.now(),
            )
        )


def _mails() -> list[EmailMessage]:
    with session_scope() as db:
        return list(db.execute(sa.select(EmailMessage).order_by(EmailMessage.id)).scalars())


async def test_a_player_sets_changes_and_removes_their_address() -> None:
    first = new_player()
    second = new_player()
    route = "/api/users/me/email"
    async with api_client() as client:
        assert (await client.get(route, headers=bearer(first.access_token))).json() == {"email": None}
        put = await client.put(route, json={"email": " Neon.Cat@Example.COM "}, headers=bearer(first.access_token))
        assert put.status_code == 200, put.text
        assert put.json() == {"email": "Neon.Cat@example.com"}
        taken = await client.put(route, json={"email": "neon.cat@EXAMPLE.com"}, headers=bearer(second.access_token))
        assert_envelope(taken, 409, "EMAIL_TAKEN")
        for bad in (
            "no-at-sign",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "한글@example.com",
            "x@-bad.com",
            "a" * 250 + "@e.com",
        ):
            response = await client.put(route, json={"email": bad}, headers=bearer(second.access_token))
            error = assert_envelope(response, 422, "VALIDATION_ERROR")
            assert error["details"]["fields"][0]["code"] == "EMAIL_FORMAT", bad
        changed = await client.put(route, json={"email": "cat2@example.com"}, headers=bearer(first.access_token))
        assert changed.json() == {"email": "cat2@example.com"}
        # the old address is free again
        ok = await client.put(route, json={"email": "neon.cat@example.com"}, headers=bearer(second.access_token))
        assert ok.status_code == 200
        removed = await client.delete(route, headers=bearer(first.access_token))
        assert removed.json() == {"email": None}
        assert_envelope(await client.put(route, json={"email": "x@example.com"}), 401)


async def test_trigger_delivers_each_player_in_their_language_through_smtp() -> None:
    ko_id, ko_site, _ = _player("ko.player@example.com", "ko", nickname="네온고양이")
    en_id, en_site, _ = _player("en.player@example.com", "en", nickname="NeonFox")
    _, operator = staff_token("operator")
    with smtp_sink() as sink, environment(SMTP_HOST="127.0.0.1", SMTP_PORT=str(sink.port), SMTP_STARTTLS="false"):
        async with api_client() as client:
            for site_id in (ko_site, en_site):
                response = await client.post(
                    TRIGGER, json={"template": "welcome", "site_id": site_id}, headers=_key(bearer(operator))
                )
                assert response.status_code == 200, response.text
                body = response.json()
                assert {k: body[k] for k in ("ok", "sent", "targeted", "template")} == {
                    "ok": True,
                    "sent": 1,
                    "targeted": 1,
                    "template": "welcome",
                }
                assert body["delivery"] == "smtp"
        delivery.deliver_pending()  # nothing left: the request already handed them over
    assert len(sink.messages) == 2
    by_to = {m["To"]: m for m in sink.messages}
    ko, en = by_to["ko.player@example.com"], by_to["en.player@example.com"]
    assert ko["Subject"] == "네온고양이님, 카지노 클럽에 오신 걸 환영해요"  # the UTF-8 subject decoded
    assert en["Subject"] == "Welcome to Casino-Club, NeonFox"
    ko_text, ko_html = parts(ko)
    en_text, en_html = parts(en)
    assert "아이디 " + ko_site in ko_text
    assert "골드" in ko_text
    assert f"Your account {en_site} holds" in en_text
    assert "gold" in en_text
    assert "네온고양이" in ko_html
    assert '<html lang="ko">' in ko_html
    assert '<html lang="en">' in en_html
    assert {m.status for m in _mails()} == {"sent"}
    assert all(m.attempts == 1 and m.sent_at is not None for m in _mails())
    assert {m.user_id for m in _mails()} == {ko_id, en_id}


async def test_without_smtp_mail_stays_local_and_staff_read_it() -> None:
    user_id, site_id, _ = _player("local@example.com", "en")
    _, operator = staff_token("operator")
    _, support = staff_token("support")
    variables = {"subject": "Maintenance for {nickname}", "body": "<b>Hi</b> {nickname}, level {level}."}
    async with api_client() as client:
        sent = await client.post(
            TRIGGER,
            json={"template": "custom", "user_id": user_id, "category": "notice", "variables": variables},
            headers=_key(bearer(operator)),
        )
        assert sent.status_code == 200, sent.text
        assert sent.json()["delivery"] == "local"
        page = await client.get(OUTBOX, params={"status": "local"}, headers=bearer(support))
        assert page.status_code == 200, page.text
        (item,) = page.json()["items"]
        assert item["status"] == "local"
        assert item["to_address"] == "local@example.com"
        assert item["site_id"] == site_id
        assert item["category"] == "notice"
        one = (await client.get(f"{OUTBOX}/{item['id']}", headers=bearer(support))).json()
        assert one["subject"].startswith("Maintenance for ")  # a service notice: no advertising prefix
        assert "<b>Hi</b>" in one["body_text"]
        assert "&lt;b&gt;Hi&lt;/b&gt;" in one["body_html"]
        assert "<b>Hi</b>" not in one["body_html"]
        assert (await client.get(OUTBOX, params={"user_id": user_id + 999}, headers=bearer(support))).json()[
            "items"
        ] == []
        assert_envelope(await client.get(f"{OUTBOX}/999999", headers=bearer(support)), 404)
    assert delivery.deliver_pending().local == 0  # already local: the job has nothing to do


def test_marketing_needs_consent_and_waits_for_the_morning() -> None:
    consenting, _, _ = _player("yes@example.com")
    _player("no@example.com")  # no marketing consent
    _player(None)  # no address
    operator_id, _ = staff_token("operator")
    _consent(consenting)
    variables = {"title": "겨울 이벤트", "details": "보상 2배"}
    everyone = audience.Target(segment="all")
    with clock.use_clock(clock.FrozenClock(NIGHT)):
        night = outbox.trigger("event_news", everyone, variables, actor_id=operator_id)
        assert (night.targeted, night.sent, night.deferred) == (3, 1, 1)
        assert night.skipped == {"no_email": 1, "skipped_consent": 1}
        (mail,) = _mails()
        assert (mail.status, mail.user_id) == ("queued", consenting)
        assert mail.subject == "(광고) 겨울 이벤트"
        assert "/notifications" in mail.body_text  # how to withdraw consent
        assert delivery.deliver_pending().deferred == 1
        assert _mails()[0].status == "queued"
    with clock.use_clock(clock.FrozenClock(DAY)):
        assert delivery.deliver_pending().local == 1  # no SMTP here: kept in the outbox after 08:00
        day = outbox.trigger("event_news", everyone, variables, actor_id=operator_id)
    assert (day.targeted, day.sent, day.deferred) == (3, 1, 0)
    assert [m.status for m in _mails()] == ["local", "local"]
    assert {m.user_id for m in _mails()} == {consenting}


async def test_failed_delivery_is_retried_then_marked_failed() -> None:
    user_id, _, _ = _player("retry@example.com")
    _, operator = staff_token("operator")
    with environment(SMTP_HOST="127.0.0.1", SMTP_PORT=str(free_port()), SMTP_STARTTLS="false"):
        async with api_client() as client:
            response = await client.post(
                TRIGGER, json={"template": "password_reset_notice", "user_id": user_id}, headers=_key(bearer(operator))
            )
        assert response.status_code == 200
        (mail,) = _mails()
        assert mail.status == "queued"
        assert mail.attempts == 1
        assert mail.error
        for _ in range(delivery.MAX_ATTEMPTS - 2):
            assert delivery.deliver_pending().retrying == 1
        assert delivery.deliver_pending().failed == 1
    (mail,) = _mails()
    assert mail.status == "failed"
    assert mail.attempts == delivery.MAX_ATTEMPTS
    assert delivery.deliver_pending() == delivery.DeliveryRun()


async def test_bad_requests_get_clear_errors() -> None:
    user_id, site_id, _ = _player("v@example.com")
    _, operator = staff_token("operator")
    cases = [
        ({"template": "nope", "user_id": user_id}, 422, "EMAIL_TEMPLATE_UNKNOWN"),
        ({"template": "welcome"}, 422, "EMAIL_TARGET_REQUIRED"),
        ({"template": "welcome", "user_id": user_id, "site_id": site_id}, 422, "EMAIL_TARGET_REQUIRED"),
        ({"template": "welcome", "segment": "whales"}, 422, "EMAIL_SEGMENT_UNKNOWN"),
        ({"template": "welcome", "site_id": "nobody_here"}, 404, "NOT_FOUND"),
        ({"template": "welcome", "user_id": user_id, "variables": {"x": "1"}}, 422, "EMAIL_VARIABLE_UNKNOWN"),
        ({"template": "event_news", "user_id": user_id, "variables": {"title": "t"}}, 422, "EMAIL_VARIABLE_REQUIRED"),
        (
            {"template": "custom", "user_id": user_id, "variables": {"subject": "s", "body": "{password}"}},
            422,
            "EMAIL_PLACEHOLDER_UNKNOWN",
        ),
        ({"template": "welcome", "user_id": user_id, "category": "notice"}, 422, "EMAIL_CATEGORY_INVALID"),
        ({"template": "welcome", "user_id": "1"}, 422, None),
        ({"template": "welcome", "user_id": user_id, "extra": 1}, 422, None),
    ]
    async with api_client() as client:
        for body, status, code in cases:
            assert_envelope(await client.post(TRIGGER, json=body, headers=_key(bearer(operator))), status, code)
        assert_envelope(await client.get(OUTBOX, params={"status": "lost"}, headers=bearer(operator)), 422)
    assert _mails() == []


async def test_roles_support_reads_operators_send() -> None:
    user_id, _, player = _player("r@example.com")
    _, support = staff_token("support")
    _, operator = staff_token("operator")
    body = {"template": "welcome", "user_id": user_id}
    async with api_client() as client:
        assert_envelope(await client.post(TRIGGER, json=body, headers=_key()), 401)
        assert_envelope(await client.post(TRIGGER, json=body, headers=_key(bearer(player))), 403)
        assert_envelope(await client.post(TRIGGER, json=body, headers=_key(bearer(support))), 403)
        assert_envelope(await client.post("/api/admin/email/preview", json=body, headers=bearer(support)), 403)
        assert_envelope(await client.get(OUTBOX, headers=bearer(player)), 403)
        assert (await client.get(OUTBOX, headers=bearer(support))).status_code == 200
        preview = await client.post("/api/admin/email/preview", json=body, headers=bearer(operator))
        assert preview.status_code == 200
        assert preview.json()["to_address"] == "r@example.com"
        assert _mails() == []  # a preview stores nothing
        assert (await client.post(TRIGGER, json=body, headers=_key(bearer(operator)))).json()["sent"] == 1
    with session_scope() as db:
        actions = db.execute(sa.text("SELECT action, details FROM audit_log")).all()
    assert [a.action for a in actions] == ["email.trigger"]
    assert actions[0].details["sent"] == 1


def _store(user_id: int, category: str, count: int) -> None:
    """``count`` queued mails of ``category`` to the player, as a trigger stores them."""
    with session_scope() as db:
        for n in range(count):
            db.add(
                EmailMessage(
                    user_id=user_id,
                    to_address="q@example.com",
                    template="custom",
                    locale="ko",
                    category=category,
                    subject=f"{category} {n}",
                    body_text="-",
                    body_html="-",
                    created_at=clock.now(),
                )
            )


def test_mail_deferred_to_the_morning_never_holds_back_service_mail() -> None:
    waiting, _, _ = _player("waiting@example.com")
    night_owl, _, _ = _player("owl@example.com")
    _consent(waiting)
    _consent(night_owl, night=True)
    _store(waiting, "marketing", 5)  # older than everything below, and all of them wait for 08:00
    _store(night_owl, "marketing", 1)  # the night consent lets this one go now
    _store(waiting, "account", 2)
    with clock.use_clock(clock.FrozenClock(NIGHT)):
        first = delivery.deliver_pending(limit=2)
        second = delivery.deliver_pending(limit=2)
        assert delivery.deliver_pending(limit=2) == delivery.DeliveryRun(deferred=5)
    assert (first.local, first.deferred, second.local, second.deferred) == (2, 5, 1, 5)
    statuses = {(m.category, m.user_id, m.status) for m in _mails()}
    assert statuses == {
        ("marketing", waiting, "queued"),
        ("marketing", night_owl, "local"),
        ("account", waiting, "local"),
    }
    with clock.use_clock(clock.FrozenClock(DAY)):
        assert delivery.deliver_pending(limit=100).local == 5
    assert {m.status for m in _mails()} == {"local"}


async def test_a_retried_trigger_mails_nobody_twice() -> None:
    for n in range(3):
        _player(f"all{n}@example.com")
    _, operator = staff_token("operator")
    body = {"template": "custom", "segment": "all", "category": "notice", "variables": {"subject": "점검", "body": "b"}}
    headers = _key(bearer(operator))
    async with api_client() as client:
        first = await client.post(TRIGGER, json=body, headers=headers)
        again = await client.post(TRIGGER, json=body, headers=headers)
        changed = await client.post(TRIGGER, json={**body, "segment": "new"}, headers=headers)
        keyless = await client.post(TRIGGER, json=body, headers=bearer(operator))
    assert first.status_code == 200, first.text
    assert first.json()["sent"] == 3
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert_envelope(changed, 409, "IDEMPOTENCY_KEY_REUSED")
    assert_envelope(keyless, 400, "IDEMPOTENCY_KEY_REQUIRED")
    assert len(_mails()) == 3
    with session_scope() as db:
        assert db.execute(sa.text("SELECT count(*) FROM audit_log WHERE action = 'email.trigger'")).scalar() == 1


async def test_the_console_sends_one_checked_mail_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import reflex as rx

    import casino_app.casino_app  # noqa: F401 - registers every state
    from casino_app.services.accounts import identity
    from casino_app.state import auth
    from casino_app.state.admin_mail import AdminMailState as S

    _, site_id, _ = _player("console@example.com")
    staff_id, _ = staff_token("operator")
    staff = identity.load(staff_id)

    async def current(self: object) -> identity.AuthUser:
        return staff

    monkeypatch.setattr(auth.AuthState, "_current_user", current)
    state = await rx.State(_reflex_internal_init=True).get_state(S)  # type: ignore[call-arg]
    await S.check.fn(state, {"template": "welcome", "target_kind": "site_id", "target": site_id})
    checked = dict(state._pending)
    await S.send.fn(state)
    assert state.result["sent"] == "1"
    await S.send.fn(state)  # a second click has nothing checked
    state._pending = checked  # a stale copy of the state sends the same check again: answered, not mailed
    await S.send.fn(state)
    assert state.result["sent"] == "1"
    assert len(_mails()) == 1
