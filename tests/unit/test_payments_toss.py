"""The Toss Payments adapter against a local fake of the Toss API (tests/support/fake_toss.py)."""

from __future__ import annotations

import pytest

from casino_app.services.payments.errors import PaymentGatewayError, PaymentNotFound, PaymentNotRefundable
from casino_app.services.payments.port import PaymentStatus
from casino_app.services.payments.toss import STATUS_MAP, TossGateway, map_status
from tests.support.fake_toss import API_BASE, SECRET_KEY, FakeToss


@pytest.fixture
def fake() -> FakeToss:
    return FakeToss()


@pytest.fixture
def toss(fake: FakeToss) -> TossGateway:
    return TossGateway(api_base=API_BASE, secret_key=SECRET_KEY, transport=fake.transport())


def _started(toss: TossGateway, fake: FakeToss, amount: int = 4_900, order: str = "CC-ORDER-0001") -> str:
    start = toss.start(order_code=order, amount_krw=amount, title="골드 5,000", return_url="/shop/result")
    assert start.redirect_url.startswith("https://pay.toss.fake/")
    assert start.payment_ref is not None
    created = fake.payments[start.payment_ref]
    assert created["successUrl"] == created["failUrl"] == "http://localhost:3000/shop/result"  # absolute for Toss
    assert (created["totalAmount"], created["orderId"]) == (amount, order)
    return start.payment_ref


def test_confirm_happy_path(toss: TossGateway, fake: FakeToss) -> None:
    key = _started(toss, fake)
    fake.authorize(key)
    result = toss.confirm(order_code="CC-ORDER-0001", payment_ref=key, amount_krw=4_900)
    assert result.status is PaymentStatus.APPROVED
    assert (result.amount_krw, result.payment_ref, result.order_code) == (4_900, key, "CC-ORDER-0001")
    assert result.card_fingerprint
    assert len(result.card_fingerprint) == 32
    assert ("POST", "/v1/payments/confirm") in fake.calls
    again = toss.confirm(order_code="CC-ORDER-0001", payment_ref=key, amount_krw=4_900)
    assert again.status is PaymentStatus.APPROVED  # a retried confirm reports, it does not charge twice
    assert fake.calls.count(("POST", "/v1/payments/confirm")) == 1


def test_a_declined_card_is_a_decline_not_an_outage(toss: TossGateway, fake: FakeToss) -> None:
    key = _started(toss, fake)
    fake.authorize(key)
    fake.decline_with(key, "REJECT_CARD_PAYMENT")
    result = toss.confirm(order_code="CC-ORDER-0001", payment_ref=key, amount_krw=4_900)
    assert result.status is PaymentStatus.DECLINED
    assert result.reason == "REJECT_CARD_PAYMENT"
    assert toss.query(order_code="CC-ORDER-0001", payment_ref=key).status is PaymentStatus.DECLINED


def test_an_amount_mismatch_confirms_nothing(toss: TossGateway, fake: FakeToss) -> None:
    key = _started(toss, fake, amount=4_900)
    fake.authorize(key)
    result = toss.confirm(order_code="CC-ORDER-0001", payment_ref=key, amount_krw=49_000)
    assert result.reason == "AMOUNT_MISMATCH"
    assert result.amount_krw == 4_900  # the provider's amount, for the shop to compare
    assert result.status is PaymentStatus.PENDING
    assert ("POST", "/v1/payments/confirm") not in fake.calls
    assert fake.payments[key]["status"] == "IN_PROGRESS"


def test_a_payment_of_another_order_is_not_found(toss: TossGateway, fake: FakeToss) -> None:
    key = _started(toss, fake, order="CC-ORDER-0001")
    fake.authorize(key)
    with pytest.raises(PaymentNotFound):
        toss.confirm(order_code="CC-ORDER-0002", payment_ref=key, amount_krw=4_900)
    with pytest.raises(PaymentNotFound):
        toss.query(order_code="CC-ORDER-0001", payment_ref="tgen_unknown")


def test_an_expired_checkout_session_is_cancelled(toss: TossGateway, fake: FakeToss) -> None:
    key = _started(toss, fake)  # never authorised in the checkout window: no session to confirm
    result = toss.confirm(order_code="CC-ORDER-0001", payment_ref=key, amount_krw=4_900)
    assert result.status is PaymentStatus.CANCELED
    assert result.reason == "NOT_FOUND_PAYMENT_SESSION"


def test_query_by_payment_key_and_by_order_id(toss: TossGateway, fake: FakeToss) -> None:
    key = _started(toss, fake)
    assert toss.query(order_code="CC-ORDER-0001", payment_ref=key).status is PaymentStatus.PENDING
    fake.authorize(key)
    toss.confirm(order_code="CC-ORDER-0001", payment_ref=key, amount_krw=4_900)
    by_order = toss.query(order_code="CC-ORDER-0001", payment_ref=None)
    assert (by_order.status, by_order.payment_ref) == (PaymentStatus.APPROVED, key)
    assert ("GET", "/v1/payments/orders/CC-ORDER-0001") in fake.calls


def test_refund_cancels_in_full_once(toss: TossGateway, fake: FakeToss) -> None:
    key = _started(toss, fake)
    fake.authorize(key)
    toss.confirm(order_code="CC-ORDER-0001", payment_ref=key, amount_krw=4_900)
    refunded = toss.refund(order_code="CC-ORDER-0001", payment_ref=key, amount_krw=4_900, reason="청약 철회")
    assert refunded.status is PaymentStatus.REFUNDED
    assert fake.payments[key]["cancels"][0]["cancelAmount"] == 4_900
    again = toss.refund(order_code="CC-ORDER-0001", payment_ref=key, amount_krw=4_900, reason="청약 철회")
    assert again.status is PaymentStatus.REFUNDED
    assert fake.calls.count(("POST", f"/v1/payments/{key}/cancel")) == 1


def test_only_an_approved_payment_is_refunded(toss: TossGateway, fake: FakeToss) -> None:
    key = _started(toss, fake)
    with pytest.raises(PaymentNotRefundable):
        toss.refund(order_code="CC-ORDER-0001", payment_ref=key, amount_krw=4_900, reason="x")


def test_errors_and_a_wrong_key_are_gateway_errors(fake: FakeToss, toss: TossGateway) -> None:
    key = _started(toss, fake)
    wrong = TossGateway(api_base=API_BASE, secret_key="test_sk_wrong", transport=fake.transport())
    with pytest.raises(PaymentGatewayError) as caught:
        wrong.query(order_code="CC-ORDER-0001", payment_ref=key)
    assert caught.value.details["provider_code"] == "UNAUTHORIZED_KEY"
    fake.outage = True
    with pytest.raises(PaymentGatewayError) as caught:
        toss.query(order_code="CC-ORDER-0001", payment_ref=key)
    assert caught.value.details["provider_code"] == "FAILED_INTERNAL_SYSTEM_PROCESSING"
    assert caught.value.status == 502


@pytest.mark.parametrize(
    ("toss_status", "approved_at", "expected"),
    [
        ("READY", None, PaymentStatus.PENDING),
        ("IN_PROGRESS", None, PaymentStatus.PENDING),
        ("WAITING_FOR_DEPOSIT", None, PaymentStatus.PENDING),
        ("DONE", "2026-11-28T10:00:00+09:00", PaymentStatus.APPROVED),
        ("CANCELED", "2026-11-28T10:00:00+09:00", PaymentStatus.REFUNDED),
        ("CANCELED", None, PaymentStatus.CANCELED),
        ("PARTIAL_CANCELED", "2026-11-28T10:00:00+09:00", PaymentStatus.APPROVED),
        ("ABORTED", None, PaymentStatus.DECLINED),
        ("EXPIRED", None, PaymentStatus.CANCELED),
    ],
)
def test_status_mapping(toss_status: str, approved_at: str | None, expected: PaymentStatus) -> None:
    assert map_status({"status": toss_status, "approvedAt": approved_at}) is expected


def test_every_documented_status_is_mapped_and_an_unknown_one_is_an_error() -> None:
    assert set(STATUS_MAP) == {
        "READY",
        "IN_PROGRESS",
        "WAITING_FOR_DEPOSIT",
        "DONE",
        "CANCELED",
        "PARTIAL_CANCELED",
        "ABORTED",
        "EXPIRED",
    }
    with pytest.raises(PaymentGatewayError):
        map_status({"status": "SOMETHING_NEW"})


def test_a_partly_cancelled_payment_reports_only_the_amount_kept() -> None:
    """An order is never paid in full from a payment that was partly cancelled at the provider."""
    from casino_app.services.payments.toss import to_result

    payment = {
        "status": "PARTIAL_CANCELED",
        "approvedAt": "2026-11-28T10:00:00+09:00",
        "orderId": "CC-1",
        "paymentKey": "tgen_1",
        "totalAmount": 4_900,
        "balanceAmount": 2_900,
    }
    result = to_result(payment)
    assert (result.status, result.amount_krw, result.reason) == (PaymentStatus.APPROVED, 2_900, "PARTIAL_CANCELED")
