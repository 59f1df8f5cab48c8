"""Buying gold: open an order, send the player to the gateway, settle what the provider reports.

Flow: ``purchase`` checks the till (age, rank, velocity, limits — all before
any charge), writes the order (``created``), asks the gateway to ``start`` a
payment and marks it ``pending`` with the checkout URL. The provider's answer
arrives by webhook (``on_payment_event``), by the player's return from the
checkout (``confirm_return``, Toss-style: the server confirms with the
*order's* amount, never the browser's), by a player or job asking
(``refresh``), and is applied by ``apply_payment`` — idempotent and serialised
on the order's row lock, so any number of concurrent deliveries credit once.

Idempotency: one order per (player, product, ``Idempotency-Key``); the same
key again returns the same order (a pending one is first refreshed from the
gateway; a refused one repeats its refusal); the same key for another product
is 409 ``IDEMPOTENCY_KEY_REUSED``. Failed paths leave the order row with its
status and reason.

Amounts: a provider amount different from the order's makes the order
``failed`` with ``AMOUNT_MISMATCH``; nothing is credited and the captured
money is refunded at the provider.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock, metrics
from casino_app.core.db import after_commit, session_scope
from casino_app.core.errors import AppError, Conflict, Forbidden, ServiceUnavailable
from casino_app.models.accounts import User
from casino_app.models.shop import ShopOrder, ShopOrderEvent
from casino_app.services import payments
from casino_app.services.battlepass import premium as battlepass_premium
from casino_app.services.care import guard
from casino_app.services.payments.port import PaymentResult, PaymentStatus, WebhookEvent
from casino_app.services.shop import catalog, errors, funnel, limits, machine, offers, refunds
from casino_app.services.shop.machine import OPEN, OrderView
from casino_app.settings import get_settings

logger = logging.getLogger(__name__)

RETURN_PATH = "/shop/return"  # where the provider sends the player back (``?order=<code>``)
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# A refused purchase repeats its refusal on a replay with the same key.
REFUSALS: dict[str, type[AppError]] = {
    "AGE_VERIFICATION_REQUIRED": errors.AgeVerificationRequired,
    "RANK_REQUIRED": errors.RankRequired,
    "PURCHASE_LIMIT": errors.PurchaseLimitReached,
    "PAYMENT_VELOCITY": errors.PaymentVelocity,
}


def new_order_code(now: datetime) -> str:
    """A public order code: ``CC``, the KST date and 10 random characters (a valid Toss ``orderId``)."""
    day = clock.business_date(now).strftime("%Y%m%d")
    return f"CC{day}-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))


def lock_player(db: Session, user_id: int) -> None:
    """Serialise one player's purchases (limits, velocity and limited allowances count committed orders)."""
    db.execute(sa.text("SELECT pg_advisory_xact_lock(hashtextextended('shop:buyer:' || :uid, 0))"), {"uid": user_id})


def find_by_key(db: Session, user_id: int, key: str) -> ShopOrder | None:
    """The player's order opened with ``key`` (any product or package), if any."""
    query = sa.select(ShopOrder).where(ShopOrder.user_id == user_id, ShopOrder.idempotency_key == key)
    return db.execute(query).scalar_one_or_none()


def player(db: Session, user_id: int) -> User:
    """The buyer: a player (staff accounts do not buy; 403 ``PLAYERS_ONLY``)."""
    user = db.get(User, user_id)
    if user is None or user.staff_role is not None:
        raise Forbidden(code="PLAYERS_ONLY")
    return user


# --- buying ------------------------------------------------------------------------------------


def purchase(user_id: int, product_id: int, key: str) -> OrderView:
    """Buy ``product_id`` once per ``key``: the order with its ``checkout_url`` (see the module docstring).

    Raises 404 ``PRODUCT_UNAVAILABLE``; 403 ``AGE_VERIFICATION_REQUIRED`` /
    ``RANK_REQUIRED`` / ``PURCHASE_LIMIT``; 429 ``PAYMENT_VELOCITY``; 409
    ``IDEMPOTENCY_KEY_REUSED`` or a premium pass's ``BATTLEPASS_PREMIUM_OWNED`` /
    ``BATTLEPASS_PREMIUM_UNAVAILABLE`` (no order is written); the gateway's error when it cannot open a payment.
    """
    now = clock.now()
    refusal: AppError | None = None
    with session_scope() as db:
        lock_player(db, user_id)
        order = find_by_key(db, user_id, key)
        replay = order is not None
        if order is not None and order.product_id != product_id:
            raise Conflict(code="IDEMPOTENCY_KEY_REUSED", details={"idempotency_key": key})
        if order is None:
            user = player(db, user_id)
            product = catalog.for_sale(db, product_id, now)
            battlepass_premium.check_purchasable(db, user_id, product_id, now)  # 409: a pass that would do nothing
            order, refusal = open_order(db, user, offers.product_offer(product, user.rank, now), key, now)
    if replay:
        metrics.SHOP_IDEMPOTENT_HITS.labels(order.status).inc()
        return replay_order(order)
    if refusal is not None:
        raise refusal
    return start(order)


def open_order(
    db: Session,
    user: User,
    offer: offers.Offer,
    key: str,
    now: datetime,
    *,
    blocked: AppError | None = None,
    reserve: offers.Reserve | None = None,
) -> tuple[ShopOrder, AppError | None]:
    """Write the order (``created``) and check the till; a refusal fails the order in the same transaction.

    The age gate comes first, then a cool-off or self-exclusion in force (403 ``PLAY_PAUSED``); then
    ``blocked`` (a refusal the caller already decided, e.g. a limited package's rules), the rank, velocity and
    purchase limits; then ``reserve``.
    """
    assert user.id is not None
    refusal: AppError | None = None
    try:
        limits.require_adult(user.age_verified_at)
        guard.ensure_open(db, user.id, now)  # no purchases during a cool-off or self-exclusion
        if blocked is not None:
            raise blocked
        if not catalog.rank_allows(user.rank, offer.required_rank):
            raise errors.RankRequired(details={"required": offer.required_rank})
        velocity = limits.velocity_reason(db, user.id, now)
        if velocity is not None:
            window = int(limits.VELOCITY_WINDOW.total_seconds())
            raise errors.PaymentVelocity(window, details={"reason": velocity})
        limits.check_purchase(db, user.id, offer.amount_krw, now)
    except AppError as exc:
        refusal = exc
    order = ShopOrder(
        code=new_order_code(now),
        user_id=user.id,
        product_id=offer.product_id,
        limited_package_id=offer.limited_package_id,
        promo_code_id=offer.promo_code_id,
        discount_krw=offer.discount_krw,
        idempotency_key=key,
        amount_krw=offer.amount_krw,
        gold=offer.gold,
        bonus_gold=offer.bonus_gold,
        items=dict(offer.items),
        status="created",
        provider=get_settings().payment_provider,
        created_at=now,
        updated_at=now,
    )
    db.add(order)
    db.flush()
    actor = f"player:{user.id}"
    db.add(
        ShopOrderEvent(order_id=order.id or 0, to_status="created", actor=actor, details=offer.details, created_at=now)
    )
    sold = {"product_id": offer.product_id} if offer.product_id else {"limited_package_id": offer.limited_package_id}
    funnel.emit(db, "buy_click", user.id, order=order.code, **sold, amount_krw=order.amount_krw)
    after_commit(db, metrics.SHOP_PURCHASE_ATTEMPTS.inc)
    after_commit(db, metrics.SHOP_ORDERS.labels(machine.order_kind(order), "created").inc)
    if refusal is None and reserve is not None:
        refusal = reserve(db, order)
    if refusal is None or isinstance(refusal, errors.PaymentVelocity):
        outcome = "started" if refusal is None else "blocked"
        reason = None if refusal is None else str(refusal.details.get("reason"))
        limits.record_attempt(db, user.id, order.id, outcome, now, reason)
    if refusal is not None:
        machine.transition(db, order, "failed", reason=refusal.error_code, actor=actor, details=refusal.details)
    return order, refusal


def start(order: ShopOrder) -> OrderView:
    """Open the payment at the gateway and mark the order pending (failed with ``GATEWAY_ERROR`` if it cannot).

    Runs under the order's row lock, so concurrent replays of a fresh order open one payment, not several.
    """
    failure: Exception | None = None
    with session_scope() as db:
        current = machine.lock(db, order_id=order.id)
        assert current is not None
        if current.status != "created" or current.payment_ref is not None:
            return machine.view(db, current)
        try:
            started = payments.gateway(current.provider).start(
                order_code=current.code,
                amount_krw=current.amount_krw,
                title=machine.describe(db, current).name_ko,
                return_url=return_url(current.code),
            )
        except Exception as exc:
            logger.exception("gateway %s could not start order %s", current.provider, current.code)
            failure = exc
            machine.transition(db, current, "failed", reason="GATEWAY_ERROR", actor="system")
        else:
            machine.transition(
                db,
                current,
                "pending",
                reason=None,
                actor=f"provider:{current.provider}",
                payment_ref=started.payment_ref,
                checkout_url=started.redirect_url,
            )
        view = machine.view(db, current)
    if isinstance(failure, AppError):
        raise failure
    if failure is not None:
        raise ServiceUnavailable(code="PAYMENT_GATEWAY_ERROR") from failure
    return view


def return_url(order_code: str) -> str:
    """The page the provider sends the player back to."""
    return f"{RETURN_PATH}?order={order_code}"


def event_details(order_id: int, to_status: str) -> dict[str, Any]:
    """The details of the order's latest event into ``to_status`` (a refusal's, the ``created`` offer's)."""
    with session_scope() as db:
        details = db.execute(
            sa.select(ShopOrderEvent.details)
            .where(ShopOrderEvent.order_id == order_id, ShopOrderEvent.to_status == to_status)
            .order_by(ShopOrderEvent.id.desc())  # type: ignore[union-attr]
            .limit(1)
        ).scalar_one_or_none()
    return dict(details or {})


def replay_order(order: ShopOrder) -> OrderView:
    """The same key again: refresh an open order from the gateway, repeat a refusal, else the order."""
    if order.status == "created" and order.payment_ref is None:
        return start(order)  # the gateway has not opened the payment yet (or the first call died before it)
    if order.status in OPEN:
        return refresh(order.code)
    if order.status == "failed" and order.reason in REFUSALS:
        error = REFUSALS[order.reason]
        details = event_details(order.id or 0, "failed")
        if error is errors.PaymentVelocity:
            raise errors.PaymentVelocity(int(details.pop("retry_after", 300)), details=details)
        raise error(details=details)
    with session_scope() as db:
        return machine.view(db, order)


# --- the provider's answers ----------------------------------------------------------------------


def apply_payment(order_code: str, result: PaymentResult, *, actor: str | None = None) -> OrderView:
    """Apply what the provider says about ``order_code`` (idempotent; safe under concurrent deliveries)."""
    with session_scope() as db:
        order = machine.lock(db, code=order_code)
        if order is None:
            raise errors.OrderNotFound(details={"order": order_code[:64]})
        apply_locked(db, order, result, actor or f"provider:{order.provider}")
        return machine.view(db, order)


def apply_locked(db: Session, order: ShopOrder, result: PaymentResult, actor: str) -> None:
    """The transition ``result`` calls for, on a locked order."""
    if result.order_code != order.code:
        logger.warning("payment result for %s applied to order %s: ignored", result.order_code, order.code)
        return
    status = result.status
    outcome = {
        PaymentStatus.APPROVED: "approved",
        PaymentStatus.DECLINED: "declined",
        PaymentStatus.CANCELED: "canceled",
    }.get(status)
    if outcome is not None and order.status in OPEN:
        limits.note_result(db, order.id or 0, outcome, result.card_fingerprint)
    if status is PaymentStatus.APPROVED:
        paused = guard.on_break(db, order.user_id) if order.status in OPEN else None
        if paused is not None:  # a break started after the checkout opened: nothing is sold, the money goes back
            machine.transition(db, order, "failed", reason="PLAY_PAUSED", actor=actor, details={"kind": paused.kind})
            _give_back(db, order, result)
        elif order.status in OPEN and result.amount_krw == order.amount_krw:
            machine.mark_paid(
                db, order, actor=actor, payment_ref=result.payment_ref, card_fingerprint=result.card_fingerprint
            )
        elif order.status in OPEN:
            details = {"order_amount_krw": order.amount_krw, "provider_amount_krw": result.amount_krw}
            machine.transition(db, order, "failed", reason="AMOUNT_MISMATCH", actor=actor, details=details)
            _give_back(db, order, result)
        elif order.status in ("failed", "voided"):
            _give_back(db, order, result)  # approved after the order ended: the player gets the money back
    elif status is PaymentStatus.DECLINED and order.status in OPEN:
        machine.transition(db, order, "failed", reason=(result.reason or "DECLINED")[:40], actor=actor)
    elif status is PaymentStatus.CANCELED and order.status in OPEN:
        machine.transition(db, order, "voided", reason=(result.reason or "CANCELED")[:40], actor=actor)
    elif status is PaymentStatus.PENDING and order.status == "created":
        machine.transition(db, order, "pending", reason=None, actor=actor, payment_ref=result.payment_ref)
    elif status is PaymentStatus.REFUNDED and order.status == "paid":
        refunds.reverse(db, order, kind="provider", reason="PROVIDER_REFUND", actor=actor, full_only=False)
    elif status is PaymentStatus.REFUNDED and order.status in OPEN:
        machine.transition(db, order, "voided", reason="REFUNDED_AT_PROVIDER", actor=actor)


def _give_back(db: Session, order: ShopOrder, result: PaymentResult) -> None:
    """Refund a capture the shop will not honour (wrong amount, or approved after the order ended), once."""
    done = db.execute(
        sa.select(ShopOrderEvent.id).where(
            ShopOrderEvent.order_id == order.id, ShopOrderEvent.reason == "PROVIDER_MONEY_RETURNED"
        )
    ).first()
    if done is not None or not result.payment_ref:
        return
    try:
        payments.gateway(order.provider).refund(
            order_code=order.code,
            payment_ref=result.payment_ref,
            amount_krw=result.amount_krw,
            reason=order.reason or "ORDER_CLOSED",
        )
    except Exception as exc:  # recorded for staff; the order stays closed and nothing is credited
        logger.exception("could not return the capture of closed order %s", order.code)
        machine.note(db, order, reason="PROVIDER_RETURN_FAILED", actor="system", details={"error": str(exc)[:200]})
        return
    machine.note(db, order, reason="PROVIDER_MONEY_RETURNED", actor="system", details={"amount_krw": result.amount_krw})


def on_payment_event(provider: str, event: WebhookEvent) -> None:
    """A verified webhook: re-query the provider about the payment and apply its answer (called in the
    webhook's transaction). An unknown order, or one opened with another provider, is logged and ignored."""
    with session_scope() as db:
        order = machine.lock(db, code=event.order_code)
        if order is None or order.provider != provider:
            logger.warning("webhook %s/%s for unknown order %s ignored", provider, event.event_id, event.order_code)
            return
        result = payments.gateway(provider).query(
            order_code=order.code, payment_ref=event.payment_ref or order.payment_ref
        )
        apply_locked(db, order, result, f"provider:{provider}")


def refresh(order_code: str) -> OrderView:
    """Ask the gateway about an open order and apply the answer; a closed order is returned as it is."""
    with session_scope() as db:
        order = machine.lock(db, code=order_code)
        if order is None:
            raise errors.OrderNotFound(details={"order": order_code[:64]})
        if order.status == "pending" or (order.status == "created" and order.payment_ref is not None):
            try:
                result = payments.gateway(order.provider).query(order_code=order.code, payment_ref=order.payment_ref)
            except AppError:  # the provider cannot answer now: the order stays as it is, the job retries
                logger.warning("gateway %s could not report on order %s", order.provider, order.code, exc_info=True)
            else:
                apply_locked(db, order, result, f"provider:{order.provider}")
        return machine.view(db, order)


def get_order(user_id: int, order_code: str) -> OrderView:
    """The player's own order (404 otherwise), refreshed from the gateway while it is open."""
    with session_scope() as db:
        owner = db.execute(sa.select(ShopOrder.user_id).where(ShopOrder.code == order_code)).scalar_one_or_none()
    if owner != user_id:
        raise errors.OrderNotFound()
    return refresh(order_code)


def confirm_return(user_id: int, order_code: str, payment_ref: str) -> OrderView:
    """The player is back from the provider (Toss-style): confirm the payment for the order's amount and apply it.

    The amount sent to the provider is the order's, from the database; whatever
    the browser says is ignored. A closed order is returned unchanged; during a cool-off or self-exclusion the
    order fails (``PLAY_PAUSED``) without capturing the payment.
    """
    with session_scope() as db:
        order = machine.lock(db, code=order_code)
        if order is None or order.user_id != user_id:
            raise errors.OrderNotFound()
        if order.status not in OPEN:
            return machine.view(db, order)
        if order.payment_ref is not None and order.payment_ref != payment_ref:
            raise errors.PaymentRefMismatch()
        paused = guard.on_break(db, user_id)
        if paused is not None:  # a break started after the checkout opened: the payment is never captured
            machine.transition(db, order, "failed", reason="PLAY_PAUSED", actor=f"player:{user_id}")
            return machine.view(db, order)
        result = payments.gateway(order.provider).confirm(
            order_code=order.code, payment_ref=payment_ref, amount_krw=order.amount_krw
        )
        apply_locked(db, order, result, f"player:{user_id}")
        return machine.view(db, order)
