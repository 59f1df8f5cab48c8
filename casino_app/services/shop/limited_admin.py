"""Staff side of limited packages: upsert (keyed by the package code), the kill switch, the list. All audited.

A change never touches orders already open: their price was fixed when they
opened, and their held units stay held until the order ends. The stock may be
lowered only down to what is already sold or held (422 naming
``total_stock``); the database's ``CHECK (sold + held <= total_stock)`` backs
that up. The kill switch (``disable``) stops new buys at once; open orders may
still complete (their units were taken before the switch).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.models.limited import LimitedPackage
from casino_app.services import audit
from casino_app.services.shop import catalog

CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{2,39}$")
MAX_STOCK = 10_000_000
EDITABLE = (
    "name_ko",
    "name_en",
    "price_krw",
    "gold",
    "bonus_gold",
    "items",
    "starts_at",
    "ends_at",
    "total_stock",
    "per_user_limit",
    "sort_order",
    "is_active",
)
DEFAULTS: dict[str, Any] = {
    "bonus_gold": 0,
    "items": {},
    "total_stock": None,
    "per_user_limit": None,
    "sort_order": 0,
    "is_active": True,
}
REQUIRED = ("name_ko", "name_en", "price_krw", "gold", "starts_at", "ends_at")


class PackageNotFound(NotFound):
    """No such limited package."""

    code = "LIMITED_PACKAGE_NOT_FOUND"


def _bad(name: str) -> ValidationFailed:
    return ValidationFailed(code="LIMITED_PACKAGE_INVALID", details={"field": name})


def _int_in(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """Check a whole package; 422 ``LIMITED_PACKAGE_INVALID`` naming the first bad field."""
    values = dict(values)
    for name in ("name_ko", "name_en"):
        values[name] = str(values[name]).strip()
        if not 1 <= len(values[name]) <= 80:
            raise _bad(name)
    checks = {
        "price_krw": (100, catalog.MAX_PRICE_KRW),
        "gold": (1, catalog.MAX_GOLD),
        "bonus_gold": (0, catalog.MAX_GOLD),
        "sort_order": (-10_000, 10_000),
    }
    for name, (low, high) in checks.items():
        if not _int_in(values[name], low, high):
            raise _bad(name)
    for name in ("starts_at", "ends_at"):
        if not isinstance(values[name], datetime) or values[name].tzinfo is None:
            raise _bad(name)
    if values["ends_at"] <= values["starts_at"]:
        raise _bad("ends_at")
    if values["total_stock"] is not None and not _int_in(values["total_stock"], 0, MAX_STOCK):
        raise _bad("total_stock")
    if values["per_user_limit"] is not None and not _int_in(values["per_user_limit"], 1, 1_000):
        raise _bad("per_user_limit")
    items = values["items"] or {}
    if not isinstance(items, dict) or any(k not in catalog.ITEMS or not _int_in(n, 1, 1000) for k, n in items.items()):
        raise _bad("items")
    if type(values["is_active"]) is not bool:
        raise _bad("is_active")
    return {**values, "items": dict(items)}


def _snapshot(package: LimitedPackage) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name in EDITABLE
        for value in [getattr(package, name)]
    }


def _record(
    db: Session, package: LimitedPackage, action: str, before: dict[str, Any] | None, actor: int, ip: str
) -> None:
    after = _snapshot(package)
    changed = sorted(n for n in after if before is None or before[n] != after[n])
    if before is not None and not changed:
        return
    audit.record(
        db,
        actor_id=actor,
        action=action,
        target_type="limited_package",
        target_id=package.id or 0,
        details={"code": package.code, "changed": changed, "before": before, "after": after},
        ip=ip,
    )


def upsert(code: str, changes: dict[str, Any], *, actor_id: int, ip: str = "") -> LimitedPackage:
    """Create the package ``code`` (every required field given) or change the given fields of it."""
    normalized = code.strip().upper()
    if not CODE.fullmatch(normalized):
        raise _bad("code")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise _bad(sorted(unknown)[0])
    now = clock.now()
    with session_scope() as db:
        db.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('shop:limited:' || :c))"), {"c": normalized})
        package = db.execute(
            sa.select(LimitedPackage).where(LimitedPackage.code == normalized).with_for_update()
        ).scalar_one_or_none()
        if package is None:
            missing = [name for name in REQUIRED if changes.get(name) is None]
            if missing:
                raise _bad(missing[0])
            values = validate({**DEFAULTS, **changes})
            package = LimitedPackage(code=normalized, **values, sold=0, held=0, created_at=now, updated_at=now)
            db.add(package)
            db.flush()
            _record(db, package, "shop.limited.create", None, actor_id, ip)
            return package
        before = _snapshot(package)
        values = validate({**{n: getattr(package, n) for n in EDITABLE}, **changes})
        taken = package.sold + package.held
        if values["total_stock"] is not None and values["total_stock"] < taken:
            raise ValidationFailed(
                code="LIMITED_PACKAGE_INVALID", details={"field": "total_stock", "sold_or_held": taken}
            )
        for name, value in values.items():
            setattr(package, name, value)
        package.updated_at = now
        db.flush()
        _record(db, package, _action(before, _snapshot(package)), before, actor_id, ip)
        return package


def _action(before: dict[str, Any], after: dict[str, Any]) -> str:
    changed = [n for n in after if before[n] != after[n]]
    if changed == ["is_active"]:
        return "shop.limited.enable" if after["is_active"] else "shop.limited.disable"
    return "shop.limited.update"


def disable(package_id: int, *, actor_id: int, ip: str = "") -> LimitedPackage:
    """The kill switch: stop selling the package now (audited ``shop.limited.disable``; idempotent)."""
    with session_scope() as db:
        package = db.get(LimitedPackage, package_id, with_for_update=True)
        if package is None:
            raise PackageNotFound(details={"package_id": package_id})
        if package.is_active:
            before = _snapshot(package)
            package.is_active = False
            package.updated_at = clock.now()
            db.flush()
            _record(db, package, "shop.limited.disable", before, actor_id, ip)
        return package


def list_packages() -> list[LimitedPackage]:
    """Every limited package, on sale or not, with its counters (staff)."""
    with session_scope() as db:
        query = sa.select(LimitedPackage).order_by(LimitedPackage.sort_order, LimitedPackage.id)
        return list(db.execute(query).scalars())
