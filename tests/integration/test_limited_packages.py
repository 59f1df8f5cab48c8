"""Limited packages: catalog, the paid flow, stock held/confirmed/released, limits, the hold sweep, concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import AppError
from casino_app.models.shop import ShopOrder
from casino_app.services import ledger
from casino_app.services.shop import errors as shop_errors
from casino_app.services.shop import jobs, limited, limited_admin, limits, receipts, refunds
from tests.support import limited as lp
from tests.support import shop as s


def _orders(user_id: int) -> list[tuple[str, str | None]]:
    with session_scope() as db:
        rows = db.execute(
            sa.select(ShopOrder.status, ShopOrder.reason).where(ShopOrder.user_id == user_id).order_by(ShopOrder.id)
        ).all()
    return [(r[0], r[1]) for r in rows]


def _buy(user: int, package_id: int, key: str | None = None, promo: str | None = None) -> limited.BuyOutcome:
    return limited.buy(user, package_id, key or s.key(), promo)


def test_the_catalog_shows_packages_on_sale_with_stock_left_and_the_players_allowance() -> None:
    user, actor = s.adult(), s.staff()
    on_sale = lp.package(actor, total_stock=5, per_user_limit=2)
    unlimited = lp.package(actor, total_stock=None, per_user_limit=None)
    lp.package(actor, is_active=False)
    lp.package(actor, starts_at=clock.now() + timedelta(hours=1), ends_at=clock.now() + timedelta(hours=2))
    lp.package(actor, starts_at=clock.now() - timedelta(hours=2), ends_at=clock.now() - timedelta(hours=1))
    first = _buy(user, on_sale.id)
    assert first.success
    items = {i.id: i for i in limited.catalog(user)}
    assert set(items) == {on_sale.id, unlimited.id}
    mine = items[on_sale.id]
    assert (mine.total_stock, mine.remaining_stock, mine.per_user_limit, mine.remaining_for_you) == (5, 4, 2, 1)
    assert not mine.sold_out
    assert (items[unlimited.id].remaining_stock, items[unlimited.id].remaining_for_you) == (None, None)
    other = {i.id: i for i in limited.catalog(s.adult())}
    assert (other[on_sale.id].remaining_stock, other[on_sale.id].remaining_for_you) == (4, 2)


def test_happy_path_credits_the_gold_once_and_confirms_the_stock() -> None:
    user, package = s.adult(0), lp.package(total_stock=3, items={"roulette_ticket": 1})
    outcome = _buy(user, package.id)
    assert outcome.success
    assert outcome.order is not None
    order = outcome.order
    assert (order.status, order.amount_krw, order.limited_package_id, order.product_id) == (
        "pending",
        4_900,
        package.id,
        None,
    )
    assert order.checkout_url
    assert order.sku == package.code
    assert lp.counters(package.id) == (0, 1)
    assert lp.hold_state(order.code) == "held"
    body = s.decide(order.code, "approve")
    assert body is not None
    s.deliver(body)
    s.deliver(body)  # a replayed webhook changes nothing
    paid = s.order_row(order.code)
    assert paid.status == "paid"
    assert s.balance(user) == 5_500
    assert lp.counters(package.id) == (1, 0)
    assert lp.hold_state(order.code) == "confirmed"
    assert receipts.verify(paid)
    assert paid.receipt_code is not None
    receipt = receipts.receipt(paid.receipt_code, user)
    assert (receipt.sku, receipt.name_en, receipt.verified) == (package.code, "Limited pack", True)
    assert s.ledger_sum() == 0
    assert ledger.reconcile().ok


def test_the_per_player_limit_blocks_and_a_failed_order_gives_the_allowance_back() -> None:
    user, package = s.adult(), lp.package(per_user_limit=1)
    first = _buy(user, package.id)
    assert first.success
    blocked = _buy(user, package.id)
    assert (blocked.success, blocked.reason) == (False, "PER_PLAYER_LIMIT")
    assert blocked.details == {"limit": 1, "bought": 1}
    assert blocked.order is not None
    assert (blocked.order.status, blocked.order.reason) == ("failed", "PER_PLAYER_LIMIT")
    assert first.order is not None
    body = s.decide(first.order.code, "decline")
    assert body is not None
    s.deliver(body)
    assert _buy(user, package.id).success  # the declined order no longer counts


def test_out_of_stock_is_blocked_and_leaves_a_failed_order() -> None:
    package = lp.package(total_stock=1)
    assert _buy(s.adult(), package.id).success
    other = s.adult()
    outcome = _buy(other, package.id)
    assert (outcome.success, outcome.reason) == (False, "OUT_OF_STOCK")
    assert _orders(other) == [("failed", "OUT_OF_STOCK")]
    assert lp.counters(package.id) == (0, 1)
    (item,) = [i for i in limited.catalog(other) if i.id == package.id]
    assert (item.remaining_stock, item.sold_out) == (0, True)


def test_expired_not_started_inactive_killed_and_unknown_packages_are_blocked() -> None:
    user, actor, now = s.adult(), s.staff(), clock.now()
    ended = lp.package(actor, starts_at=now - timedelta(days=2), ends_at=now - timedelta(seconds=1))
    later = lp.package(actor, starts_at=now + timedelta(minutes=5), ends_at=now + timedelta(days=1))
    inactive = lp.package(actor, is_active=False)
    killed = lp.package(actor)
    limited_admin.disable(killed.id, actor_id=actor)
    cases = {ended.id: "SALE_ENDED", later.id: "SALE_NOT_STARTED", inactive.id: "PACKAGE_INACTIVE"}
    cases[killed.id] = "PACKAGE_INACTIVE"
    for package_id, reason in cases.items():
        outcome = _buy(user, package_id)
        assert (outcome.success, outcome.reason) == (False, reason)
    unknown = _buy(user, 987_654_321)
    assert (unknown.success, unknown.reason, unknown.order) == (False, "PACKAGE_NOT_FOUND", None)
    with session_scope() as db:
        assert db.execute(sa.text("SELECT count(*) FROM sandbox_payments")).scalar_one() == 0
        assert db.execute(sa.text("SELECT count(*) FROM limited_stock_holds")).scalar_one() == 0


def test_stock_is_released_when_the_payment_is_declined() -> None:
    package = lp.package(total_stock=1)
    first = _buy(s.adult(), package.id)
    assert first.order is not None
    body = s.decide(first.order.code, "decline")
    assert body is not None
    s.deliver(body)
    assert s.order_row(first.order.code).status == "failed"
    assert lp.hold_state(first.order.code) == "released"
    assert lp.counters(package.id) == (0, 0)
    second = _buy(s.adult(), package.id)
    assert second.success  # the unit went back on sale


def test_an_expired_hold_voids_the_order_and_releases_the_stock_and_a_late_approval_is_refunded() -> None:
    user = s.adult(0)
    start = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    with clock.use_clock(clock.FrozenClock(start)) as frozen:
        package = lp.package(total_stock=1, starts_at=start - timedelta(hours=1), ends_at=start + timedelta(days=1))
        outcome = _buy(user, package.id)
        assert outcome.order is not None
        code = outcome.order.code
        frozen.advance(timedelta(seconds=119))
        assert limited.sweep_holds().checked == 0
        frozen.advance(timedelta(seconds=2))
        swept = limited.sweep_holds()
        assert (swept.checked, swept.paid, swept.released) == (1, 0, 1)
        assert limited.sweep_holds().checked == 0
        assert (s.order_row(code).status, s.order_row(code).reason) == ("voided", "LIMITED_HOLD_EXPIRED")
        assert lp.hold_state(code) == "released"
        assert lp.counters(package.id) == (0, 0)
        assert _buy(s.adult(), package.id).success  # back on sale
    s.pay(code)  # the player approves after all: refunded at the provider, not credited
    assert s.order_row(code).status == "voided"
    assert s.balance(user) == 0
    assert ("voided", "voided", "PROVIDER_MONEY_RETURNED") in s.events(code)


def test_the_hold_sweep_settles_an_approved_payment_whose_webhook_was_lost() -> None:
    user = s.adult(0)
    start = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    with clock.use_clock(clock.FrozenClock(start)) as frozen:
        package = lp.package(total_stock=1, starts_at=start - timedelta(hours=1), ends_at=start + timedelta(days=1))
        outcome = _buy(user, package.id)
        assert outcome.order is not None
        s.decide(outcome.order.code, "approve")
        frozen.advance(timedelta(seconds=130))
        assert limited.sweep_holds().paid == 1
    assert s.order_row(outcome.order.code).status == "paid"
    assert lp.counters(package.id) == (1, 0)
    assert s.balance(user) == 5_500


def test_four_concurrent_buys_with_one_key_make_one_order_and_one_receipt() -> None:
    user, package = s.adult(0), lp.package(total_stock=5)
    key = s.key()
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda _: _buy(user, package.id, key), range(4)))
    codes = {o.order.code for o in outcomes if o.order is not None}
    assert len(codes) == 1
    assert all(o.success for o in outcomes)
    assert len(_orders(user)) == 1
    assert lp.counters(package.id) == (0, 1)
    (code,) = codes
    s.pay(code)
    with ThreadPoolExecutor(max_workers=4) as pool:
        replays = list(pool.map(lambda _: _buy(user, package.id, key), range(4)))
    receipt_codes = {r.order.receipt_code for r in replays if r.order is not None}
    assert len(receipt_codes) == 1
    assert None not in receipt_codes
    assert s.balance(user) == 5_500


def test_concurrent_buys_of_the_last_unit_by_different_players_never_oversell() -> None:
    package = lp.package(total_stock=1, per_user_limit=None)
    players = [s.adult() for _ in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(lambda u: _buy(u, package.id), players))
    assert sum(o.success for o in outcomes) == 1
    assert sorted(o.reason for o in outcomes if not o.success) == ["OUT_OF_STOCK"] * 7
    assert lp.counters(package.id) == (0, 1)
    (winner,) = [o for o in outcomes if o.success]
    assert winner.order is not None
    s.pay(winner.order.code)
    assert lp.counters(package.id) == (1, 0)


def test_the_same_key_for_another_package_is_409_and_a_blocked_buy_replays_its_reason() -> None:
    user, package, other = s.adult(), lp.package(total_stock=0), lp.package()
    key = s.key()
    first = _buy(user, package.id, key)
    assert first.reason == "OUT_OF_STOCK"
    again = _buy(user, package.id, key)
    assert (again.reason, again.order.code if again.order else None) == ("OUT_OF_STOCK", first.order.code)  # type: ignore[union-attr]
    with pytest.raises(AppError) as caught:
        _buy(user, other.id, key)
    assert (caught.value.status, caught.value.error_code) == (409, "IDEMPOTENCY_KEY_REUSED")
    assert len(_orders(user)) == 1


def test_the_age_gate_stays_a_403_and_holds_nothing() -> None:
    package = lp.package(total_stock=1)
    with pytest.raises(shop_errors.AgeVerificationRequired):
        _buy(s.minor_unverified(), package.id)
    assert lp.counters(package.id) == (0, 0)


def test_the_players_purchase_limit_blocks_a_limited_buy_before_any_charge() -> None:
    user, package = s.adult(), lp.package()
    limits.set_limits(user, day_krw=4_000, week_krw=None, month_krw=None)
    outcome = _buy(user, package.id)
    assert (outcome.success, outcome.reason) == (False, "PURCHASE_LIMIT")
    assert outcome.details["limit_krw"] == 4_000
    assert lp.counters(package.id) == (0, 0)


def test_a_staff_refund_of_a_limited_order_reverses_the_gold_and_keeps_the_unit_sold() -> None:
    user, package = s.adult(0), lp.package(total_stock=2)
    outcome = _buy(user, package.id)
    assert outcome.order is not None
    s.pay(outcome.order.code)
    refunded = refunds.staff_refund(outcome.order.code, "고객 요청", actor_id=s.staff())
    assert (refunded.status, refunded.refunded_gold) == ("refunded", 5_500)
    assert s.balance(user) == 0
    assert lp.counters(package.id) == (1, 0)
    assert s.ledger_sum() == 0


def test_the_five_minute_settle_job_also_settles_limited_orders() -> None:
    user = s.adult(0)
    start = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    with clock.use_clock(clock.FrozenClock(start)) as frozen:
        package = lp.package(starts_at=start - timedelta(hours=1), ends_at=start + timedelta(days=1))
        outcome = _buy(user, package.id)
        assert outcome.order is not None
        s.decide(outcome.order.code, "approve")
        frozen.advance(timedelta(seconds=45))
        assert jobs.sweep().paid == 1
    assert lp.hold_state(outcome.order.code) == "confirmed"
