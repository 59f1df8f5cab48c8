"""Promo codes on limited packages (499 → 449, percent, window, once per player, max uses, given back) and the
staff side of packages and codes (upsert, kill switch, audit)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import AppError
from casino_app.services.shop import limited, limited_admin, promos
from tests.support import limited as lp
from tests.support import shop as s


def _buy(user: int, package_id: int, promo: str | None, key: str | None = None) -> limited.BuyOutcome:
    return limited.buy(user, package_id, key or s.key(), promo)


def test_the_seed_case_a_499_package_with_50_off_costs_449_and_the_provider_charges_449() -> None:
    user, package = s.adult(0), lp.package(price_krw=499, gold=500, bonus_gold=0)
    code = lp.promo(amount_off_krw=50)
    outcome = _buy(user, package.id, code.code.lower())  # codes are case-insensitive
    assert outcome.success
    assert outcome.order is not None
    assert (outcome.order.amount_krw, outcome.order.discount_krw) == (449, 50)
    with session_scope() as db:
        charged = db.execute(
            sa.text("SELECT amount_krw FROM sandbox_payments WHERE order_code = :c"), {"c": outcome.order.code}
        ).scalar_one()
    assert charged == 449
    s.pay(outcome.order.code)
    paid = s.order_row(outcome.order.code)
    assert (paid.status, paid.amount_krw, paid.promo_code_id) == ("paid", 449, code.id)
    assert s.balance(user) == 500
    assert lp.used_count(code.id) == 1


def test_a_percent_code_takes_the_floor_of_the_percentage_and_never_goes_below_100_won() -> None:
    package, cheap = lp.package(price_krw=4_990), lp.package(price_krw=120)
    ten = lp.promo(kind="percent", percent_off=10, once_per_player=False)
    big = lp.promo(amount_off_krw=5_000, once_per_player=False)
    first = _buy(s.adult(), package.id, ten.code)
    assert first.order is not None
    assert (first.order.amount_krw, first.order.discount_krw) == (4_491, 499)
    second = _buy(s.adult(), cheap.id, big.code)
    assert second.order is not None
    assert second.order.amount_krw == promos.MIN_PRICE_KRW


def test_a_code_is_once_per_player_but_others_may_use_it() -> None:
    user, package = s.adult(), lp.package(per_user_limit=5)
    code = lp.promo()
    assert _buy(user, package.id, code.code).success
    again = _buy(user, package.id, code.code)
    assert (again.success, again.reason) == (False, "PROMO_ALREADY_USED")
    assert _buy(s.adult(), package.id, code.code).success
    assert _buy(user, package.id, None).success  # without the code the player may still buy
    assert lp.used_count(code.id) == 2


def test_max_uses_is_never_exceeded_even_by_concurrent_buyers() -> None:
    package = lp.package(total_stock=None, per_user_limit=None)
    code = lp.promo(max_uses=3)
    players = [s.adult() for _ in range(10)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(lambda u: _buy(u, package.id, code.code), players))
    assert sum(o.success for o in outcomes) == 3
    assert {o.reason for o in outcomes if not o.success} == {"PROMO_USED_UP"}
    assert lp.used_count(code.id) == 3


def test_a_code_outside_its_window_unknown_switched_off_or_for_another_package_is_blocked() -> None:
    user, package, other = s.adult(), lp.package(), lp.package()
    now = clock.now()
    cases = {
        "NOSUCHCODE": "PROMO_INVALID",
        lp.promo(is_active=False).code: "PROMO_INVALID",
        lp.promo(ends_at=now - timedelta(seconds=1)).code: "PROMO_EXPIRED",
        lp.promo(starts_at=now + timedelta(minutes=1)).code: "PROMO_EXPIRED",
        lp.promo(package_id=other.id).code: "PROMO_NOT_APPLICABLE",
    }
    for text, reason in cases.items():
        outcome = _buy(user, package.id, text)
        assert (outcome.success, outcome.reason) == (False, reason), text
        assert outcome.details == {"promo_code": text}
    assert lp.counters(package.id) == (0, 0)  # a blocked buy holds nothing


def test_a_failed_payment_gives_the_code_back() -> None:
    user, package = s.adult(), lp.package()
    code = lp.promo(max_uses=1)
    outcome = _buy(user, package.id, code.code)
    assert outcome.order is not None
    assert lp.used_count(code.id) == 1
    body = s.decide(outcome.order.code, "decline")
    assert body is not None
    s.deliver(body)
    s.deliver(body)
    assert lp.used_count(code.id) == 0
    with session_scope() as db:
        released = db.execute(sa.text("SELECT released_at IS NOT NULL FROM promo_usages")).scalar_one()
    assert released
    retry = _buy(user, package.id, code.code)  # once per player and max uses 1: usable again
    assert retry.success
    assert lp.used_count(code.id) == 1


def test_the_same_key_with_another_promo_code_is_409() -> None:
    user, package, code = s.adult(), lp.package(), lp.promo()
    key = s.key()
    assert _buy(user, package.id, code.code, key).success
    assert _buy(user, package.id, code.code.lower(), key).success  # the same code, normalised
    with pytest.raises(AppError) as caught:
        _buy(user, package.id, None, key)
    assert caught.value.error_code == "IDEMPOTENCY_KEY_REUSED"


# --- staff ---------------------------------------------------------------------------------------


def test_package_upsert_creates_then_edits_and_every_change_is_audited() -> None:
    actor = s.staff()
    package = lp.package(actor, total_stock=5)
    edited = limited_admin.upsert(package.code.lower(), {"price_krw": 3_900, "per_user_limit": 3}, actor_id=actor)
    assert (edited.id, edited.price_krw, edited.per_user_limit, edited.total_stock) == (package.id, 3_900, 3, 5)
    limited_admin.upsert(package.code, {"price_krw": 3_900}, actor_id=actor)  # no change: no audit row
    limited_admin.disable(package.id, actor_id=actor)
    limited_admin.disable(package.id, actor_id=actor)  # idempotent
    assert lp.audit_actions("limited_package") == ["shop.limited.create", "shop.limited.update", "shop.limited.disable"]
    assert limited_admin.upsert(package.code, {"is_active": True}, actor_id=actor).is_active


def test_package_rules_are_checked_and_stock_cannot_drop_below_what_is_sold_or_held() -> None:
    actor = s.staff()
    package = lp.package(actor, total_stock=3)
    assert _buy(s.adult(), package.id, None).success
    assert _buy(s.adult(), package.id, None).success
    with pytest.raises(AppError) as caught:
        limited_admin.upsert(package.code, {"total_stock": 1}, actor_id=actor)
    assert (caught.value.error_code, caught.value.details["field"]) == ("LIMITED_PACKAGE_INVALID", "total_stock")
    assert limited_admin.upsert(package.code, {"total_stock": 2}, actor_id=actor).total_stock == 2
    now = clock.now()
    bad = [
        {"ends_at": now - timedelta(days=3)},
        {"price_krw": 99},
        {"items": {"gems": 1}},
        {"per_user_limit": 0},
        {"name_ko": "   "},
    ]
    for change in bad:
        with pytest.raises(AppError) as caught:
            limited_admin.upsert(package.code, change, actor_id=actor)
        assert caught.value.error_code == "LIMITED_PACKAGE_INVALID", change
    with pytest.raises(AppError) as caught:
        limited_admin.upsert("NEW_PACKAGE_X", {"name_ko": "x"}, actor_id=actor)
    assert caught.value.details["field"] == "name_en"
    with pytest.raises(AppError) as caught:
        limited_admin.disable(987_654_321, actor_id=actor)
    assert (caught.value.status, caught.value.error_code) == (404, "LIMITED_PACKAGE_NOT_FOUND")


def test_promo_upsert_validates_switches_kind_and_keeps_max_uses_above_the_uses() -> None:
    actor, package = s.staff(), lp.package()
    code = lp.promo(actor, max_uses=5)
    assert _buy(s.adult(), package.id, code.code).success
    assert _buy(s.adult(), package.id, code.code).success
    with pytest.raises(AppError) as caught:
        promos.upsert(code.code, {"max_uses": 1}, actor_id=actor)
    assert caught.value.details["field"] == "max_uses"
    switched = promos.upsert(code.code, {"kind": "percent", "percent_off": 20}, actor_id=actor)
    assert (switched.kind, switched.percent_off, switched.amount_off_krw, switched.used_count) == (
        "percent",
        20,
        None,
        2,
    )
    for change in ({"kind": "percent", "percent_off": 95}, {"kind": "bogus"}, {"max_uses": 0}):
        with pytest.raises(AppError) as caught:
            promos.upsert(code.code, change, actor_id=actor)
        assert caught.value.error_code == "PROMO_CODE_INVALID"
    with pytest.raises(AppError):
        promos.upsert("x", {"kind": "fixed", "amount_off_krw": 10}, actor_id=actor)
    with pytest.raises(AppError) as caught:
        promos.upsert("GOODCODE", {"kind": "fixed", "amount_off_krw": 10, "package_id": 987_654_321}, actor_id=actor)
    assert caught.value.status == 404
    assert lp.audit_actions("promo_code") == ["shop.promo.create", "shop.promo.update"]
