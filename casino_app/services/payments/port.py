"""The payment-gateway port: what the shop asks of a payment provider, whoever it is.

An adapter (``sandbox``: the embedded default with a hosted checkout page served
by this app; ``toss``: a Toss Payments-style provider) implements ``Gateway``.
The shop never trusts an amount, status or order id that came from a browser:
it learns a payment's state only from the provider, either by asking
(``confirm`` / ``query``) or from a webhook that ``parse_webhook`` verified, and
it always compares the provider's amount with the order's on the server.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol


class PaymentStatus(enum.StrEnum):
    """A payment's state at the provider."""

    PENDING = "pending"  # started, not decided yet (the player is on the checkout page, or it timed out there)
    APPROVED = "approved"  # money taken: the order may be paid
    DECLINED = "declined"  # refused by the provider or the card issuer
    CANCELED = "canceled"  # abandoned, expired or voided before approval
    REFUNDED = "refunded"  # approved, then refunded in full


@dataclass(frozen=True)
class CheckoutStart:
    """Where the player goes to pay for ``order_code`` (``redirect_url``: the provider's or the sandbox's page)."""

    order_code: str
    redirect_url: str
    payment_ref: str | None = None  # the provider's id for the payment, when it assigns one up front


@dataclass(frozen=True)
class PaymentResult:
    """What the provider says about one payment (the only source of truth for the shop)."""

    order_code: str
    status: PaymentStatus
    amount_krw: int  # what the provider charged or will charge; compared with the order on the server
    payment_ref: str | None = None  # the provider's payment id / payment key
    reason: str | None = None  # a decline or cancel reason code from the provider
    card_fingerprint: str | None = None  # an opaque per-card id, for the fraud velocity rule


@dataclass(frozen=True)
class WebhookEvent:
    """A verified webhook: its unique ``event_id`` (replays are no-ops) and the payment it reports on."""

    event_id: str
    order_code: str
    payment_ref: str | None
    status: PaymentStatus | None  # None when the provider only says "something changed" (re-query it)
    amount_krw: int | None


class WebhookRejected(Exception):
    """A webhook that failed verification; ``code`` is the error code (``WEBHOOK_SIGNATURE`` etc.)."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code


class Gateway(Protocol):
    """A payment provider, seen from the shop."""

    name: str  # the ``{provider}`` in ``/api/payments/webhooks/{provider}``

    def start(self, *, order_code: str, amount_krw: int, title: str, return_url: str) -> CheckoutStart:
        """Open a payment for an order; the player is sent to ``redirect_url``."""
        ...

    def confirm(self, *, order_code: str, payment_ref: str, amount_krw: int) -> PaymentResult:
        """Ask the provider to capture a payment the player authorised (Toss' server-side confirm).

        ``amount_krw`` is the order's amount from the database, never the browser's.
        """
        ...

    def query(self, *, order_code: str, payment_ref: str | None) -> PaymentResult:
        """The payment's current state at the provider."""
        ...

    def refund(self, *, order_code: str, payment_ref: str, amount_krw: int, reason: str) -> PaymentResult:
        """Refund an approved payment in full."""
        ...

    def parse_webhook(self, headers: Mapping[str, str], raw_body: bytes) -> WebhookEvent:
        """Verify and decode a webhook delivery; raise ``WebhookRejected`` when it must not be believed."""
        ...
