"""Protection at the till (limits, the 24-hour rule, the operator cap, fraud velocity) and refunds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import ValidationFailed
from casino_app.models.shop import PaymentAttempt
from casino_app.services import ledger
from casino_app.services.shop import errors as shop_errors
from casino_app.services.shop import limits, orders, refunds
from tests.support import shop as s
from tests.support.env import environment

MONDAY_NOON_KST = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


def test_limits_refuse_before_any_charge_and_an_increase_waits_24_hours() -> None:
    user, product = s.adult(), s.product()  # 4,900 won each
    with clock.use_clock(clock.FrozenClock(MONDAY_NOON_KST)) as frozen:
        limits.set_limits(user, day_krw=10_000, week_krw=None, month_krw=None)
        orders.purchase(user, product.id, s.key())
        orders.purchase(user, product.id, s.key())  # 9,800 open or paid today
        with pytest.raises(shop_errors.PurchaseLimitReached) as caught:
            orders.purchase(user, product.id, s.key())
        assert caught.value.status == 403
        details = caught.value.details
        assert (details["period"], details["limit_krw"], details["spent_krw"]) == ("day", 10_000, 9_800)
        raised = limits.set_limits(user, day_krw=20_000, week_krw=None, month_krw=None)
        assert raised.day_krw == 10_000  # not yet
        assert [(p.period, p.krw) for p in raised.pending] == [("day", 20_000)]
        frozen.advance(timedelta(hours=23, minutes=59))
        assert limits.get_limits(user).day_krw == 10_000
        frozen.advance(timedelta(minutes=1))
        assert limits.get_limits(user).day_krw == 20_000
        assert limits.get_limits(user).pending == []
        lowered = limits.set_limits(user, day_krw=4_000, week_krw=None, month_krw=None)
        assert lowered.day_krw == 4_000  # a decrease applies at once (a new KST day: nothing spent today)
        with pytest.raises(shop_errors.PurchaseLimitReached):
            orders.purchase(user, product.id, s.key())
    with session_scope() as db:
        no_charge = db.execute(sa.text("SELECT count(*) FROM sandbox_payments")).scalar_one()
    assert no_charge == 2


def test_the_lowest_limit_wins_and_failed_orders_do_not_count() -> None:
    user, product = s.adult(), s.product(price_krw=3_000)
    with clock.use_clock(clock.FrozenClock(MONDAY_NOON_KST)):
        limits.set_limits(user, day_krw=50_000, week_krw=5_000, month_krw=None)
        declined = orders.purchase(user, product.id, s.key())
        body = s.decide(declined.code, "decline")
        assert body is not None
        s.deliver(body)
        orders.purchase(user, product.id, s.key())  # the declined 3,000 does not count
        with pytest.raises(shop_errors.PurchaseLimitReached) as caught:
            orders.purchase(user, product.id, s.key())
    assert caught.value.details["period"] == "week"


def test_removing_a_limit_is_an_increase_and_asking_the_current_value_cancels_it() -> None:
    user = s.adult()
    with clock.use_clock(clock.FrozenClock(MONDAY_NOON_KST)):
        limits.set_limits(user, day_krw=10_000, week_krw=None, month_krw=None)
        removed = limits.set_limits(user, day_krw=None, week_krw=None, month_krw=None)
        assert (removed.day_krw, [(p.period, p.krw) for p in removed.pending]) == (10_000, [("day", None)])
        kept = limits.set_limits(user, day_krw=10_000, week_krw=None, month_krw=None)
        assert kept.pending == []
    with pytest.raises(ValidationFailed):
        limits.set_limits(user, day_krw=999, week_krw=None, month_krw=None)


def test_the_operator_monthly_cap_applies_to_everyone() -> None:
    with environment(PURCHASE_DEFAULT_MONTHLY_CAP_KRW="9000"):
        user, product = s.adult(), s.product()
        orders.purchase(user, product.id, s.key())
        with pytest.raises(shop_errors.PurchaseLimitReached) as caught:
            orders.purchase(user, product.id, s.key())
        assert (caught.value.details["period"], caught.value.details["source"]) == ("month", "operator")
        assert limits.get_limits(user).remaining["month"] == 9_000 - 4_900


def _attempts(user: int, count: int, cards: int = 0, at: datetime | None = None) -> None:
    with session_scope() as db:
        for n in range(count):
            db.add(
                PaymentAttempt(
                    user_id=user,
                    at=at or clock.now(),
                    outcome="declined",
                    card_fingerprint=f"card-{n}" if n < cards else None,
                )
            )


def test_twenty_attempts_in_five_minutes_are_blocked_with_429_before_any_charge() -> None:
    user, product = s.adult(), s.product()
    with clock.use_clock(clock.FrozenClock(MONDAY_NOON_KST)) as frozen:
        _attempts(user, 19)
        orders.purchase(user, product.id, s.key())  # the 20th attempt passes
        with pytest.raises(shop_errors.PaymentVelocity) as caught:
            orders.purchase(user, product.id, s.key())
        assert caught.value.status == 429
        assert caught.value.details["reason"] == "VELOCITY_ATTEMPTS"
        assert caught.value.headers["Retry-After"]
        frozen.advance(timedelta(minutes=5))
        assert orders.purchase(user, product.id, s.key()).status == "pending"
    with session_scope() as db:
        blocked = db.execute(
            sa.select(PaymentAttempt.reason).where(PaymentAttempt.user_id == user, PaymentAttempt.outcome == "blocked")
        ).scalars()
        assert list(blocked) == ["VELOCITY_ATTEMPTS"]
        assert db.execute(sa.text("SELECT count(*) FROM sandbox_payments")).scalar_one() == 2


def test_three_cards_in_five_minutes_are_blocked() -> None:
    user, product = s.adult(), s.product()
    for card in ("visa-4242", "master-5454", "bc-9410"):
        order = orders.purchase(user, product.id, s.key())
        body = s.decide(order.code, "decline", card)
        assert body is not None
        s.deliver(body)
    with pytest.raises(shop_errors.PaymentVelocity) as caught:
        orders.purchase(user, product.id, s.key())
    assert caught.value.details["reason"] == "VELOCITY_CARDS"


# --- refunds -------------------------------------------------------------------------------------------


def _paid(user: int, **product: object) -> str:
    order = orders.purchase(user, s.product(**product).id, s.key())
    s.pay(order.code)
    return order.code


def _spend(user: int, amount: int) -> None:
    ledger.post(
        None,
        key=s.key(),
        kind="BET",
        legs=[ledger.Leg(ledger.user_account(user), "admin:adjust", amount, "BET")],
    )


def test_withdrawal_within_seven_days_reverses_the_gold_and_refunds_the_payment() -> None:
    user = s.adult(100)
    code = _paid(user, items={"roulette_ticket": 1})
    assert s.balance(user) == 5_600
    view = refunds.withdraw(user, code)
    assert (view.status, view.refunded_gold, view.refund_shortfall) == ("refunded", 5_500, 0)
    assert s.balance(user) == 100
    assert s.ledger_sum() == 0
    with session_scope() as db:
        assert db.execute(sa.text("SELECT status FROM sandbox_payments")).scalar_one() == "refunded"
        tickets = db.execute(sa.text("SELECT quantity FROM inventory_items WHERE user_id = :u"), {"u": user})
        assert tickets.scalar_one() == 0
    with pytest.raises(shop_errors.OrderNotRefundable):
        refunds.withdraw(user, code)
    with pytest.raises(shop_errors.OrderNotFound):
        refunds.withdraw(s.adult(), code)


def test_two_unused_purchases_can_both_be_withdrawn_in_either_order() -> None:
    """Withdrawing one purchase is not spending another one's gold (review finding)."""
    for first_withdrawn in (0, 1):
        user = s.adult()
        codes = [_paid(user), _paid(user)]
        assert s.balance(user) == 11_000
        refunds.withdraw(user, codes[first_withdrawn])
        refunds.withdraw(user, codes[1 - first_withdrawn])
        assert s.balance(user) == 0
        assert s.ledger_sum() == 0


def test_a_withdrawal_that_cannot_take_back_every_item_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Taking the items back is conditional too: if one is gone, the whole withdrawal rolls back."""
    user = s.adult()
    code = _paid(user, items={"roulette_ticket": 1})
    with session_scope() as db:
        db.execute(sa.text("UPDATE inventory_items SET quantity = 0 WHERE user_id = :u"), {"u": user})
    monkeypatch.setattr(refunds, "_unused", lambda db, order: None)  # as if a spin slipped in after the check
    with pytest.raises(shop_errors.PurchaseUsed):
        refunds.withdraw(user, code)
    assert s.order_row(code).status == "paid"
    assert s.balance(user) == 5_500
    assert s.ledger_sum() == 0


@pytest.mark.parametrize("refund", ["withdrawal", "staff"])
def test_a_refund_the_provider_refuses_changes_nothing(refund: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The debit and the items taken back roll back with the provider's refusal."""
    from casino_app.core.errors import ServiceUnavailable
    from casino_app.services.payments.port import PaymentResult, PaymentStatus
    from casino_app.services.payments.sandbox import SandboxGateway

    user = s.adult()
    code = _paid(user, items={"roulette_ticket": 1})
    refused = PaymentResult(order_code=code, status=PaymentStatus.APPROVED, amount_krw=4_900)
    monkeypatch.setattr(SandboxGateway, "refund", lambda self, **_: refused)
    staff = s.staff()
    attempt = (
        (lambda: refunds.withdraw(user, code))
        if refund == "withdrawal"
        else (lambda: refunds.staff_refund(code, "test", actor_id=staff))
    )
    with pytest.raises(ServiceUnavailable):
        attempt()
    assert s.order_row(code).status == "paid"
    assert s.balance(user) == 5_500
    assert s.ledger_sum() == 0
    with session_scope() as db:
        tickets = db.execute(sa.text("SELECT quantity FROM inventory_items WHERE user_id = :u"), {"u": user})
        assert tickets.scalar_one() == 1
        refunds_posted = db.execute(
            sa.text("SELECT count(*) FROM ledger_transfers WHERE idempotency_key LIKE 'shop:refund:%'")
        )
        assert refunds_posted.scalar_one() == 0


def test_withdrawal_after_seven_days_is_refused() -> None:
    user = s.adult()
    with clock.use_clock(clock.FrozenClock(MONDAY_NOON_KST)) as frozen:
        code = _paid(user)
        frozen.advance(timedelta(days=7, seconds=1))
        with pytest.raises(shop_errors.WithdrawalWindowClosed):
            refunds.withdraw(user, code)
    assert s.balance(user) == 5_500


def test_spent_gold_blocks_the_withdrawal_even_when_the_balance_was_topped_up_again() -> None:
    user = s.adult(10_000)
    code = _paid(user)
    _spend(user, 10)  # any debit after the credit counts as use
    assert s.balance(user) >= 5_500
    with pytest.raises(shop_errors.PurchaseUsed) as caught:
        refunds.withdraw(user, code)
    assert caught.value.details == {"gold_spent_since_purchase": True}
    assert s.order_row(code).status == "paid"


def test_staff_refund_takes_back_only_what_the_wallet_holds_and_records_the_shortfall() -> None:
    user, actor = s.adult(), s.staff()
    code = _paid(user)
    _spend(user, 5_000)  # 500 left
    view = refunds.staff_refund(code, "고객 요청 (카드 분실)", actor_id=actor)
    assert (view.status, view.refunded_gold, view.refund_shortfall) == ("refunded", 500, 5_000)
    assert s.balance(user) == 0  # never negative
    assert s.ledger_sum() == 0
    with session_scope() as db:
        audit = db.execute(
            sa.text("SELECT action, details FROM audit_log WHERE target_type = 'shop_order' AND target_id = :c"),
            {"c": code},
        ).one()
    assert audit.action == "shop.order.refund"
    assert audit.details["reason"] == "고객 요청 (카드 분실)"
    assert audit.details["shortfall"] == 5_000
    with pytest.raises(ValidationFailed):
        refunds.staff_refund(_paid(user), "   ", actor_id=actor)


def test_staff_refund_of_an_empty_wallet_posts_nothing_but_refunds_the_payment() -> None:
    user = s.adult()
    code = _paid(user)
    _spend(user, 5_500)
    view = refunds.staff_refund(code, "chargeback", actor_id=s.staff())
    assert (view.refunded_gold, view.refund_shortfall) == (0, 5_500)
    assert s.order_row(code).refund_transfer_id is None


def test_a_refund_reported_by_the_provider_reverses_the_order_by_the_staff_rule() -> None:
    from casino_app.services import payments
    from casino_app.services.payments.port import PaymentStatus, WebhookEvent

    user = s.adult()
    code = _paid(user)
    _spend(user, 1_500)
    row = s.order_row(code)
    assert row.payment_ref is not None
    payments.gateway("sandbox").refund(order_code=code, payment_ref=row.payment_ref, amount_krw=4_900, reason="x")
    orders.on_payment_event("sandbox", WebhookEvent("evt-refund", code, row.payment_ref, PaymentStatus.REFUNDED, 4_900))
    refunded = s.order_row(code)
    assert (refunded.status, refunded.refunded_gold, refunded.refund_shortfall) == ("refunded", 4_000, 1_500)
    assert s.balance(user) == 0
    assert s.ledger_sum() == 0
