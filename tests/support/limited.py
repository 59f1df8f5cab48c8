"""Helpers for limited-package tests: packages, promo codes, counters as stored."""

from __future__ import annotations

import itertools
import uuid
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.limited import LimitedPackage, PromoCode
from casino_app.services.shop import limited_admin, promos
from tests.support import shop as s

_seq = itertools.count(1)


def package(actor: int | None = None, **overrides: Any) -> LimitedPackage:
    """A package on sale now: 4,900 won for 5,000 gold + 500 bonus, 10 units, 2 per player unless overridden."""
    now = clock.now()
    values: dict[str, Any] = {
        "name_ko": "한정 꾸러미",
        "name_en": "Limited pack",
        "price_krw": 4_900,
        "gold": 5_000,
        "bonus_gold": 500,
        "starts_at": now - timedelta(hours=1),
        "ends_at": now + timedelta(days=1),
        "total_stock": 10,
        "per_user_limit": 2,
    }
    values.update(overrides)
    code = f"PKG_{next(_seq):04d}_{uuid.uuid4().hex[:6].upper()}"
    return limited_admin.upsert(code, values, actor_id=actor or s.staff())


def promo(actor: int | None = None, **overrides: Any) -> PromoCode:
    """A promo code worth 50 won off, once per player, unless overridden."""
    values: dict[str, Any] = {"kind": "fixed", "amount_off_krw": 50}
    values.update(overrides)
    code = f"PROMO{next(_seq):04d}{uuid.uuid4().hex[:4].upper()}"
    return promos.upsert(code, values, actor_id=actor or s.staff())


def counters(package_id: int) -> tuple[int, int]:
    """The package's (sold, held) as stored."""
    with session_scope() as db:
        row = db.execute(
            sa.select(LimitedPackage.sold, LimitedPackage.held).where(LimitedPackage.id == package_id)
        ).one()
    return int(row[0]), int(row[1])


def hold_state(order_code: str) -> str:
    """The state of the order's stock hold."""
    with session_scope() as db:
        return str(
            db.execute(
                sa.text(
                    "SELECT h.state FROM limited_stock_holds h JOIN shop_orders o ON o.id = h.order_id"
                    " WHERE o.code = :c"
                ),
                {"c": order_code},
            ).scalar_one()
        )


def used_count(promo_id: int) -> int:
    """The promo code's counted uses."""
    with session_scope() as db:
        return int(db.execute(sa.select(PromoCode.used_count).where(PromoCode.id == promo_id)).scalar_one())


def audit_actions(target_type: str) -> list[str]:
    """Audit actions recorded for ``target_type``, oldest first."""
    with session_scope() as db:
        return list(
            db.execute(
                sa.text("SELECT action FROM audit_log WHERE target_type = :t ORDER BY id"), {"t": target_type}
            ).scalars()
        )
