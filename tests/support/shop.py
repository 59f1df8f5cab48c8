"""Helpers for shop tests: products, adult players, paying through the sandbox provider, ledger checks."""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa

from casino_app.core.db import session_scope
from casino_app.models.shop import ShopOrder, ShopProduct
from casino_app.services import ledger
from casino_app.services.accounts import age, sessions
from casino_app.services.payments import sandbox, signing, webhooks
from casino_app.services.shop import catalog
from tests.support.accounts import new_player, new_staff
from tests.support.wallets import session_with_gold

_seq = itertools.count(1)


def staff() -> int:
    """A fresh admin's id (the actor of catalog changes)."""
    return new_staff("admin", site_id=f"shopadm{next(_seq):04d}{uuid.uuid4().hex[:4]}")


def product(actor: int | None = None, **overrides: Any) -> ShopProduct:
    """A product on sale: 4,900 won for 5,000 gold + 500 bonus unless overridden."""
    values: dict[str, Any] = {
        "sku": f"GOLD_{next(_seq):04d}_{uuid.uuid4().hex[:6].upper()}",
        "name_ko": "골드 꾸러미",
        "name_en": "Gold pack",
        "price_krw": 4_900,
        "gold": 5_000,
        "bonus_gold": 500,
    }
    values.update(overrides)
    return catalog.create_product(catalog.ProductInput(**values), actor_id=actor or staff())


def adult(gold: int = 0) -> int:
    """A player verified as an adult holding exactly ``gold``."""
    return adult_session(gold).user.id


def adult_session(gold: int = 0) -> sessions.TokenPair:
    """A signed-in player (its tokens, for HTTP calls) verified as an adult holding exactly ``gold``."""
    pair = session_with_gold(gold)
    age.verify(pair.user.id, date(1990, 1, 1))
    return pair


def minor_unverified() -> int:
    """A player who never verified an age."""
    return new_player().user.id


def key() -> str:
    """A fresh idempotency key."""
    return str(uuid.uuid4())


def order_row(code: str) -> ShopOrder:
    """The order as stored."""
    with session_scope() as db:
        row = db.execute(sa.select(ShopOrder).where(ShopOrder.code == code)).scalar_one()
        db.expunge(row)
        return row


def decide(code: str, decision: str = "approve", card: str = "visa-4242") -> bytes | None:
    """The tester's choice on the sandbox checkout page for order ``code``; returns the webhook body."""
    ref = order_row(code).payment_ref
    assert ref is not None
    return sandbox.decide(ref, decision, card).webhook_body  # type: ignore[arg-type]


def deliver(body: bytes) -> webhooks.Receipt:
    """Deliver a sandbox webhook body, signed, through the real webhook receiver."""
    return webhooks.receive("sandbox", {signing.HEADER: signing.sign(body)}, body)


def pay(code: str, card: str = "visa-4242") -> None:
    """Approve at the sandbox and deliver its webhook."""
    body = decide(code, "approve", card)
    assert body is not None
    deliver(body)


def ledger_sum() -> int:
    """The sum of every ledger entry (always 0)."""
    with session_scope() as db:
        return int(db.execute(sa.text("SELECT coalesce(sum(amount), 0) FROM ledger_entries")).scalar_one())


def balance(user_id: int) -> int:
    """The player's gold."""
    return ledger.balance_of(user_id)


def events(code: str) -> list[tuple[str | None, str, str | None]]:
    """The order's (from, to, reason) events, oldest first."""
    with session_scope() as db:
        rows = db.execute(
            sa.text(
                "SELECT e.from_status, e.to_status, e.reason FROM shop_order_events e"
                " JOIN shop_orders o ON o.id = e.order_id WHERE o.code = :c ORDER BY e.id"
            ),
            {"c": code},
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def outbox_payloads(topic: str) -> list[dict[str, Any]]:
    """Payloads of the outbox events of ``topic``, oldest first."""
    with session_scope() as db:
        return [
            dict(p)
            for p in db.execute(
                sa.text("SELECT payload FROM outbox_events WHERE topic = :t ORDER BY id"), {"t": topic}
            ).scalars()
        ]
