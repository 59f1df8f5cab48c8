"""Receiving a payment webhook: verify, record its event id once, hand it to the shop — in one transaction.

A replayed ``event_id`` (the provider retrying, or an attacker replaying a
capture inside the time window) finds its row and is a no-op. The event row and
the shop's work commit together: if the shop fails, the row is rolled back too,
so the provider's retry is processed rather than swallowed. Concurrent
deliveries of one event serialise on the unique key: one inserts and
processes, the others wait for its commit and see a duplicate.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.dialects.postgresql import insert

from casino_app.core import metrics
from casino_app.core.db import session_scope
from casino_app.models.payments import PaymentWebhookEvent
from casino_app.services.payments import gateway
from casino_app.services.payments.errors import WEBHOOK_ERRORS, WebhookPayloadInvalid
from casino_app.services.payments.port import WebhookEvent, WebhookRejected

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Receipt:
    """What the webhook route answers: the event, and whether it had been processed before."""

    event: WebhookEvent
    duplicate: bool


def _handler(provider: str, event: WebhookEvent) -> None:
    from casino_app.services.shop import orders  # lazy: the shop imports the payments package

    orders.on_payment_event(provider, event)


def receive(provider: str, headers: Mapping[str, str], raw_body: bytes) -> Receipt:
    """Verify and process one delivery for ``provider``; raise the 401/400/404 error when it is refused."""
    gw = gateway(provider)
    try:
        event = gw.parse_webhook(headers, raw_body)
    except WebhookRejected as rejected:
        error = WEBHOOK_ERRORS.get(rejected.code, WebhookPayloadInvalid)
        metrics.PAYMENT_WEBHOOK_SIGNATURE_FAILURES.labels(provider, error.code.removeprefix("WEBHOOK_").lower()).inc()
        raise error(details={"provider": provider}) from None
    try:
        with session_scope() as session:
            statement = (
                insert(PaymentWebhookEvent)
                .values(
                    provider=provider,
                    event_id=event.event_id,
                    order_code=event.order_code,
                    status=event.status.value if event.status else None,
                    body_sha256=hashlib.sha256(raw_body).hexdigest(),
                )
                .on_conflict_do_nothing(index_elements=["provider", "event_id"])
                .returning(PaymentWebhookEvent.id)
            )
            inserted = session.execute(statement).first()
            if inserted is None:
                metrics.PAYMENT_WEBHOOKS.labels(provider, "duplicate").inc()
                return Receipt(event, duplicate=True)
            _handler(provider, event)
    except Exception:
        metrics.PAYMENT_WEBHOOKS.labels(provider, "failed").inc()
        logger.exception("payment webhook %s/%s failed; the provider's retry will redo it", provider, event.event_id)
        raise
    metrics.PAYMENT_WEBHOOKS.labels(provider, "processed").inc()
    return Receipt(event, duplicate=False)
