"""Promo codes: a percentage or a fixed number of won off a limited package, applied on the server.

A code is usable while it is active, inside its window (``starts_at`` ≤ now <
``ends_at``, either end open), on its package (or any limited package when
``package_id`` is NULL), below ``max_uses`` (NULL: unlimited) and — for a
once-per-player code — not already used by the player. The discount is
``floor(price × percent / 100)`` or the fixed won, never taking the price below
``MIN_PRICE_KRW`` (the seed's case: a 499 won package with a 50 won code costs
449 won). The order's ``amount_krw`` is that discounted price; the browser
never sends an amount.

The use is recorded in the order's transaction (``record_use``): the
``promo_usages`` row first (``ON CONFLICT DO NOTHING`` on the partial unique
index ``uq_promo_usages_once_per_player``: "once per player" is the database's
rule, not only a check), then ``used_count`` with a conditional ``UPDATE …
WHERE used_count < max_uses``, so concurrent buyers can never exceed
``max_uses``. When the order fails or is voided the use is given back
(``release_use``, called from the order's one status hook): ``released_at`` is
set by a conditional update, so ``used_count`` goes down exactly once. A paid
order keeps its use, also after a refund.

Staff create and edit codes with ``upsert`` (keyed by the code; audited).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.models.limited import PROMO_KINDS, LimitedPackage, PromoCode, PromoUsage
from casino_app.services import audit
from casino_app.services.shop.errors import LimitedBlocked

CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{2,31}$")
MIN_PRICE_KRW = 100
MAX_AMOUNT_OFF_KRW = 10_000_000
MAX_USES = 10_000_000
EDITABLE = (
    "kind",
    "percent_off",
    "amount_off_krw",
    "package_id",
    "starts_at",
    "ends_at",
    "max_uses",
    "once_per_player",
    "is_active",
)


def normalize(code: str | None) -> str | None:
    """The code as stored (trimmed, upper case), or None when no code was given."""
    text = (code or "").strip().upper()
    return text or None


def discount_for(promo: PromoCode, price_krw: int) -> int:
    """The won ``promo`` takes off ``price_krw`` (never below ``MIN_PRICE_KRW``)."""
    off = price_krw * (promo.percent_off or 0) // 100 if promo.kind == "percent" else promo.amount_off_krw or 0
    return max(0, min(off, price_krw - MIN_PRICE_KRW))


@dataclass(frozen=True)
class Quote:
    """A promo code that applies: its id, the won it takes off, the price left."""

    promo_id: int
    code: str
    discount_krw: int
    final_krw: int
    once_per_player: bool


def _live_use(db: Session, promo_id: int, user_id: int) -> bool:
    table = PromoUsage.__table__
    query = sa.select(table.c.id).where(
        table.c.promo_code_id == promo_id, table.c.user_id == user_id, table.c.released_at.is_(None)
    )
    return db.execute(query.limit(1)).first() is not None


def quote(db: Session, code: str, package: LimitedPackage, user_id: int, now: datetime) -> Quote:
    """The discount ``code`` gives ``user_id`` on ``package`` now; raises ``LimitedBlocked`` with the reason.

    Reasons: ``PROMO_INVALID`` (unknown or switched off), ``PROMO_EXPIRED`` (outside its window),
    ``PROMO_NOT_APPLICABLE`` (another package, or nothing left to take off), ``PROMO_USED_UP``
    (``max_uses`` reached), ``PROMO_ALREADY_USED`` (once per player).
    """
    promo = db.execute(sa.select(PromoCode).where(PromoCode.code == code)).scalar_one_or_none()
    if promo is None or not promo.is_active:
        raise LimitedBlocked(code="PROMO_INVALID", details={"promo_code": code})
    if (promo.starts_at is not None and now < promo.starts_at) or (promo.ends_at is not None and now >= promo.ends_at):
        raise LimitedBlocked(code="PROMO_EXPIRED", details={"promo_code": code})
    assert package.id is not None
    assert promo.id is not None
    discount = discount_for(promo, package.price_krw)
    if (promo.package_id is not None and promo.package_id != package.id) or discount <= 0:
        raise LimitedBlocked(code="PROMO_NOT_APPLICABLE", details={"promo_code": code})
    if promo.max_uses is not None and promo.used_count >= promo.max_uses:
        raise LimitedBlocked(code="PROMO_USED_UP", details={"promo_code": code})
    if promo.once_per_player and _live_use(db, promo.id, user_id):
        raise LimitedBlocked(code="PROMO_ALREADY_USED", details={"promo_code": code})
    return Quote(promo.id, promo.code, discount, package.price_krw - discount, promo.once_per_player)


def record_use(db: Session, applied: Quote, *, order_id: int, user_id: int, package_id: int) -> LimitedBlocked | None:
    """Record the use for ``order_id`` in the order's transaction; the refusal when another buy got there first."""
    usages = PromoUsage.__table__
    inserted = db.execute(
        insert(usages)
        .values(
            promo_code_id=applied.promo_id,
            user_id=user_id,
            package_id=package_id,
            order_id=order_id,
            discount_krw=applied.discount_krw,
            once_per_player=applied.once_per_player,
            created_at=clock.now(),
        )
        .on_conflict_do_nothing(
            index_elements=["promo_code_id", "user_id"],
            index_where=sa.text("once_per_player AND released_at IS NULL"),
        )
        .returning(usages.c.id)
    ).first()
    if inserted is None:
        return LimitedBlocked(code="PROMO_ALREADY_USED", details={"promo_code": applied.code})
    codes = PromoCode.__table__
    taken = db.execute(
        sa.update(codes)
        .where(
            codes.c.id == applied.promo_id,
            codes.c.is_active,
            sa.or_(codes.c.max_uses.is_(None), codes.c.used_count < codes.c.max_uses),
        )
        .values(used_count=codes.c.used_count + 1)
        .returning(codes.c.id)
    ).first()
    if taken is None:  # used up (or switched off) since the quote: the use row goes, nothing was counted
        db.execute(sa.delete(usages).where(usages.c.id == inserted.id))
        return LimitedBlocked(code="PROMO_USED_UP", details={"promo_code": applied.code})
    return None


def release_use(db: Session, order_id: int) -> bool:
    """Give back the order's promo use (failed or voided order), once; whether there was one to give back."""
    usages, codes = PromoUsage.__table__, PromoCode.__table__
    released = db.execute(
        sa.update(usages)
        .where(usages.c.order_id == order_id, usages.c.released_at.is_(None))
        .values(released_at=clock.now())
        .returning(usages.c.promo_code_id)
    ).first()
    if released is None:
        return False
    db.execute(
        sa.update(codes)
        .where(codes.c.id == released.promo_code_id, codes.c.used_count > 0)
        .values(used_count=codes.c.used_count - 1)
    )
    return True


# --- staff -----------------------------------------------------------------------------------


def _bad(field: str) -> ValidationFailed:
    return ValidationFailed(code="PROMO_CODE_INVALID", details={"field": field})


def _int_in(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """Check a whole promo code; 422 ``PROMO_CODE_INVALID`` naming the field."""
    values = dict(values)
    if values["kind"] not in PROMO_KINDS:
        raise _bad("kind")
    if values["kind"] == "percent":
        if not _int_in(values["percent_off"], 1, 90):
            raise _bad("percent_off")
        values["amount_off_krw"] = None
    else:
        if not _int_in(values["amount_off_krw"], 1, MAX_AMOUNT_OFF_KRW):
            raise _bad("amount_off_krw")
        values["percent_off"] = None
    for name in ("starts_at", "ends_at"):
        if values[name] is not None and values[name].tzinfo is None:
            raise _bad(name)
    if values["starts_at"] and values["ends_at"] and values["ends_at"] <= values["starts_at"]:
        raise _bad("ends_at")
    if values["max_uses"] is not None and not _int_in(values["max_uses"], 1, MAX_USES):
        raise _bad("max_uses")
    for name in ("once_per_player", "is_active"):
        if type(values[name]) is not bool:
            raise _bad(name)
    return values


def _snapshot(promo: PromoCode) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name in (*EDITABLE, "used_count")
        for value in [getattr(promo, name)]
    }


DEFAULTS: dict[str, Any] = {
    "percent_off": None,
    "amount_off_krw": None,
    "package_id": None,
    "starts_at": None,
    "ends_at": None,
    "max_uses": None,
    "once_per_player": True,
    "is_active": True,
}


def upsert(code: str, changes: dict[str, Any], *, actor_id: int, ip: str = "") -> PromoCode:
    """Create the code, or change the given fields of it (audited ``shop.promo.create`` / ``.update``).

    ``max_uses`` may not go below the uses already counted (422 naming ``max_uses``); a package must exist.
    """
    normalized = normalize(code) or ""
    if not CODE.fullmatch(normalized):
        raise _bad("code")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise _bad(sorted(unknown)[0])
    now = clock.now()
    with session_scope() as db:
        db.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('shop:promo:' || :c))"), {"c": normalized})
        promo = db.execute(
            sa.select(PromoCode).where(PromoCode.code == normalized).with_for_update()
        ).scalar_one_or_none()
        before = _snapshot(promo) if promo is not None else None
        current = {name: getattr(promo, name) for name in EDITABLE} if promo is not None else {**DEFAULTS, "kind": None}
        values = validate({**current, **changes})
        if values["package_id"] is not None and db.get(LimitedPackage, values["package_id"]) is None:
            raise NotFound(code="LIMITED_PACKAGE_NOT_FOUND", details={"package_id": values["package_id"]})
        if promo is None:
            promo = PromoCode(code=normalized, **values, used_count=0, created_at=now, updated_at=now)
            db.add(promo)
        else:
            if values["max_uses"] is not None and values["max_uses"] < promo.used_count:
                raise _bad("max_uses")
            for name, value in values.items():
                setattr(promo, name, value)
            promo.updated_at = now
        db.flush()
        after = _snapshot(promo)
        changed = sorted(name for name in after if before is None or before[name] != after[name])
        if before is None or changed:
            audit.record(
                db,
                actor_id=actor_id,
                action="shop.promo.create" if before is None else "shop.promo.update",
                target_type="promo_code",
                target_id=promo.id or 0,
                details={"code": normalized, "before": before, "after": after, "changed": changed},
                ip=ip,
            )
        return promo


def list_codes() -> list[PromoCode]:
    """Every promo code, newest first (staff)."""
    with session_scope() as db:
        return list(db.execute(sa.select(PromoCode).order_by(PromoCode.id.desc())).scalars())  # type: ignore[union-attr]
