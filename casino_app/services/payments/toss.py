"""A Toss Payments adapter (API v1): checkout creation, server-side confirm, query, cancel, status webhooks.

Flow: ``start`` creates the payment (``POST /v1/payments``) and sends the player
to Toss' checkout URL; Toss returns the browser to the shop's ``successUrl``
with ``paymentKey``, ``orderId`` and ``amount``; the shop then calls ``confirm``
with the order's amount *from its database*. The adapter first looks the
payment up and refuses to confirm when Toss holds another amount (nothing is
charged), then ``POST /v1/payments/confirm``. Every call uses HTTP Basic auth
with the secret key (``<key>:`` base64). Webhooks are verified with the
app's HMAC scheme and carry no trusted state: ``parse_webhook`` returns
``status=None`` so the shop re-queries the payment.

Toss statuses: READY, IN_PROGRESS and WAITING_FOR_DEPOSIT are pending; DONE is
approved; CANCELED is refunded (it was approved, then cancelled in full; without
an approval time it is cancelled); PARTIAL_CANCELED stays approved (money is
still taken; this shop only refunds in full); ABORTED is declined; EXPIRED is
cancelled.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from casino_app.services.payments import signing
from casino_app.services.payments.errors import PaymentGatewayError, PaymentNotFound, PaymentNotRefundable
from casino_app.services.payments.port import (
    CheckoutStart,
    PaymentResult,
    PaymentStatus,
    WebhookEvent,
    WebhookRejected,
)
from casino_app.settings import get_settings

logger = logging.getLogger(__name__)

NAME = "toss"
STATUS_MAP: dict[str, PaymentStatus] = {
    "READY": PaymentStatus.PENDING,
    "IN_PROGRESS": PaymentStatus.PENDING,
    "WAITING_FOR_DEPOSIT": PaymentStatus.PENDING,
    "DONE": PaymentStatus.APPROVED,
    "CANCELED": PaymentStatus.REFUNDED,
    "PARTIAL_CANCELED": PaymentStatus.APPROVED,
    "ABORTED": PaymentStatus.DECLINED,
    "EXPIRED": PaymentStatus.CANCELED,
}
# Confirm errors that mean "the card or issuer said no" (a decline, not an outage).
DECLINE_CODES = frozenset(
    {
        "REJECT_CARD_PAYMENT",
        "REJECT_CARD_COMPANY",
        "REJECT_ACCOUNT_PAYMENT",
        "INVALID_CARD_NUMBER",
        "INVALID_CARD_EXPIRATION",
        "INVALID_STOPPED_CARD",
        "INVALID_CARD_LOST_OR_STOLEN",
        "INVALID_REJECT_CARD",
        "INVALID_PASSWORD",
        "EXCEED_MAX_DAILY_PAYMENT_COUNT",
        "EXCEED_MAX_PAYMENT_AMOUNT",
        "EXCEED_MAX_CARD_INSTALLMENT_PLAN",
        "NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT",
        "NOT_AVAILABLE_PAYMENT",
        "FDS_ERROR",
    }
)
EXPIRED_CODES = frozenset({"NOT_FOUND_PAYMENT_SESSION"})
ALREADY_DONE_CODES = frozenset({"ALREADY_PROCESSED_PAYMENT", "ALREADY_CANCELED_PAYMENT"})
NOT_FOUND_CODES = frozenset({"NOT_FOUND_PAYMENT", "NOT_FOUND"})


class TossApiError(Exception):
    """A Toss error answer: HTTP status plus Toss' ``code`` and ``message``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


def map_status(payment: Mapping[str, Any]) -> PaymentStatus:
    """The ``PaymentStatus`` of a Toss Payment object."""
    status = str(payment.get("status", ""))
    if status not in STATUS_MAP:
        raise PaymentGatewayError(details={"provider": NAME, "provider_code": f"UNKNOWN_STATUS:{status[:30]}"})
    if status == "CANCELED" and not payment.get("approvedAt"):
        return PaymentStatus.CANCELED
    return STATUS_MAP[status]


def card_fingerprint(payment: Mapping[str, Any]) -> str | None:
    """An opaque id of the card used (issuer and masked number), or None for other methods."""
    card = payment.get("card")
    if not isinstance(card, dict) or not card.get("number"):
        return None
    return hashlib.sha256(f"toss-card:{card.get('issuerCode', '')}:{card['number']}".encode()).hexdigest()[:32]


def to_result(payment: Mapping[str, Any], *, reason: str | None = None) -> PaymentResult:
    """A ``PaymentResult`` from a Toss Payment object."""
    amount = payment.get("totalAmount")
    if payment.get("status") == "PARTIAL_CANCELED":  # only what the provider kept: never a whole order's worth
        amount = payment.get("balanceAmount")
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise PaymentGatewayError(details={"provider": NAME, "provider_code": "BAD_PAYMENT_OBJECT"})
    failure = payment.get("failure")
    if reason is None and isinstance(failure, dict):
        reason = str(failure.get("code") or "")[:40] or None
    if reason is None and payment.get("status") in ("PARTIAL_CANCELED", "EXPIRED", "ABORTED"):
        reason = str(payment["status"])
    return PaymentResult(
        order_code=str(payment.get("orderId", "")),
        status=map_status(payment),
        amount_krw=amount,
        payment_ref=payment.get("paymentKey"),
        reason=reason,
        card_fingerprint=card_fingerprint(payment),
    )


class TossGateway:
    """Toss Payments behind the ``Gateway`` port (sync httpx; the shop calls it from worker threads)."""

    name = NAME

    def __init__(
        self,
        *,
        api_base: str,
        secret_key: str,
        client_key: str = "",
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.api_base = api_base.rstrip("/")
        self.client_key = client_key
        self._secret_key = secret_key
        self._timeout = timeout
        self._transport = transport

    @classmethod
    def from_settings(cls) -> TossGateway:
        """The gateway configured by ``TOSS_*`` settings (``PaymentGatewayError`` when no secret key is set)."""
        settings = get_settings()
        if settings.toss_secret_key is None:
            raise PaymentGatewayError(details={"provider": NAME, "provider_code": "NOT_CONFIGURED"})
        return cls(
            api_base=settings.toss_api_base,
            secret_key=settings.toss_secret_key.get_secret_value(),
            client_key=settings.toss_client_key,
            timeout=settings.toss_timeout_seconds,
        )

    # --- HTTP ---------------------------------------------------------------------------------------
    def _call(self, method: str, path: str, body: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
        try:
            with httpx.Client(
                base_url=self.api_base,
                auth=httpx.BasicAuth(self._secret_key, ""),
                timeout=self._timeout,
                transport=self._transport,
            ) as client:
                response = client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            logger.warning("Toss %s %s failed: %s", method, path, exc)
            raise PaymentGatewayError(details={"provider": NAME, "provider_code": "NETWORK"}) from None
        try:
            document = response.json()
        except ValueError:
            document = None
        if not isinstance(document, dict):
            raise PaymentGatewayError(details={"provider": NAME, "provider_code": f"HTTP_{response.status_code}"})
        if response.is_success:
            return document
        raise TossApiError(
            response.status_code, str(document.get("code", "UNKNOWN"))[:60], str(document.get("message", ""))
        )

    def _failed(self, error: TossApiError) -> PaymentGatewayError | PaymentNotFound:
        if error.code in NOT_FOUND_CODES:
            return PaymentNotFound(details={"provider": NAME})
        logger.warning("Toss refused a call: %s", error)
        return PaymentGatewayError(details={"provider": NAME, "provider_code": error.code})

    def _payment(self, order_code: str, payment_ref: str | None) -> dict[str, Any]:
        path = (
            f"/v1/payments/{quote(payment_ref, safe='')}"
            if payment_ref
            else f"/v1/payments/orders/{quote(order_code, safe='')}"
        )
        try:
            payment = self._call("GET", path)
        except TossApiError as error:
            raise self._failed(error) from None
        if payment.get("orderId") != order_code:
            raise PaymentNotFound(details={"provider": NAME})
        return payment

    # --- the port -------------------------------------------------------------------------------------
    def start(self, *, order_code: str, amount_krw: int, title: str, return_url: str) -> CheckoutStart:
        """Create the payment at Toss and return its checkout URL (success and fail both come back to the shop)."""
        back = return_url if "://" in return_url else get_settings().resolved_public_url + return_url
        body = {
            "method": "CARD",
            "amount": amount_krw,
            "orderId": order_code,
            "orderName": title[:100],
            "successUrl": back,
            "failUrl": back,
        }
        try:
            payment = self._call("POST", "/v1/payments", body)
        except TossApiError as error:
            raise self._failed(error) from None
        checkout = payment.get("checkout")
        url = checkout.get("url") if isinstance(checkout, dict) else None
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise PaymentGatewayError(details={"provider": NAME, "provider_code": "NO_CHECKOUT_URL"})
        return CheckoutStart(order_code=order_code, redirect_url=url, payment_ref=payment.get("paymentKey"))

    def confirm(self, *, order_code: str, payment_ref: str, amount_krw: int) -> PaymentResult:
        """Approve the payment the player authorised, for exactly the order's amount.

        A different amount at Toss → that payment's state with ``reason="AMOUNT_MISMATCH"``
        and nothing confirmed. A card decline → ``DECLINED`` with Toss' code as reason.
        """
        current = self._payment(order_code, payment_ref)
        if current.get("totalAmount") != amount_krw:
            return to_result(current, reason="AMOUNT_MISMATCH")
        if current.get("status") not in ("READY", "IN_PROGRESS"):
            return to_result(current)  # already approved, cancelled or failed: report, do not re-confirm
        body = {"paymentKey": payment_ref, "orderId": order_code, "amount": amount_krw}
        try:
            payment = self._call("POST", "/v1/payments/confirm", body, **{"Idempotency-Key": f"confirm-{payment_ref}"})
        except TossApiError as error:
            if error.code in DECLINE_CODES:
                return PaymentResult(
                    order_code=order_code,
                    status=PaymentStatus.DECLINED,
                    amount_krw=amount_krw,
                    payment_ref=payment_ref,
                    reason=error.code[:40],
                    card_fingerprint=card_fingerprint(current),
                )
            if error.code in EXPIRED_CODES:
                return PaymentResult(
                    order_code, PaymentStatus.CANCELED, amount_krw, payment_ref, reason=error.code[:40]
                )
            if error.code in ALREADY_DONE_CODES:
                return self.query(order_code=order_code, payment_ref=payment_ref)
            raise self._failed(error) from None
        result = to_result(payment)
        if result.amount_krw != amount_krw or result.order_code != order_code:
            return PaymentResult(**{**result.__dict__, "reason": "AMOUNT_MISMATCH"})
        return result

    def query(self, *, order_code: str, payment_ref: str | None) -> PaymentResult:
        """The payment's state at Toss, by payment key (or by order id when there is none)."""
        return to_result(self._payment(order_code, payment_ref))

    def refund(self, *, order_code: str, payment_ref: str, amount_krw: int, reason: str) -> PaymentResult:
        """Cancel the approved payment in full (idempotent: a repeated refund reports the cancelled payment)."""
        current = self._payment(order_code, payment_ref)
        if current.get("status") == "CANCELED":
            return to_result(current)
        if current.get("status") != "DONE" or current.get("totalAmount") != amount_krw:
            raise PaymentNotRefundable(details={"provider": NAME, "status": str(current.get("status"))})
        body = {"cancelReason": reason.strip()[:200] or "refund", "cancelAmount": amount_krw}
        path = f"/v1/payments/{quote(payment_ref, safe='')}/cancel"
        try:
            payment = self._call("POST", path, body, **{"Idempotency-Key": f"refund-{payment_ref}"})
        except TossApiError as error:
            if error.code in ALREADY_DONE_CODES:
                return self.query(order_code=order_code, payment_ref=payment_ref)
            raise self._failed(error) from None
        return to_result(payment)

    def parse_webhook(self, headers: Mapping[str, str], raw_body: bytes) -> WebhookEvent:
        """Verify the signature; report which payment changed (``status=None``: the shop re-queries Toss)."""
        timestamp = signing.verify(headers, raw_body)
        try:
            document = json.loads(raw_body)
        except (ValueError, UnicodeDecodeError):
            raise WebhookRejected("WEBHOOK_PAYLOAD", "body is not JSON") from None
        data = document.get("data") if isinstance(document, dict) else None
        if not isinstance(data, dict):
            raise WebhookRejected("WEBHOOK_PAYLOAD", "no data object")
        order_code, payment_key = data.get("orderId"), data.get("paymentKey")
        if not isinstance(order_code, str) or not 0 < len(order_code) <= 64:
            raise WebhookRejected("WEBHOOK_PAYLOAD", "no orderId")
        if payment_key is not None and (not isinstance(payment_key, str) or not 0 < len(payment_key) <= 200):
            raise WebhookRejected("WEBHOOK_PAYLOAD", "bad paymentKey")
        # The event id comes from signed data only (an unsigned header could be changed to replay a delivery).
        event_id = "signed:" + hashlib.sha256(f"{timestamp}.".encode() + raw_body).hexdigest()
        return WebhookEvent(
            event_id=event_id, order_code=order_code, payment_ref=payment_key, status=None, amount_krw=None
        )
