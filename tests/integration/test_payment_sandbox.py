"""The sandbox provider: a hosted checkout page, decisions only from pending, signed webhooks over HTTP."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from casino_app.api.app import create_api
from casino_app.api.edge import wrap
from casino_app.services import payments
from casino_app.services.payments import sandbox
from casino_app.services.payments.errors import PaymentNotFound, PaymentNotRefundable, PaymentProviderUnknown
from casino_app.services.payments.port import PaymentStatus
from casino_app.services.payments.sandbox import SandboxGateway
from tests.support.api import assert_envelope
from tests.support.env import environment
from tests.support.payments import SECRETS, RecordingHandler, install_handler

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def _secrets() -> Iterator[None]:
    with environment(PAYMENT_WEBHOOK_SECRETS=SECRETS):
        yield


@pytest.fixture
def handler(monkeypatch: pytest.MonkeyPatch) -> RecordingHandler:
    return install_handler(monkeypatch, RecordingHandler())


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The API behind the real edge (CSP), delivering the sandbox's webhooks back into itself over ASGI."""
    api: FastAPI = create_api()
    app = wrap(api, lambda: tmp_path)
    with sandbox.use_delivery_transport(httpx.ASGITransport(app=app)):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


def _start(amount: int = 4_900, order: str = "CC-ORDER-1") -> str:
    start = SandboxGateway().start(
        order_code=order, amount_krw=amount, title="골드 5,000 패키지", return_url="/shop/r?o=1"
    )
    assert start.redirect_url == f"http://localhost:3000/api/payments/sandbox/checkout/{start.payment_ref}"
    assert start.payment_ref is not None
    assert re.fullmatch(sandbox.PAYMENT_REF_PATTERN, start.payment_ref)
    return start.payment_ref


def _page(ref: str) -> str:
    return f"/api/payments/sandbox/checkout/{ref}"


async def test_the_checkout_page_is_korean_first_with_four_choices_and_no_script(client: httpx.AsyncClient) -> None:
    ref = _start()
    response = await client.get(_page(ref))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assert '<html lang="ko">' in html
    for text in (
        "테스트 결제",
        "골드 5,000 패키지",
        "4,900원",
        "CC-ORDER-1",
        "결제 승인",
        "결제 거절",
        "대기 상태로 두기",
    ):
        assert text in html
    assert html.index("결제 승인") < html.index("Approve")  # Korean first, English below
    assert re.findall(r'name="decision" value="(\w+)"', html) == ["approve", "decline", "pending", "timeout"]
    assert "<script" not in html
    assert 'name="amount"' not in html
    assert 'name="order' not in html
    assert all(f'value="{card}"' in html for card in sandbox.TEST_CARDS)
    english = await client.get(_page(ref), params={"lang": "en"})
    assert '<html lang="en">' in english.text
    assert english.text.index("Approve") < english.text.index("결제 승인")


async def test_approve_delivers_a_signed_webhook_then_returns_to_the_shop(
    client: httpx.AsyncClient, handler: RecordingHandler
) -> None:
    ref = _start()
    # A tampered form cannot change the amount or the order: they come from the provider's record.
    form = {"decision": "approve", "card": "visa-4242", "amount": "1", "order_code": "CC-OTHER"}
    response = await client.post(_page(ref), data=form)
    assert response.status_code == 303
    assert response.headers["location"] == "/shop/r?o=1"
    ((provider, event),) = handler.calls
    assert provider == "sandbox"
    assert (event.order_code, event.status, event.amount_krw, event.payment_ref) == (
        "CC-ORDER-1",
        PaymentStatus.APPROVED,
        4_900,
        ref,
    )
    result = SandboxGateway().query(order_code="CC-ORDER-1", payment_ref=ref)
    assert result.status is PaymentStatus.APPROVED
    assert result.card_fingerprint == sandbox.card_fingerprint("visa-4242")


async def test_a_second_decision_is_refused(client: httpx.AsyncClient, handler: RecordingHandler) -> None:
    ref = _start()
    assert (await client.post(_page(ref), data={"decision": "decline", "card": "bc-9410"})).status_code == 303
    again = await client.post(_page(ref), data={"decision": "approve", "card": "bc-9410"})
    error = assert_envelope(again, 409, "PAYMENT_ALREADY_DECIDED")
    assert error["details"]["status"] == "declined"
    assert [event.status for _, event in handler.calls] == [PaymentStatus.DECLINED]
    assert handler.calls[0][1].event_id == f"{ref}.declined"
    page = await client.get(_page(ref))
    assert "이미 처리되었습니다" in page.text
    assert 'name="decision"' not in page.text


async def test_time_out_sends_nothing_and_leaves_it_pending(
    client: httpx.AsyncClient, handler: RecordingHandler
) -> None:
    ref = _start()
    response = await client.post(_page(ref), data={"decision": "timeout", "card": "visa-4242"})
    assert response.status_code == 303
    assert handler.calls == []
    assert SandboxGateway().query(order_code="CC-ORDER-1", payment_ref=None).status is PaymentStatus.PENDING


async def test_leave_pending_reports_pending_and_can_be_decided_later(
    client: httpx.AsyncClient, handler: RecordingHandler
) -> None:
    ref = _start()
    await client.post(_page(ref), data={"decision": "pending", "card": "master-5454"})
    await client.post(_page(ref), data={"decision": "approve", "card": "master-5454"})
    assert [(e.status, e.event_id) for _, e in handler.calls] == [
        (PaymentStatus.PENDING, f"{ref}.pending"),
        (PaymentStatus.APPROVED, f"{ref}.approved"),
    ]


async def test_bad_form_values_and_unknown_payments(client: httpx.AsyncClient) -> None:
    ref = _start()
    assert_envelope(await client.post(_page(ref), data={"decision": "approve", "card": "4111"}), 422)
    assert_envelope(await client.post(_page(ref), data={"decision": "steal", "card": "visa-4242"}), 422)
    unknown = "sbx_" + "z" * 24
    assert_envelope(await client.get(_page(unknown)), 404, "PAYMENT_NOT_FOUND")
    assert_envelope(await client.post(_page(unknown), data={"decision": "approve", "card": "visa-4242"}), 404)


async def test_a_failed_delivery_is_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        seen.append(1)
        assert request.url.path == "/api/payments/webhooks/sandbox"
        assert request.headers["x-cc-signature"].startswith("t=")
        return httpx.Response(503 if len(seen) < 3 else 200)

    monkeypatch.setattr(sandbox, "DELIVERY_BACKOFF_SECONDS", 0.0)
    with sandbox.use_delivery_transport(httpx.MockTransport(flaky)):
        assert await sandbox.deliver(b"{}") is True
    assert len(seen) == 3
    seen.clear()
    with sandbox.use_delivery_transport(httpx.MockTransport(lambda r: (seen.append(1), httpx.Response(401))[1])):
        assert await sandbox.deliver(b"{}") is False  # refused: retrying would not help
    assert len(seen) == 1


def test_confirm_query_and_refund() -> None:
    gateway = SandboxGateway()
    ref = _start(amount=9_900, order="CC-ORDER-2")
    mismatch = gateway.confirm(order_code="CC-ORDER-2", payment_ref=ref, amount_krw=990)
    assert (mismatch.reason, mismatch.amount_krw) == ("AMOUNT_MISMATCH", 9_900)
    with pytest.raises(PaymentNotRefundable):
        gateway.refund(order_code="CC-ORDER-2", payment_ref=ref, amount_krw=9_900, reason="x")
    sandbox.decide(ref, "approve", "visa-4242")
    confirmed = gateway.confirm(order_code="CC-ORDER-2", payment_ref=ref, amount_krw=9_900)
    assert (confirmed.status, confirmed.reason) == (PaymentStatus.APPROVED, None)
    with pytest.raises(PaymentNotFound):
        gateway.query(order_code="CC-ORDER-3", payment_ref=ref)
    refunded = gateway.refund(order_code="CC-ORDER-2", payment_ref=ref, amount_krw=9_900, reason="청약 철회")
    assert refunded.status is PaymentStatus.REFUNDED
    assert gateway.refund(order_code="CC-ORDER-2", payment_ref=ref, amount_krw=9_900, reason="again").status is (
        PaymentStatus.REFUNDED
    )


def test_start_only_returns_to_this_site() -> None:
    for url in ("https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
        with pytest.raises(ValueError, match="return_url"):
            SandboxGateway().start(order_code="CC-X", amount_krw=100, title="t", return_url=url)


async def test_the_sandbox_is_disabled_in_production(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = _start()
    from casino_app.settings import get_settings

    monkeypatch.setattr(get_settings(), "app_env", "production")
    monkeypatch.setattr(get_settings(), "payment_provider", "toss")
    with pytest.raises(PaymentProviderUnknown):
        payments.gateway("sandbox")
    assert_envelope(await client.get(_page(ref)), 404, "PAYMENT_PROVIDER_UNKNOWN")
    assert_envelope(await client.post(_page(ref), data={"decision": "approve", "card": "visa-4242"}), 404)
