"""``/api/admin/notifications`` and ``/api/admin/campaigns``: broadcasts reach players live and once per key,
sends respect the policy, bad input is a 422, and only operators and admins may use any of it."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine
from tests.support.accounts import bearer, new_player
from tests.support.api import api_client, assert_envelope
from tests.support.campaigns import MESSAGE, outcomes, player, realtime_events, received
from tests.support.crash_play import staff_token

pytestmark = pytest.mark.anyio


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def _audit(action: str) -> list[sa.Row]:
    with get_engine().connect() as conn:
        return list(
            conn.execute(
                sa.text("SELECT actor_id, target_id, details FROM audit_log WHERE action = :a ORDER BY id"),
                {"a": action},
            ).all()
        )


async def test_a_broadcast_reaches_every_player_live_once_per_key() -> None:
    first, second = player(), player()
    muted = player(muted=("event",))
    disabled = player(active=False)
    staff_id, token = staff_token("operator")
    body = {"category": "notice", "message": MESSAGE, "reason": "정기 점검 안내"}
    key = _key()
    async with realtime_events() as events, api_client() as client:
        answer = await client.post("/api/admin/notifications/broadcast", json=body, headers={**bearer(token), **key})
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert (result["targeted"], result["sent"], result["skipped"], result["pending"]) == (3, 3, {}, 0)
    assert received("broadcast") == {first: 1, second: 1, muted: 1}  # a notice cannot be muted
    live = {e.user_id: e.data for e in events if e.type == "notification"}
    assert set(live) == {first, second, muted}
    assert live[first]["kind"] == "broadcast"
    assert live[first]["category"] == "notice"
    assert live[first]["params"] == MESSAGE
    assert disabled not in received("broadcast")

    async with api_client() as client:
        again = await client.post("/api/admin/notifications/broadcast", json=body, headers={**bearer(token), **key})
        changed = await client.post(
            "/api/admin/notifications/broadcast",
            json={**body, "reason": "다른 사유"},
            headers={**bearer(token), **key},
        )
        event = await client.post(
            "/api/admin/notifications/broadcast",
            json={**body, "category": "event"},
            headers={**bearer(token), **_key()},
        )
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["broadcast_id"] == result["broadcast_id"]
    assert received("broadcast") == {first: 2, second: 2, muted: 1}  # the replay sent nothing; the event skipped
    assert_envelope(changed, 409, "IDEMPOTENCY_KEY_REUSED")
    assert event.json()["skipped"] == {"skipped_muted": 1}
    assert outcomes(event.json()["broadcast_id"])[muted] == "skipped_muted"
    audits = _audit("messages.broadcast")
    assert len(audits) == 2
    assert audits[0].actor_id == staff_id
    assert audits[0].details["reason"] == "정기 점검 안내"
    assert audits[0].details["after"]["audience"] == 3


async def test_send_to_one_player_by_site_id_reports_policy_skips() -> None:
    pair = new_player()
    uid = pair.user.id
    _, token = staff_token("admin")
    marketing = {"category": "marketing", "message": {"ko": MESSAGE["ko"]}, "reason": "쿠폰 안내"}
    async with api_client() as client:
        skipped = await client.post(
            "/api/admin/notifications/send",
            json={**marketing, "site_id": pair.user.site_id.upper()},
            headers={**bearer(token), **_key()},
        )
        sent = await client.post(
            "/api/admin/notifications/send",
            json={**marketing, "category": "event", "user_id": uid},
            headers={**bearer(token), **_key()},
        )
        unknown = await client.post(
            "/api/admin/notifications/send",
            json={**marketing, "user_id": 2**62},
            headers={**bearer(token), **_key()},
        )
    assert skipped.json() == {
        "targeted": 1,
        "sent": 0,
        "skipped": {"skipped_consent": 1},
        "pending": 0,
        "broadcast_id": None,
    }
    assert sent.json()["sent"] == 1
    assert received("broadcast") == {uid: 1}
    assert_envelope(unknown, 404, "PLAYER_NOT_FOUND")
    assert [row.details["after"]["outcome"] for row in _audit("messages.send")] == ["skipped_consent", "sent"]


async def test_one_player_marketing_skips_a_protectively_flagged_player() -> None:
    flagged = player(consent=True, night=True)
    with get_engine().begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO player_segments (user_id, rfm_group, frequency, monetary_krw, r_score, f_score, m_score,"
                " flags, details, computed_at) VALUES (:u, 'active', 0, 0, 1, 1, 1, '{loss_chasing}', '{}', now())"
            ),
            {"u": flagged},
        )
    _, token = staff_token("operator")
    body = {"message": {"ko": MESSAGE["ko"]}, "reason": "쿠폰 안내", "user_id": flagged}
    async with api_client() as client:
        marketing = await client.post(
            "/api/admin/notifications/send",
            json={**body, "category": "marketing"},
            headers={**bearer(token), **_key()},
        )
        notice = await client.post(
            "/api/admin/notifications/send", json={**body, "category": "notice"}, headers={**bearer(token), **_key()}
        )
    assert marketing.status_code == 200, marketing.text
    assert (marketing.json()["sent"], marketing.json()["skipped"]) == (0, {"skipped_flagged": 1})
    assert notice.json()["sent"] == 1  # a flag protects from marketing, not from service notices
    assert received("broadcast") == {flagged: 1}
    assert [row.details["after"]["outcome"] for row in _audit("messages.send")] == ["skipped_flagged", "sent"]


async def test_campaigns_are_created_listed_previewed_and_cancelled() -> None:
    player()
    _, token = staff_token("operator")
    headers = bearer(token)
    when = (clock.now() + timedelta(hours=2)).astimezone(clock.business_tz()).replace(tzinfo=None)
    body = {
        "name": "주말 이벤트",
        "category": "event",
        "message": MESSAGE,
        "target": {"rank": "STANDARD", "min_level": 1},
        "scheduled_at": when.isoformat(timespec="minutes"),
    }
    async with api_client() as client:
        preview = await client.post("/api/admin/campaigns/preview", json={"target": body["target"]}, headers=headers)
        created = await client.post("/api/admin/campaigns", json=body, headers={**headers, **_key()})
        campaign_id = created.json()["id"]
        listed = await client.get("/api/admin/campaigns", headers=headers)
        one = await client.get(f"/api/admin/campaigns/{campaign_id}", headers=headers)
        cancelled = await client.post(f"/api/admin/campaigns/{campaign_id}/cancel", headers=headers)
        twice = await client.post(f"/api/admin/campaigns/{campaign_id}/cancel", headers=headers)
        missing = await client.get("/api/admin/campaigns/999999", headers=headers)
    assert preview.json() == {"audience": 1}
    assert created.status_code == 201, created.text
    view = created.json()
    assert view["status"] == "scheduled"
    assert view["kind"] == "campaign"
    assert view["scheduled_at"].startswith(when.isoformat(timespec="minutes"))
    assert view["scheduled_at"].endswith("+09:00")
    assert (view["targeted"], view["sent"], view["pending"]) == (1, 0, 1)
    assert [c["id"] for c in listed.json()] == [campaign_id]
    assert one.json()["target"] == {"rank": "STANDARD", "min_level": 1}
    assert cancelled.json()["status"] == "cancelled"
    assert_envelope(twice, 409, "CAMPAIGN_NOT_CANCELLABLE")
    assert_envelope(missing, 404, "CAMPAIGN_NOT_FOUND")
    assert [r.details["after"] for r in _audit("campaigns.cancel")] == [{"status": "cancelled"}]


BAD_BODIES = [
    ("title too long", {"message": {"ko": {"title": "가" * 61, "body": "본문"}}}),
    ("empty body", {"message": {"ko": {"title": "제목", "body": "  "}}}),
    ("no Korean", {"message": {"en": {"title": "Title", "body": "Body"}}}),
    ("body too long", {"message": {"ko": {"title": "제목", "body": "가" * 501}}}),
    ("control character", {"message": {"ko": {"title": "제\u0007목", "body": "본문"}}}),
    ("service category", {"category": "account"}),
    ("reward category", {"category": "reward"}),
    ("no reason", {"reason": ""}),
]


@pytest.mark.parametrize(("case", "change"), BAD_BODIES, ids=[case for case, _ in BAD_BODIES])
async def test_bad_messages_are_422(case: str, change: dict) -> None:
    uid = player()
    _, token = staff_token("operator")
    body = {"category": "notice", "message": MESSAGE, "reason": "안내", **change}
    async with api_client() as client:
        broadcast = await client.post(
            "/api/admin/notifications/broadcast", json=body, headers={**bearer(token), **_key()}
        )
        send = await client.post(
            "/api/admin/notifications/send", json={**body, "user_id": uid}, headers={**bearer(token), **_key()}
        )
    assert_envelope(broadcast, 422)
    assert_envelope(send, 422)
    assert received("broadcast") == {}


async def test_bad_recipients_targets_and_schedules_are_422() -> None:
    uid = player()
    _, token = staff_token("operator")
    headers = {**bearer(token), **_key()}
    now = clock.now().astimezone(clock.business_tz())
    campaign = {"name": "캠페인", "category": "notice", "message": MESSAGE}
    cases = [
        ("/api/admin/notifications/send", {"category": "notice", "message": MESSAGE, "reason": "x"}),
        (
            "/api/admin/notifications/send",
            {"category": "notice", "message": MESSAGE, "reason": "x", "user_id": uid, "site_id": "abcd"},
        ),
        ("/api/admin/campaigns", {**campaign, "scheduled_at": (now - timedelta(hours=1)).isoformat()}),
        ("/api/admin/campaigns", {**campaign, "scheduled_at": (now + timedelta(days=91)).isoformat()}),
        (
            "/api/admin/campaigns",
            {**campaign, "scheduled_at": now.isoformat(), "target": {"min_level": 9, "max_level": 3}},
        ),
        ("/api/admin/campaigns", {**campaign, "scheduled_at": now.isoformat(), "target": {"segment": "whales"}}),
        ("/api/admin/campaigns", {**campaign, "name": "", "scheduled_at": now.isoformat()}),
        ("/api/admin/campaigns/preview", {"target": {"inactive_days": 0}}),
    ]
    async with api_client() as client:
        for path, body in cases:
            assert_envelope(await client.post(path, json=body, headers=headers), 422)
        listed = await client.get("/api/admin/campaigns", headers=headers)
    assert listed.json() == []


async def test_only_operators_and_admins_may_send() -> None:
    pair = new_player()
    _, support = staff_token("support")
    body = {"category": "notice", "message": MESSAGE, "reason": "안내"}
    calls = [
        ("post", "/api/admin/notifications/broadcast", body),
        ("post", "/api/admin/notifications/send", {**body, "user_id": pair.user.id}),
        ("get", "/api/admin/campaigns", None),
        ("post", "/api/admin/campaigns/preview", {}),
        ("get", "/api/admin/campaigns/1", None),
        ("post", "/api/admin/campaigns/1/cancel", None),
    ]
    async with api_client() as client:
        for method, path, payload in calls:
            kwargs = {"json": payload} if payload is not None else {}
            for headers, status in ((bearer(support), 403), (bearer(pair.access_token), 403), ({}, 401)):
                answer = await client.request(method, path, headers={**headers, **_key()}, **kwargs)
                assert_envelope(answer, status)
    assert received("broadcast") == {}
