"""Read-only views of limited packages and promo codes for the screens (no model object leaves this module).

- ``preview``: what a promo code would take off a package for this player now, decided by the same rule the
  buy applies (``promos.quote``); nothing is recorded or held. The buy prices the order again on the server,
  so a preview never fixes a price.
- ``admin_packages`` / ``admin_promos``: the console's lists (``limited_admin.list_packages`` and
  ``promos.list_codes``) as plain values, with the stock left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.limited import LimitedPackage
from casino_app.services.shop import limited_admin, limited_stock, promos
from casino_app.services.shop.errors import LimitedBlocked


@dataclass(frozen=True)
class PromoPreview:
    """The package's price with ``code`` applied (``reason``: why the code does not apply; then no discount)."""

    package_id: int
    code: str | None
    list_krw: int
    discount_krw: int
    final_krw: int
    reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


def preview(user_id: int, package_id: int, promo_code: str | None) -> PromoPreview:
    """The discount ``promo_code`` would give ``user_id`` on ``package_id`` now (``PACKAGE_NOT_FOUND`` if none)."""
    code = promos.normalize(promo_code)
    with session_scope() as db:
        package = db.get(LimitedPackage, package_id)
        if package is None:
            return PromoPreview(package_id, code, 0, 0, 0, "PACKAGE_NOT_FOUND", {"package_id": package_id})
        price = package.price_krw
        if code is None:
            return PromoPreview(package_id, None, price, 0, price)
        try:
            quote = promos.quote(db, code, package, user_id, clock.now())
        except LimitedBlocked as exc:
            return PromoPreview(package_id, code, price, 0, price, exc.error_code, dict(exc.details))
    return PromoPreview(package_id, code, price, quote.discount_krw, quote.final_krw)


@dataclass(frozen=True)
class PackageAdmin:
    """A limited package as staff see it (``None``: no stock cap / no per-player limit)."""

    id: int
    code: str
    name_ko: str
    name_en: str
    price_krw: int
    gold: int
    bonus_gold: int
    items: dict[str, int]
    starts_at: datetime
    ends_at: datetime
    total_stock: int | None
    sold: int
    held: int
    remaining_stock: int | None
    per_user_limit: int | None
    sort_order: int
    is_active: bool


def _package(p: LimitedPackage) -> PackageAdmin:
    assert p.id is not None
    return PackageAdmin(
        id=p.id,
        code=p.code,
        name_ko=p.name_ko,
        name_en=p.name_en,
        price_krw=p.price_krw,
        gold=p.gold,
        bonus_gold=p.bonus_gold,
        items=dict(p.items or {}),
        starts_at=p.starts_at,
        ends_at=p.ends_at,
        total_stock=p.total_stock,
        sold=p.sold,
        held=p.held,
        remaining_stock=limited_stock.remaining(p),
        per_user_limit=p.per_user_limit,
        sort_order=p.sort_order,
        is_active=p.is_active,
    )


def admin_packages() -> list[PackageAdmin]:
    """Every limited package, on sale or not, with its counters."""
    return [_package(p) for p in limited_admin.list_packages()]


def upsert_package(code: str, changes: dict[str, Any], *, actor_id: int, ip: str = "") -> PackageAdmin:
    """``limited_admin.upsert`` answered as a view."""
    return _package(limited_admin.upsert(code, changes, actor_id=actor_id, ip=ip))


def disable_package(package_id: int, *, actor_id: int, ip: str = "") -> PackageAdmin:
    """``limited_admin.disable`` (the kill switch) answered as a view."""
    return _package(limited_admin.disable(package_id, actor_id=actor_id, ip=ip))


@dataclass(frozen=True)
class PromoAdmin:
    """A promo code as staff see it (``None``: open window end / unlimited uses / any package)."""

    id: int
    code: str
    kind: str
    percent_off: int | None
    amount_off_krw: int | None
    package_id: int | None
    starts_at: datetime | None
    ends_at: datetime | None
    max_uses: int | None
    used_count: int
    once_per_player: bool
    is_active: bool


def _promo(p: Any) -> PromoAdmin:
    return PromoAdmin(
        id=p.id,
        code=p.code,
        kind=p.kind,
        percent_off=p.percent_off,
        amount_off_krw=p.amount_off_krw,
        package_id=p.package_id,
        starts_at=p.starts_at,
        ends_at=p.ends_at,
        max_uses=p.max_uses,
        used_count=p.used_count,
        once_per_player=p.once_per_player,
        is_active=p.is_active,
    )


def admin_promos() -> list[PromoAdmin]:
    """Every promo code, newest first, with its uses."""
    return [_promo(p) for p in promos.list_codes()]


def upsert_promo(code: str, changes: dict[str, Any], *, actor_id: int, ip: str = "") -> PromoAdmin:
    """``promos.upsert`` answered as a view."""
    return _promo(promos.upsert(code, changes, actor_id=actor_id, ip=ip))
