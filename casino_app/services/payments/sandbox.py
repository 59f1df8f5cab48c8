"""The sandbox gateway: the embedded default provider, with a real hosted checkout page served by this app.

``start`` records a payment at the "provider" (``sandbox_payments``) and sends
the player to ``/api/payments/sandbox/checkout/{payment_ref}``. There the tester
picks a test card and one of four outcomes; ``decide`` records it (only from
pending) and the checkout route then delivers a signed webhook to this app's own
webhook URL over HTTP, exactly as a real provider would, before redirecting the
browser back to the shop. "Time out" records nothing and sends nothing: the
payment stays pending and the shop's auto-void job ends it.

Amount, title and order always come from the ``sandbox_payments`` row, never
from the checkout form.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import sqlalchemy as sa
from sqlmodel import select

from casino_app.core import clock, metrics
from casino_app.core.db import session_scope
from casino_app.models.payments import SandboxPayment
from casino_app.services.payments import signing
from casino_app.services.payments.errors import PaymentAlreadyDecided, PaymentNotFound, PaymentNotRefundable
from casino_app.services.payments.port import (
    CheckoutStart,
    PaymentResult,
    PaymentStatus,
    WebhookEvent,
    WebhookRejected,
)
from casino_app.settings import get_settings

logger = logging.getLogger(__name__)

NAME = "sandbox"
CHECKOUT_PATH = "/api/payments/sandbox/checkout/{payment_ref}"
WEBHOOK_PATH = "/api/payments/webhooks/{provider}"
PAYMENT_REF_PATTERN = r"^sbx_[A-Za-z0-9_-]{20,36}$"
DECLINE_REASON = "SANDBOX_DECLINED"
DELIVERY_TIMEOUT_SECONDS = 5.0
DELIVERY_BACKOFF_SECONDS = 0.2

Decision = Literal["approve", "decline", "pending", "timeout"]
DECISIONS: tuple[Decision, ...] = ("approve", "decline", "pending", "timeout")

# Test cards: the checkout page's selector. A fingerprint is an opaque per-card id (the fraud velocity rule
# counts distinct fingerprints), derived like a provider would: a keyed digest, never the card number.
TEST_CARDS: dict[str, str] = {
    "visa-4242": "Visa •••• 4242",
    "master-5454": "Mastercard •••• 5454",
    "bc-9410": "BC카드 •••• 9410",
    "shinhan-1234": "신한카드 •••• 1234",
}


def card_fingerprint(card: str) -> str:
    """The opaque fingerprint of test card ``card``."""
    return hashlib.sha256(f"sandbox-card:{card}".encode()).hexdigest()[:32]


_delivery_transport: httpx.AsyncBaseTransport | None = None


@contextmanager
def use_delivery_transport(transport: httpx.AsyncBaseTransport) -> Iterator[None]:
    """Deliver webhooks through ``transport`` (tests: an ``httpx.ASGITransport`` onto the app) for the block."""
    global _delivery_transport
    previous, _delivery_transport = _delivery_transport, transport
    try:
        yield
    finally:
        _delivery_transport = previous


@dataclass(frozen=True)
class Outcome:
    """What a decision did: the payment afterwards, and the webhook body to deliver (None: send nothing)."""

    payment: SandboxPayment
    webhook_body: bytes | None


def _result(row: SandboxPayment) -> PaymentResult:
    return PaymentResult(
        order_code=row.order_code,
        status=PaymentStatus(row.status),
        amount_krw=row.amount_krw,
        payment_ref=row.payment_ref,
        reason=row.reason,
        card_fingerprint=row.card_fingerprint,
    )


def _checked_return_url(return_url: str) -> str:
    """Only this site's own pages: a path, or an absolute URL under the public URL (no open redirect)."""
    public = get_settings().resolved_public_url
    if return_url.startswith("/") and not return_url.startswith(("//", "/\\")):
        return return_url
    if return_url == public or return_url.startswith(public + "/"):
        return return_url
    raise ValueError("return_url must be a path on this site or under PUBLIC_URL")


def find(payment_ref: str) -> SandboxPayment:
    """The sandbox payment ``payment_ref``; ``PaymentNotFound`` when there is none."""
    with session_scope() as session:
        row = session.exec(select(SandboxPayment).where(SandboxPayment.payment_ref == payment_ref)).first()
    if row is None:
        raise PaymentNotFound(details={"payment_ref": payment_ref[:40]})
    return row


def webhook_body(row: SandboxPayment) -> bytes:
    """The JSON a provider would post about ``row``'s current state (one event id per payment and state)."""
    document = {
        "event_id": f"{row.payment_ref}.{row.status}",
        "type": "payment.status_changed",
        "payment_ref": row.payment_ref,
        "order_code": row.order_code,
        "status": row.status,
        "amount_krw": row.amount_krw,
        "reason": row.reason,
        "card_fingerprint": row.card_fingerprint,
        "occurred_at": (row.decided_at or row.created_at or clock.now()).isoformat(),
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode("utf-8")


def decide(payment_ref: str, decision: Decision, card: str) -> Outcome:
    """Record the tester's choice at the provider; only a pending payment can be decided.

    ``approve``/``decline`` end the payment and produce a webhook; ``pending`` keeps
    it pending (decidable later) and reports that; ``timeout`` changes nothing and
    reports nothing. A payment no longer pending raises ``PaymentAlreadyDecided``.
    """
    if decision not in DECISIONS or card not in TEST_CARDS:
        raise ValueError("unknown decision or test card")
    fingerprint = card_fingerprint(card)
    values: dict[str, Any] = {"card_fingerprint": fingerprint}
    if decision == "approve":
        values |= {"status": "approved", "reason": None, "decided_at": clock.now()}
    elif decision == "decline":
        values |= {"status": "declined", "reason": DECLINE_REASON, "decided_at": clock.now()}
    elif decision == "timeout":
        values = {}  # the player walked away: the provider learns nothing
    table = SandboxPayment.__table__  # type: ignore[attr-defined]
    with session_scope() as session:
        condition = sa.and_(table.c.payment_ref == payment_ref, table.c.status == "pending")
        statement = (
            sa.update(table).where(condition).values(**values)
            if values
            else sa.select(table).where(condition).with_for_update()
        )
        row = session.execute(statement.returning(*table.c) if values else statement).first()
    if row is None:
        current = find(payment_ref)  # 404 when unknown
        raise PaymentAlreadyDecided(details={"payment_ref": payment_ref, "status": current.status})
    payment = SandboxPayment.model_validate(dict(row._mapping))
    return Outcome(payment, None if decision == "timeout" else webhook_body(payment))


async def deliver(body: bytes, *, provider: str = NAME) -> bool:
    """POST a signed webhook to this app's webhook URL, retrying failures; True once a 2xx came back.

    Each attempt is signed afresh (a new timestamp), as providers do. A 4xx other
    than 408/429 is final: the app refused the event, a retry would not change that.
    """
    settings = get_settings()
    url = settings.webhook_base_url + WEBHOOK_PATH.format(provider=provider)
    attempts = settings.payment_webhook_delivery_attempts
    async with httpx.AsyncClient(transport=_delivery_transport, timeout=DELIVERY_TIMEOUT_SECONDS) as client:
        for attempt in range(1, attempts + 1):
            headers = {"Content-Type": "application/json", signing.HEADER: signing.sign(body)}
            try:
                response = await client.post(url, content=body, headers=headers)
                status: int | None = response.status_code
            except httpx.HTTPError as exc:
                logger.warning("sandbox webhook attempt %d to %s failed: %s", attempt, url, exc)
                status = None
            if status is not None and 200 <= status < 300:
                metrics.PAYMENT_WEBHOOK_DELIVERIES.labels("delivered").inc()
                return True
            if status is not None and 400 <= status < 500 and status not in (408, 429):
                break
            if attempt < attempts:
                metrics.PAYMENT_WEBHOOK_DELIVERIES.labels("retried").inc()
                await asyncio.sleep(DELIVERY_BACKOFF_SECONDS * 2 ** (attempt - 1))
    metrics.PAYMENT_WEBHOOK_DELIVERIES.labels("failed").inc()
    logger.error("sandbox webhook to %s not delivered; the shop settles by querying the payment", url)
    return False


def _event(document: Any) -> WebhookEvent:
    if not isinstance(document, dict):
        raise WebhookRejected("WEBHOOK_PAYLOAD", "body is not a JSON object")
    event_id, order_code, ref = document.get("event_id"), document.get("order_code"), document.get("payment_ref")
    status, amount = document.get("status"), document.get("amount_krw")
    texts_ok = all(isinstance(v, str) and 0 < len(v) <= 64 for v in (order_code, ref)) and (
        isinstance(event_id, str) and 0 < len(event_id) <= 200
    )
    amount_ok = isinstance(amount, int) and not isinstance(amount, bool) and amount > 0
    if not texts_ok or not amount_ok or status not in {s.value for s in PaymentStatus}:
        raise WebhookRejected("WEBHOOK_PAYLOAD", "missing or invalid fields")
    return WebhookEvent(
        event_id=event_id, order_code=order_code, payment_ref=ref, status=PaymentStatus(status), amount_krw=amount
    )


class SandboxGateway:
    """The embedded provider (``Gateway``): payments live in ``sandbox_payments``, decided on its checkout page."""

    name = NAME

    def start(self, *, order_code: str, amount_krw: int, title: str, return_url: str) -> CheckoutStart:
        """Open a pending sandbox payment and point the player at its checkout page."""
        if amount_krw <= 0:
            raise ValueError("amount_krw must be positive")
        payment_ref = "sbx_" + secrets.token_urlsafe(18)
        with session_scope() as session:
            session.add(
                SandboxPayment(
                    payment_ref=payment_ref,
                    order_code=order_code,
                    amount_krw=amount_krw,
                    title=title.strip()[:200] or order_code,
                    return_url=_checked_return_url(return_url),
                )
            )
            session.flush()
        url = get_settings().resolved_public_url + CHECKOUT_PATH.format(payment_ref=payment_ref)
        return CheckoutStart(order_code=order_code, redirect_url=url, payment_ref=payment_ref)

    def _row(self, order_code: str, payment_ref: str | None) -> SandboxPayment:
        if payment_ref is not None:
            row = find(payment_ref)
            if row.order_code != order_code:
                raise PaymentNotFound(details={"payment_ref": payment_ref[:40]})
            return row
        with session_scope() as session:
            found = session.exec(
                select(SandboxPayment).where(SandboxPayment.order_code == order_code).order_by(SandboxPayment.id.desc())  # type: ignore[union-attr]
            ).first()
        if found is None:
            raise PaymentNotFound(details={"order_code": order_code[:64]})
        return found

    def confirm(self, *, order_code: str, payment_ref: str, amount_krw: int) -> PaymentResult:
        """The recorded state; ``reason="AMOUNT_MISMATCH"`` (and the provider's amount) when the amounts differ."""
        row = self._row(order_code, payment_ref)
        result = _result(row)
        if row.amount_krw != amount_krw:
            return PaymentResult(**{**result.__dict__, "reason": "AMOUNT_MISMATCH"})
        return result

    def query(self, *, order_code: str, payment_ref: str | None) -> PaymentResult:
        """The payment's recorded state (the latest payment of the order when no ``payment_ref``)."""
        return _result(self._row(order_code, payment_ref))

    def refund(self, *, order_code: str, payment_ref: str, amount_krw: int, reason: str) -> PaymentResult:
        """Refund an approved payment in full (repeating a done refund returns it again)."""
        row = self._row(order_code, payment_ref)
        table = SandboxPayment.__table__  # type: ignore[attr-defined]
        with session_scope() as session:
            updated = session.execute(
                sa.update(table)
                .where(table.c.id == row.id, table.c.status == "approved", table.c.amount_krw == amount_krw)
                .values(status="refunded", reason=reason.strip()[:40] or "REFUNDED")
                .returning(*table.c)
            ).first()
        if updated is not None:
            return _result(SandboxPayment.model_validate(dict(updated._mapping)))
        current = find(payment_ref)
        if current.status == "refunded" and current.amount_krw == amount_krw:
            return _result(current)
        raise PaymentNotRefundable(details={"status": current.status, "amount_krw": current.amount_krw})

    def parse_webhook(self, headers: Mapping[str, str], raw_body: bytes) -> WebhookEvent:
        """Verify the signature and time window, then decode the event."""
        signing.verify(headers, raw_body)
        try:
            document = json.loads(raw_body)
        except (ValueError, UnicodeDecodeError):
            raise WebhookRejected("WEBHOOK_PAYLOAD", "body is not JSON") from None
        return _event(document)
