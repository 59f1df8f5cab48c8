"""Orders tied to the ledger: the paid credit, idempotency, the provider's answers, crashes and the settle job."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import AppError
from casino_app.models.shop import ShopOrder
from casino_app.services import ledger, outbox
from casino_app.services.payments.port import PaymentResult, PaymentStatus, WebhookEvent
from casino_app.services.shop import catalog, jobs, machine, orders, receipts
from casino_app.services.shop import errors as shop_errors
from tests.support import shop as s


def _orders(user_id: int) -> int:
    with session_scope() as db:
        return int(db.execute(sa.select(sa.func.count()).where(ShopOrder.user_id == user_id)).scalar_one())


def test_a_paid_order_credits_exactly_gold_plus_bonus_and_the_ledger_sums_to_zero() -> None:
    user, product = s.adult(0), s.product(items={"roulette_ticket": 2})
    order = orders.purchase(user, product.id, s.key())
    assert order.status == "pending"
    assert order.checkout_url
    assert "/api/payments/sandbox/checkout/" in order.checkout_url
    assert order.amount_krw == 4_900
    assert s.balance(user) == 0  # nothing moves while pending
    s.pay(order.code)
    paid = s.order_row(order.code)
    assert paid.status == "paid"
    assert s.balance(user) == 5_500
    assert s.ledger_sum() == 0
    assert ledger.reconcile().ok
    assert receipts.verify(paid)
    assert [e[1] for e in s.events(order.code)] == ["created", "pending", "paid"]
    funnel = [p["event"] for p in s.outbox_payloads(outbox.SHOP_FUNNEL)]
    assert funnel == ["buy_click", "buy_success"]
    (sold,) = s.outbox_payloads(outbox.SHOP_ORDERS)
    assert (sold["event"], sold["order"], sold["gold"], sold["bonus_gold"]) == ("paid", order.code, 5_000, 500)
    with session_scope() as db:
        tickets = db.execute(
            sa.text("SELECT quantity FROM inventory_items WHERE user_id = :u AND item_id = 'roulette_ticket'"),
            {"u": user},
        ).scalar_one()
    assert tickets == 2


def test_the_same_key_returns_the_same_order_and_receipt_and_another_product_is_409() -> None:
    user, product, other = s.adult(), s.product(), s.product()
    key = s.key()
    first = orders.purchase(user, product.id, key)
    s.pay(first.code)
    again = orders.purchase(user, product.id, key)
    assert (again.code, again.status) == (first.code, "paid")
    assert again.receipt_code == s.order_row(first.code).receipt_code
    assert s.balance(user) == 5_500
    with pytest.raises(AppError) as caught:
        orders.purchase(user, other.id, key)
    assert (caught.value.status, caught.value.error_code) == (409, "IDEMPOTENCY_KEY_REUSED")
    assert _orders(user) == 1


def test_fifty_concurrent_buys_with_one_key_make_one_order() -> None:
    user, product = s.adult(), s.product()
    key = s.key()
    with ThreadPoolExecutor(max_workers=16) as pool:
        codes = set(pool.map(lambda _: orders.purchase(user, product.id, key).code, range(50)))
    assert len(codes) == 1
    assert _orders(user) == 1
    with session_scope() as db:
        payments = db.execute(sa.text("SELECT count(*) FROM sandbox_payments")).scalar_one()
    assert payments == 1  # one payment opened at the provider, not one per request


def test_buying_again_while_pending_asks_the_gateway_and_settles() -> None:
    user, product = s.adult(), s.product()
    key = s.key()
    order = orders.purchase(user, product.id, key)
    s.decide(order.code, "approve")  # approved at the provider; its webhook is lost
    assert s.order_row(order.code).status == "pending"
    settled = orders.purchase(user, product.id, key)
    assert settled.status == "paid"
    assert s.balance(user) == 5_500


def test_a_provider_amount_different_from_the_order_fails_it_and_credits_nothing() -> None:
    user, product = s.adult(), s.product()
    order = orders.purchase(user, product.id, s.key())
    with session_scope() as db:  # the provider charged another amount than the order's
        db.execute(sa.text("UPDATE sandbox_payments SET amount_krw = 100 WHERE order_code = :c"), {"c": order.code})
    s.pay(order.code)
    failed = s.order_row(order.code)
    assert (failed.status, failed.reason) == ("failed", "AMOUNT_MISMATCH")
    assert failed.transfer_id is None
    assert s.balance(user) == 0
    assert s.ledger_sum() == 0
    assert ("failed", "failed", "PROVIDER_MONEY_RETURNED") in s.events(order.code)
    with session_scope() as db:
        status = db.execute(sa.text("SELECT status FROM sandbox_payments WHERE order_code = :c"), {"c": order.code})
        assert status.scalar_one() == "refunded"


def test_return_from_checkout_confirms_with_the_orders_amount() -> None:
    user, product = s.adult(), s.product()
    order = orders.purchase(user, product.id, s.key())
    s.decide(order.code, "approve")
    ref = s.order_row(order.code).payment_ref
    assert ref is not None
    other = s.adult()
    with pytest.raises(shop_errors.OrderNotFound):
        orders.confirm_return(other, order.code, ref)
    with pytest.raises(shop_errors.PaymentRefMismatch):
        orders.confirm_return(user, order.code, "sbx_someone_elses_payment")
    assert orders.confirm_return(user, order.code, ref).status == "paid"
    assert orders.confirm_return(user, order.code, ref).status == "paid"  # again: unchanged, no second credit
    assert s.balance(user) == 5_500


def test_a_declined_payment_fails_the_order_with_the_reason_and_credits_nothing() -> None:
    user, product = s.adult(), s.product()
    order = orders.purchase(user, product.id, s.key())
    body = s.decide(order.code, "decline")
    assert body is not None
    s.deliver(body)
    failed = s.order_row(order.code)
    assert (failed.status, failed.reason) == ("failed", "SANDBOX_DECLINED")
    assert s.balance(user) == 0
    assert [p["event"] for p in s.outbox_payloads(outbox.SHOP_FUNNEL)] == ["buy_click", "buy_fail"]


def test_a_hundred_concurrent_payment_events_credit_once() -> None:
    user, product = s.adult(), s.product()
    order = orders.purchase(user, product.id, s.key())
    s.decide(order.code, "approve")
    ref = s.order_row(order.code).payment_ref
    events = [WebhookEvent(f"evt-{n}", order.code, ref, PaymentStatus.APPROVED, 4_900) for n in range(100)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(lambda e: orders.on_payment_event("sandbox", e), events))
    assert s.order_row(order.code).status == "paid"
    assert s.balance(user) == 5_500
    assert s.ledger_sum() == 0


def test_an_event_for_an_unknown_order_is_ignored() -> None:
    orders.on_payment_event("sandbox", WebhookEvent("e1", "CC20261128-AAAAAAAAAA", None, PaymentStatus.APPROVED, 1))


def test_a_result_with_another_amount_from_apply_payment_is_refused_even_when_approved() -> None:
    user, product = s.adult(), s.product()
    order = orders.purchase(user, product.id, s.key())
    result = PaymentResult(order.code, PaymentStatus.APPROVED, 4_899, payment_ref=None)
    assert orders.apply_payment(order.code, result).status == "failed"
    assert s.balance(user) == 0


def test_age_gate_refuses_before_any_charge_and_leaves_a_failed_order() -> None:
    user, product = s.minor_unverified(), s.product()
    key = s.key()
    for _ in range(2):  # a replay repeats the refusal
        with pytest.raises(shop_errors.AgeVerificationRequired):
            orders.purchase(user, product.id, key)
    with session_scope() as db:
        row = db.execute(sa.select(ShopOrder.status, ShopOrder.reason).where(ShopOrder.user_id == user)).one()
        assert tuple(row) == ("failed", "AGE_VERIFICATION_REQUIRED")
        assert db.execute(sa.text("SELECT count(*) FROM sandbox_payments")).scalar_one() == 0


def test_rank_gate_lists_the_product_locked_and_refuses_the_purchase() -> None:
    user, vip = s.adult(), s.product(required_rank="VIP")
    (item,) = [i for i in catalog.catalog(user) if i.id == vip.id]
    assert item.locked
    with pytest.raises(shop_errors.RankRequired) as caught:
        orders.purchase(user, vip.id, s.key())
    assert caught.value.status == 403
    assert caught.value.details["required"] == "VIP"
    with session_scope() as db:
        db.execute(sa.text("UPDATE users SET rank = 'VIP' WHERE id = :u"), {"u": user})
    assert orders.purchase(user, vip.id, s.key()).status == "pending"


def test_inactive_or_sunset_products_are_not_sold() -> None:
    user, actor = s.adult(), s.staff()
    inactive = s.product(actor, is_active=False)
    ended = s.product(actor, sunset_at=clock.now() - timedelta(minutes=1))
    for product in (inactive, ended):
        with pytest.raises(shop_errors.ProductUnavailable):
            orders.purchase(user, product.id, s.key())
        assert product.id not in {i.id for i in catalog.catalog(user)}


def test_a_crash_between_approval_and_credit_is_credited_exactly_once_by_the_settle_job(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user, product = s.adult(), s.product()
    start = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    with clock.use_clock(clock.FrozenClock(start)) as frozen:
        order = orders.purchase(user, product.id, s.key())
        body = s.decide(order.code, "approve")
        assert body is not None

        def die(_order: object) -> str:
            raise RuntimeError("process killed after the ledger post, before the commit")

        with monkeypatch.context() as patch:
            patch.setattr(machine.receipts, "sign", die)
            with pytest.raises(RuntimeError):
                s.deliver(body)
        assert s.order_row(order.code).status == "pending"
        assert s.balance(user) == 0  # the whole transaction died: no gold, no half-done order
        frozen.advance(timedelta(minutes=1))
        result = jobs.sweep()
        assert (result.checked, result.paid) == (1, 1)
        assert jobs.sweep().checked == 0
        assert s.deliver(body).duplicate is False  # the first delivery was rolled back, so this one is new
    assert s.order_row(order.code).status == "paid"
    assert s.balance(user) == 5_500
    assert s.ledger_sum() == 0


def test_pending_orders_are_voided_after_five_minutes_unless_the_provider_approved() -> None:
    user, product = s.adult(), s.product()
    start = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    with clock.use_clock(clock.FrozenClock(start)) as frozen:
        waiting = orders.purchase(user, product.id, s.key())
        approved = orders.purchase(user, product.id, s.key())
        s.decide(approved.code, "approve")  # webhook lost
        frozen.advance(timedelta(seconds=20))
        assert jobs.sweep().checked == 0  # within the grace: the player is at the checkout
        frozen.advance(timedelta(minutes=1))
        first = jobs.sweep()
        assert (first.paid, first.voided) == (1, 0)
        assert s.order_row(waiting.code).status == "pending"
        frozen.advance(timedelta(minutes=4, seconds=1))
        assert jobs.sweep().voided == 1
    voided = s.order_row(waiting.code)
    assert (voided.status, voided.reason) == ("voided", "STALE_AUTO_VOID")
    assert s.events(waiting.code)[-1] == ("pending", "voided", "STALE_AUTO_VOID")
    assert s.balance(user) == 5_500  # only the approved one


def test_an_approval_after_the_void_is_refunded_at_the_provider_not_credited() -> None:
    user, product = s.adult(), s.product()
    start = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    with clock.use_clock(clock.FrozenClock(start)) as frozen:
        order = orders.purchase(user, product.id, s.key())
        frozen.advance(timedelta(minutes=6))
        jobs.sweep()
    s.pay(order.code)
    assert s.order_row(order.code).status == "voided"
    assert s.balance(user) == 0
    assert ("voided", "voided", "PROVIDER_MONEY_RETURNED") in s.events(order.code)
