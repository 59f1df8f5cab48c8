"""Protection at the till: the adult-age gate, purchase limits and the fraud velocity rule.

All of them run before any charge, in the purchase's transaction (one player's
purchases are serialised by an advisory lock, so two concurrent buys cannot
both slip under a limit).

**Age**: only players verified as Korean adults (``services/accounts/age.py``)
may pay; others get 403 ``AGE_VERIFICATION_REQUIRED``.

**Purchase limits** (won, per player): the player's own day / week / month
limits and the operator's monthly cap (``PURCHASE_DEFAULT_MONTHLY_CAP_KRW``).
Windows are KST calendar windows: the business day, the week from Monday
00:00 KST, the month from the 1st 00:00 KST. What counts is the amount of the
player's orders created in the window that are open or paid (``created``,
``pending``, ``paid``); failed, voided and refunded orders do not count. Every
limit applies, so the lowest remaining one decides; a purchase that would go
over one is refused (403 ``PURCHASE_LIMIT``) before any charge. Lowering a
limit (or setting one where there was none) applies at once; raising or
removing one applies only 24 hours later (a later change before then replaces
the pending one; asking for the current value cancels it).

**Velocity**: in the 5 minutes before a new purchase, 20 or more payment
attempts, or 3 or more distinct card fingerprints, block it with 429
``PAYMENT_VELOCITY``. The blocked attempt is itself recorded (outcome
``blocked`` with the reason), so hammering the button keeps the block on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.shop import PaymentAttempt, PurchaseLimit, ShopOrder
from casino_app.services.shop import errors
from casino_app.settings import get_settings

PERIODS = ("day", "week", "month")
INCREASE_DELAY = timedelta(hours=24)
MIN_LIMIT_KRW = 1_000
MAX_LIMIT_KRW = 100_000_000
VELOCITY_WINDOW = timedelta(minutes=5)
VELOCITY_MAX_ATTEMPTS = 20
VELOCITY_MAX_CARDS = 3
COUNTED = ("created", "pending", "paid")


# --- age -------------------------------------------------------------------------------------


def require_adult(age_verified_at: datetime | None) -> None:
    """403 ``AGE_VERIFICATION_REQUIRED`` unless the player's Korean adult age is verified."""
    if age_verified_at is None:
        raise errors.AgeVerificationRequired()


# --- windows and spending --------------------------------------------------------------------


def window_start(period: str, now: datetime) -> datetime:
    """When the KST calendar ``period`` containing ``now`` started (UTC)."""
    today = clock.business_date(now)
    if period == "day":
        first = today
    elif period == "week":
        first = clock.week_start(today)
    elif period == "month":
        first = today.replace(day=1)
    else:
        raise ValueError(f"unknown period {period!r}")
    return clock.start_of_business_day(first)


def spent(db: Session, user_id: int, now: datetime) -> dict[str, int]:
    """Won in open or paid orders created in each current window."""
    table = ShopOrder.__table__
    starts = {period: window_start(period, now) for period in PERIODS}
    columns = [
        sa.func.coalesce(sa.func.sum(table.c.amount_krw).filter(table.c.created_at >= starts[p]), 0) for p in PERIODS
    ]
    row = db.execute(
        sa.select(*columns).where(
            table.c.user_id == user_id,
            table.c.status.in_(COUNTED),
            table.c.created_at >= min(starts.values()),
        )
    ).one()
    return {period: int(value) for period, value in zip(PERIODS, row, strict=True)}


# --- limits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingIncrease:
    """A raised (or removed: ``krw`` None) limit waiting for ``effective_at``."""

    period: str
    krw: int | None
    effective_at: datetime


@dataclass(frozen=True)
class Limits:
    """A player's limits now: own limits, the operator cap, pending increases, spending and what is left."""

    day_krw: int | None
    week_krw: int | None
    month_krw: int | None
    operator_month_cap_krw: int
    pending: list[PendingIncrease]
    spent: dict[str, int]
    remaining: dict[str, int]


def _current(row: PurchaseLimit | None, now: datetime) -> tuple[dict[str, int | None], dict[str, PendingIncrease]]:
    """Own limits with matured increases applied, and the increases still waiting."""
    own: dict[str, int | None] = {p: getattr(row, f"{p}_krw") if row else None for p in PERIODS}
    waiting: dict[str, PendingIncrease] = {}
    for period, entry in ((row.pending if row else None) or {}).items():
        at = datetime.fromisoformat(entry["effective_at"])
        if at <= now:
            own[period] = entry["krw"]
        else:
            waiting[period] = PendingIncrease(period, entry["krw"], at)
    return own, waiting


def _caps(own: dict[str, int | None]) -> dict[str, int | None]:
    cap = get_settings().purchase_default_monthly_cap_krw
    month = own["month"]
    return {**own, "month": cap if month is None else min(month, cap)}


def _view(own: dict[str, int | None], waiting: dict[str, PendingIncrease], used: dict[str, int]) -> Limits:
    caps = _caps(own)
    remaining = {p: max(0, cap - used[p]) for p, cap in caps.items() if cap is not None}
    return Limits(
        day_krw=own["day"],
        week_krw=own["week"],
        month_krw=own["month"],
        operator_month_cap_krw=get_settings().purchase_default_monthly_cap_krw,
        pending=sorted(waiting.values(), key=lambda p: PERIODS.index(p.period)),
        spent=used,
        remaining=remaining,
    )


def check_purchase(db: Session, user_id: int, amount_krw: int, now: datetime) -> None:
    """403 ``PURCHASE_LIMIT`` if buying ``amount_krw`` now would exceed any limit (the tightest is named)."""
    own, _ = _current(db.get(PurchaseLimit, user_id), now)
    used = spent(db, user_id, now)
    over = [
        (cap - used[period], period, cap)
        for period, cap in _caps(own).items()
        if cap is not None and used[period] + amount_krw > cap
    ]
    if over:
        left, period, cap = min(over)
        source = "operator" if period == "month" and (own["month"] is None or own["month"] > cap) else "player"
        raise errors.PurchaseLimitReached(
            details={
                "period": period,
                "limit_krw": cap,
                "spent_krw": used[period],
                "amount_krw": amount_krw,
                "remaining_krw": max(0, left),
                "source": source,
            }
        )


def get_limits(user_id: int) -> Limits:
    """The player's limits as they apply now."""
    now = clock.now()
    with session_scope() as db:
        own, waiting = _current(db.get(PurchaseLimit, user_id), now)
        return _view(own, waiting, spent(db, user_id, now))


def _valid(value: Any) -> int | None:
    if value is None:
        return None
    if type(value) is not int or not MIN_LIMIT_KRW <= value <= MAX_LIMIT_KRW:
        raise errors.LimitInvalid(details={"min_krw": MIN_LIMIT_KRW, "max_krw": MAX_LIMIT_KRW})
    return value


def _is_decrease(current: int | None, new: int | None) -> bool:
    return new is not None and (current is None or new < current)


def set_limits(user_id: int, *, day_krw: int | None, week_krw: int | None, month_krw: int | None) -> Limits:
    """Set the player's own limits (None: no own limit); decreases apply now, increases after 24 hours."""
    wanted = {"day": _valid(day_krw), "week": _valid(week_krw), "month": _valid(month_krw)}
    now = clock.now()
    with session_scope() as db:
        db.execute(insert(PurchaseLimit.__table__).values(user_id=user_id).on_conflict_do_nothing())
        row = db.get(PurchaseLimit, user_id, with_for_update=True)
        assert row is not None
        own, waiting = _current(row, now)
        pending: dict[str, Any] = {}
        for period in PERIODS:
            new, current = wanted[period], own[period]
            if new == current:
                continue  # unchanged; asking for the current value cancels a pending increase
            if _is_decrease(current, new):
                own[period] = new
                continue
            earlier = waiting.get(period)
            at = earlier.effective_at if earlier is not None and earlier.krw == new else now + INCREASE_DELAY
            pending[period] = {"krw": new, "effective_at": at.isoformat()}
        row.day_krw, row.week_krw, row.month_krw = own["day"], own["week"], own["month"]
        row.pending = pending
        row.updated_at = now
        db.flush()
        live = {p: PendingIncrease(p, e["krw"], datetime.fromisoformat(e["effective_at"])) for p, e in pending.items()}
        return _view(own, live, spent(db, user_id, now))


# --- velocity ----------------------------------------------------------------------------------


def velocity_reason(db: Session, user_id: int, now: datetime) -> str | None:
    """``VELOCITY_ATTEMPTS`` / ``VELOCITY_CARDS`` when the last 5 minutes break the rule, else None."""
    table = PaymentAttempt.__table__
    attempts, cards = db.execute(
        sa.select(sa.func.count(), sa.func.count(sa.distinct(table.c.card_fingerprint))).where(
            table.c.user_id == user_id, table.c.at > now - VELOCITY_WINDOW, table.c.at <= now
        )
    ).one()
    if attempts >= VELOCITY_MAX_ATTEMPTS:
        return "VELOCITY_ATTEMPTS"
    if cards >= VELOCITY_MAX_CARDS:
        return "VELOCITY_CARDS"
    return None


def record_attempt(
    db: Session, user_id: int, order_id: int | None, outcome: str, now: datetime, reason: str | None = None
) -> None:
    """Add a payment attempt (``started`` or ``blocked``) in the caller's transaction."""
    db.execute(
        sa.insert(PaymentAttempt.__table__).values(
            user_id=user_id, order_id=order_id, at=now, outcome=outcome, reason=reason
        )
    )


def note_result(db: Session, order_id: int, outcome: str, card_fingerprint: str | None) -> None:
    """Record the provider's outcome (and card) on the order's attempt."""
    table = PaymentAttempt.__table__
    values: dict[str, Any] = {"outcome": outcome}
    if card_fingerprint:
        values["card_fingerprint"] = card_fingerprint[:64]
    db.execute(sa.update(table).where(table.c.order_id == order_id, table.c.outcome != "blocked").values(**values))
