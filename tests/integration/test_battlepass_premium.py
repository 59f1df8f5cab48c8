"""The premium pass is a shop product: bought mid-season through the sandbox payment flow, it makes the premium
rewards of tiers already reached claimable, exactly once; a withdrawal is allowed only while no premium reward
was claimed, and any refund takes premium away."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import anyio
import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import AppError
from casino_app.models.shop import ShopOrder
from casino_app.services import actions, ledger
from casino_app.services.actions import Action, Kind
from casino_app.services.battlepass import admin, claims, seasons
from casino_app.services.shop import orders, refunds
from tests.support import battlepass as bp
from tests.support import shop as s
from tests.support.api import api_client, assert_envelope


def _buy(user: int, product_id: int) -> str:
    order = orders.purchase(user, product_id, s.key())
    s.pay(order.code)
    assert s.order_row(order.code).status == "paid"
    return order.code


def _error(call, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(AppError) as caught:
        call(*args, **kwargs)
    return caught.value.error_code


def _states(user: int, track: str) -> list[str]:
    return [getattr(t, track).state for t in seasons.status(user).tiers]


def test_premium_bought_mid_season_makes_earlier_premium_tiers_claimable_exactly_once() -> None:
    season = bp.season(xp_per_round=50)
    user = s.adult(0)
    with session_scope() as db:  # five rounds: 250 pass XP, tiers 1-3
        actions.record(db, *[Action(user, Kind.ROUND_PLAYED, game="slot") for _ in range(5)])
    claims.claim(user, bp.tier_id(season.id, 1))
    assert _states(user, "premium") == ["premium", "premium", "premium", "locked", "locked"]
    assert _error(claims.claim, user, bp.tier_id(season.id, 2), "premium") == "BATTLEPASS_PREMIUM_REQUIRED"

    _buy(user, season.premium_product_id)
    view = seasons.status(user)
    assert view.premium
    assert _states(user, "premium") == ["claimable", "claimable", "claimable", "locked", "locked"]
    assert s.balance(user) == 100 + 1_000  # the free tier 1, then the product's own gold

    for level in (1, 2, 3):
        claims.claim(user, bp.tier_id(season.id, level), "premium")
    assert s.balance(user) == 1_100 + 1_000 + 2_000 + 3_000
    for level in (1, 2, 3):
        assert _error(claims.claim, user, bp.tier_id(season.id, level), "premium") == "BATTLEPASS_ALREADY_CLAIMED"
    assert _error(claims.claim, user, bp.tier_id(season.id, 4), "premium") == "BATTLEPASS_TIER_LOCKED"
    with session_scope() as db:
        actions.record(db, Action(user, Kind.ROUND_PLAYED, game="rps"))  # tier 4 reached later
    claims.claim(user, bp.tier_id(season.id, 4), "premium")
    assert _states(user, "premium") == ["claimed", "claimed", "claimed", "claimed", "locked"]
    assert bp.claims(user) == [(1, "free"), (1, "premium"), (2, "premium"), (3, "premium"), (4, "premium")]
    assert s.balance(user) == 11_100
    assert s.ledger_sum() == 0
    assert ledger.reconcile().ok


def test_concurrent_premium_claims_pay_once() -> None:
    season = bp.season()
    user = s.adult(0)
    bp.set_xp(season.id, user, 400)
    _buy(user, season.premium_product_id)
    tier = bp.tier_id(season.id, 3)

    def attempt(_: int) -> str:
        try:
            claims.claim(user, tier, "premium")
            return "ok"
        except AppError as exc:
            return exc.error_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(attempt, range(16)))
    assert outcomes.count("ok") == 1
    assert s.balance(user) == 1_000 + 3_000
    assert bp.claims(user) == [(3, "premium")]


def test_withdrawing_an_unused_premium_pass_takes_premium_away() -> None:
    season = bp.season()
    user = s.adult(0)
    bp.set_xp(season.id, user, 100)
    code = _buy(user, season.premium_product_id)
    claims.claim(user, bp.tier_id(season.id, 1))  # a free reward does not use the premium pass
    refunds.withdraw(user, code)
    assert s.order_row(code).status == "refunded"
    assert not seasons.status(user).premium
    assert _error(claims.claim, user, bp.tier_id(season.id, 1), "premium") == "BATTLEPASS_PREMIUM_REQUIRED"
    assert s.balance(user) == 100


def test_a_claimed_premium_reward_blocks_the_withdrawal() -> None:
    season = bp.season()
    user = s.adult(0)
    bp.set_xp(season.id, user, 100)
    code = _buy(user, season.premium_product_id)
    claims.claim(user, bp.tier_id(season.id, 1), "premium")
    assert _error(refunds.withdraw, user, code) == "PURCHASE_USED"
    assert s.order_row(code).status == "paid"
    assert seasons.status(user).premium


def test_a_staff_refund_takes_premium_away_and_leaves_claimed_rewards() -> None:
    season = bp.season()
    user = s.adult(0)
    bp.set_xp(season.id, user, 100)
    code = _buy(user, season.premium_product_id)
    claims.claim(user, bp.tier_id(season.id, 1), "premium")
    refunds.staff_refund(code, "고객 요청", actor_id=s.staff())
    assert s.order_row(code).status == "refunded"
    view = seasons.status(user)
    assert not view.premium
    assert [t.premium.state for t in view.tiers][:2] == ["claimed", "premium"]
    assert s.ledger_sum() == 0


def _race(season_id: int, user: int, code: str) -> set[str]:
    """A premium claim and the withdrawal of the pass, started together; what each answered."""
    start = threading.Barrier(2)

    def claim() -> str:
        start.wait()
        try:
            claims.claim(user, bp.tier_id(season_id, 1), "premium")
            return "claimed"
        except AppError as exc:
            return exc.error_code

    def withdraw() -> str:
        start.wait()
        try:
            refunds.withdraw(user, code)
            return "withdrawn"
        except AppError as exc:
            return exc.error_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(claim), pool.submit(withdraw)]
        return {f.result() for f in futures}


def test_a_claim_racing_a_withdrawal_never_gets_both() -> None:
    for _ in range(4):
        season = bp.season()
        user = s.adult(0)
        bp.set_xp(season.id, user, 100)
        code = _buy(user, season.premium_product_id)
        outcome = _race(season.id, user, code)
        assert outcome in ({"claimed", "PURCHASE_USED"}, {"withdrawn", "BATTLEPASS_PREMIUM_REQUIRED"}), outcome
        with session_scope() as db:  # the next round's season must not overlap this one
            db.execute(sa.text("UPDATE battlepass_seasons SET status = 'draft' WHERE id = :i"), {"i": season.id})


def _orders_of(user: int) -> int:
    with session_scope() as db:
        return int(
            db.execute(sa.select(sa.func.count()).select_from(ShopOrder).where(ShopOrder.user_id == user)).scalar_one()
        )


def test_the_pass_cannot_be_bought_outside_its_live_season_or_by_an_owner() -> None:
    now = clock.now()
    season = bp.season(starts_at=now + timedelta(days=1))
    user = s.adult(0)
    # the season has not started: refused before any order (and any payment) exists
    assert _error(orders.purchase, user, season.premium_product_id, s.key()) == "BATTLEPASS_PREMIUM_UNAVAILABLE"
    assert _orders_of(user) == 0
    with clock.use_clock(clock.FrozenClock(season.starts_at + timedelta(hours=1))):
        _buy(user, season.premium_product_id)
        assert seasons.status(user).premium
        assert _error(orders.purchase, user, season.premium_product_id, s.key()) == "BATTLEPASS_PREMIUM_OWNED"
        assert _orders_of(user) == 1
        other = s.adult(0)  # another player still can
        _buy(other, season.premium_product_id)
    with clock.use_clock(clock.FrozenClock(season.ends_at + timedelta(hours=1))):  # ended, rewards still claimable
        assert _error(orders.purchase, other, season.premium_product_id, s.key()) == "BATTLEPASS_PREMIUM_UNAVAILABLE"
    plain = s.product(price_krw=1_100, gold=100, bonus_gold=0).id  # an ordinary product is not affected
    assert plain is not None
    _buy(s.adult(0), plain)


def test_the_refusal_is_409_over_rest_with_a_korean_message() -> None:
    season = bp.season()
    pair = s.adult_session(0)
    _buy(pair.user.id, season.premium_product_id)

    async def go() -> dict:  # type: ignore[type-arg]
        async with api_client() as client:
            response = await client.post(
                "/api/shop/orders",
                headers={"Authorization": f"Bearer {pair.access_token}", "Idempotency-Key": s.key()},
                json={"product_id": season.premium_product_id},
            )
            return assert_envelope(response, 409, "BATTLEPASS_PREMIUM_OWNED")

    error = anyio.run(go)
    assert "프리미엄" in error["message"]


def test_a_pass_paid_twice_from_orders_opened_together_grants_nothing_more_and_stays_withdrawable() -> None:
    season = bp.season()
    user = s.adult(0)
    first = orders.purchase(user, season.premium_product_id, s.key())  # two checkouts opened before either is paid
    second = orders.purchase(user, season.premium_product_id, s.key())
    s.pay(first.code)
    s.pay(second.code)
    assert seasons.status(user).premium
    refunds.withdraw(user, second.code)  # premium stays with the order that gave it
    assert seasons.status(user).premium
    refunds.withdraw(user, first.code)
    assert not seasons.status(user).premium


def test_publishing_refuses_a_premium_product_sold_past_the_claim_deadline() -> None:
    now = clock.now()
    ends = now + timedelta(days=30)
    late = s.product(price_krw=5_500, gold=1_000, bonus_gold=0, sunset_at=ends + timedelta(days=60)).id
    season = bp.season(ends_at=ends, product_id=late, publish=False)
    with pytest.raises(AppError) as caught:
        admin.publish(season.id, actor_id=s.staff())
    assert caught.value.details == {"field": "premium_product_id", "rule": "sunset"}
    fits = s.product(price_krw=5_500, gold=1_000, bonus_gold=0, sunset_at=ends + seasons.CLAIM_GRACE).id
    assert bp.season(ends_at=ends + timedelta(days=1), starts_at=ends, product_id=fits).status == "published"
