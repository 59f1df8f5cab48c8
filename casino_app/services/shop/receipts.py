"""Signed purchase receipts.

Every paid order gets a unique receipt code and an HMAC-SHA256 signature
(``RECEIPT_SIGNING_SECRET``; outside production a random key kept once in
``DATA_DIR/receipt_signing_secret``) over the canonical text

    ``v1|<receipt code>|<order code>|<user id>|<amount_krw>|<gold>|<bonus_gold>|<paid_at, ISO 8601 UTC>``

so the owner (and support) can check that a receipt shows exactly what was
sold, for how much and when. ``receipt`` recomputes it on every read.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from casino_app.core import local_secret
from casino_app.core.db import session_scope
from casino_app.models.shop import ShopOrder
from casino_app.services.shop.errors import ReceiptNotFound
from casino_app.settings import get_settings

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _key() -> bytes:
    settings = get_settings()
    if settings.receipt_signing_secret is not None:
        return settings.receipt_signing_secret.get_secret_value().encode()
    path = settings.absolute(settings.data_dir) / "receipt_signing_secret"
    return local_secret.persisted(path, lambda: secrets.token_urlsafe(48).encode("ascii"))


def new_code() -> str:
    """A fresh receipt code: ``R-`` and 16 random characters (80 bits; unique index in the database)."""
    return "R-" + "".join(secrets.choice(_ALPHABET) for _ in range(16))


def canonical(order: ShopOrder) -> str:
    """The signed text of a paid order's receipt."""
    if order.paid_at is None or order.receipt_code is None:
        raise ValueError("only a paid order has a receipt")
    paid = order.paid_at.astimezone(UTC).isoformat(timespec="microseconds")
    return "|".join(
        [
            "v1",
            order.receipt_code,
            order.code,
            str(order.user_id),
            str(order.amount_krw),
            str(order.gold),
            str(order.bonus_gold),
            paid,
        ]
    )


def sign(order: ShopOrder) -> str:
    """The receipt signature (hex HMAC-SHA256 of ``canonical``)."""
    return hmac.new(_key(), canonical(order).encode(), hashlib.sha256).hexdigest()


def verify(order: ShopOrder) -> bool:
    """Whether the stored signature matches the order as stored now."""
    return order.receipt_signature is not None and hmac.compare_digest(order.receipt_signature, sign(order))


@dataclass(frozen=True)
class Receipt:
    """A receipt as its owner sees it, with the verification result."""

    receipt_code: str
    order_code: str
    status: str
    sku: str
    name_ko: str
    name_en: str
    amount_krw: int
    gold: int
    bonus_gold: int
    items: dict[str, int]
    paid_at: datetime
    refunded_at: datetime | None
    signature: str
    signed_text: str
    verified: bool


def receipt(code: str, user_id: int) -> Receipt:
    """The receipt ``code`` if it belongs to ``user_id`` (404 ``RECEIPT_NOT_FOUND`` otherwise)."""
    from casino_app.services.shop.machine import describe  # machine signs receipts with this module

    with session_scope() as db:
        order = db.execute(
            sa.select(ShopOrder).where(ShopOrder.receipt_code == code, ShopOrder.user_id == user_id)
        ).scalar_one_or_none()
        if order is None:
            raise ReceiptNotFound()
        product = describe(db, order)  # the product or limited package sold
    assert order.receipt_code is not None
    assert order.paid_at is not None
    assert order.receipt_signature is not None
    return Receipt(
        receipt_code=order.receipt_code,
        order_code=order.code,
        status=order.status,
        sku=product.sku,
        name_ko=product.name_ko,
        name_en=product.name_en,
        amount_krw=order.amount_krw,
        gold=order.gold,
        bonus_gold=order.bonus_gold,
        items=dict(order.items or {}),
        paid_at=order.paid_at,
        refunded_at=order.refunded_at,
        signature=order.receipt_signature,
        signed_text=canonical(order),
        verified=verify(order),
    )
