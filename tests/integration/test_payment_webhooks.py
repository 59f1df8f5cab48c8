"""POST /api/payments/webhooks/{provider}: signed, time-boxed, each event processed exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from casino_app.core.db import session_scope
from casino_app.models.payments import PaymentWebhookEvent, SandboxPayment
from casino_app.services.payments.port import PaymentStatus, WebhookEvent
from casino_app.services.payments.sandbox import SandboxGateway
from tests.support.api import api_client, assert_envelope
from tests.support.env import environment
from tests.support.payments import SECRETS, RecordingHandler, install_handler, signed

pytestmark = pytest.mark.anyio
URL = "/api/payments/webhooks/sandbox"


@pytest.fixture(autouse=True)
def _secrets() -> Iterator[None]:
    with environment(PAYMENT_WEBHOOK_SECRETS=SECRETS):
        yield


@pytest.fixture
def handler(monkeypatch: pytest.MonkeyPatch) -> RecordingHandler:
    return install_handler(monkeypatch, RecordingHandler())


def _event(event_id: str = "sbx_evt.approved", order: str = "CC-1", amount: int = 4_900) -> dict:
    return {
        "event_id": event_id,
        "payment_ref": "sbx_" + "a" * 24,
        "order_code": order,
        "status": "approved",
        "amount_krw": amount,
    }


def _failures(reason: str, provider: str = "sandbox") -> float:
    value = REGISTRY.get_sample_value(
        "cc_payment_webhook_signature_failures_total", {"provider": provider, "reason": reason}
    )
    return value or 0.0


def _event_rows() -> int:
    with session_scope() as session:
        return session.execute(sa.select(sa.func.count()).select_from(PaymentWebhookEvent)).scalar_one()


async def test_a_verified_event_reaches_the_shop_once_and_a_replay_is_a_no_op(handler: RecordingHandler) -> None:
    body, headers = signed(_event())
    async with api_client() as client:
        first = await client.post(URL, content=body, headers=headers)
        replay = await client.post(URL, content=body, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json() == {"received": True, "duplicate": False}
    assert replay.json() == {"received": True, "duplicate": True}
    assert len(handler.calls) == 1
    provider, event = handler.calls[0]
    assert provider == "sandbox"
    assert event == WebhookEvent("sbx_evt.approved", "CC-1", "sbx_" + "a" * 24, PaymentStatus.APPROVED, 4_900)
    with session_scope() as session:
        row = session.execute(sa.select(PaymentWebhookEvent)).scalar_one()
    assert (row.provider, row.event_id, row.order_code, row.status) == (
        "sandbox",
        "sbx_evt.approved",
        "CC-1",
        "approved",
    )
    assert len(row.body_sha256) == 64


async def test_a_bad_signature_is_401_counted_and_changes_nothing(handler: RecordingHandler) -> None:
    body, headers = signed(_event())
    before = _failures("signature")
    async with api_client() as client:
        tampered = await client.post(URL, content=body.replace(b"4900", b"49000"), headers=headers)
        unsigned = await client.post(URL, content=body, headers={"Content-Type": "application/json"})
        forged = await client.post(URL, content=body, headers={**headers, "X-CC-Signature": "t=1,v1=" + "0" * 64})
    for response in (tampered, unsigned, forged):
        assert_envelope(response, 401, "WEBHOOK_SIGNATURE")
    assert _failures("signature") == before + 3
    assert handler.calls == []
    assert _event_rows() == 0


async def test_a_stale_timestamp_is_401_and_counted(handler: RecordingHandler) -> None:
    import time

    body, headers = signed(_event(), timestamp=int(time.time()) - 301)
    before = _failures("stale")
    async with api_client() as client:
        response = await client.post(URL, content=body, headers=headers)
    assert_envelope(response, 401, "WEBHOOK_STALE")
    assert _failures("stale") == before + 1
    assert handler.calls == []


async def test_a_signed_body_that_is_no_event_is_400(handler: RecordingHandler) -> None:
    async with api_client() as client:
        for document in ({"event_id": "x"}, {**_event(), "amount_krw": "4900"}, {**_event(), "status": "paid"}):
            body, headers = signed(document)
            assert_envelope(await client.post(URL, content=body, headers=headers), 400, "WEBHOOK_PAYLOAD")
    assert handler.calls == []


async def test_an_unknown_provider_is_404(handler: RecordingHandler) -> None:
    body, headers = signed(_event())
    async with api_client() as client:
        response = await client.post("/api/payments/webhooks/paypal", content=body, headers=headers)
    assert_envelope(response, 404, "PAYMENT_PROVIDER_UNKNOWN")


async def test_a_failing_shop_rolls_the_event_back_so_the_retry_is_processed(handler: RecordingHandler) -> None:
    attempts: list[int] = []

    def fail_first(provider: str, event: WebhookEvent) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("database hiccup in the shop")

    handler.effect = fail_first
    body, headers = signed(_event())
    async with api_client() as client:
        failed = await client.post(URL, content=body, headers=headers)
        assert failed.status_code == 500
        assert _event_rows() == 0
        retried = await client.post(URL, content=body, headers=headers)
    assert retried.json() == {"received": True, "duplicate": False}
    assert len(handler.calls) == 2
    assert _event_rows() == 1


async def test_a_hundred_concurrent_deliveries_take_effect_once(handler: RecordingHandler) -> None:
    start = SandboxGateway().start(order_code="CC-RACE", amount_krw=1_000, title="race", return_url="/shop")
    ref = start.payment_ref

    def credit(provider: str, event: WebhookEvent) -> None:  # not idempotent on purpose: counts in the database
        with session_scope() as session:
            session.execute(
                sa.update(SandboxPayment)
                .where(SandboxPayment.payment_ref == ref)  # type: ignore[arg-type]
                .values(amount_krw=SandboxPayment.amount_krw + 1)
            )

    handler.effect = credit
    body, headers = signed(_event(event_id="race-1", order="CC-RACE"))
    async with api_client() as client:
        responses = await asyncio.gather(*(client.post(URL, content=body, headers=headers) for _ in range(100)))
    assert [r.status_code for r in responses] == [200] * 100
    assert sum(1 for r in responses if not r.json()["duplicate"]) == 1
    assert len(handler.calls) == 1
    with session_scope() as session:
        amount = session.execute(
            sa.select(SandboxPayment.amount_krw).where(SandboxPayment.payment_ref == ref)  # type: ignore[arg-type]
        ).scalar_one()
    assert amount == 1_001
    assert _event_rows() == 1


async def test_toss_webhooks_only_say_which_payment_changed(handler: RecordingHandler) -> None:
    document = {
        "eventType": "PAYMENT_STATUS_CHANGED",
        "createdAt": "2026-11-28T12:00:00.000000",
        "data": {"paymentKey": "tgen_abc", "orderId": "CC-9", "status": "DONE", "totalAmount": 1},
    }
    with environment(PAYMENT_WEBHOOK_SECRETS=SECRETS, PAYMENT_PROVIDER="toss", TOSS_SECRET_KEY="test_sk_local"):
        body, headers = signed(document)
        async with api_client() as client:
            first = await client.post("/api/payments/webhooks/toss", content=body, headers=headers)
            again = await client.post(
                "/api/payments/webhooks/toss",
                content=body,
                headers={**headers, "tosspayments-webhook-transmission-id": "tx-2"},
            )
    assert first.json()["duplicate"] is False
    # The transmission-id header is not signed: changing it does not make a captured delivery a new event.
    assert again.json()["duplicate"] is True
    ((_, event),) = handler.calls
    assert (event.order_code, event.payment_ref, event.status, event.amount_krw) == ("CC-9", "tgen_abc", None, None)
    assert event.event_id.startswith("signed:")


async def test_toss_is_unknown_unless_configured(handler: RecordingHandler) -> None:
    body, headers = signed({"data": {"orderId": "CC-9"}})
    async with api_client() as client:
        response = await client.post("/api/payments/webhooks/toss", content=body, headers=headers)
    assert_envelope(response, 404, "PAYMENT_PROVIDER_UNKNOWN")
