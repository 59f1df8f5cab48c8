"""A local fake of the Toss Payments API v1 (the documented endpoints the adapter calls), for httpx.MockTransport.

It keeps payments in memory, checks HTTP Basic auth with the secret key, and
answers Toss' error shape ``{"code", "message"}`` with Toss' codes. Tests drive
the player's side with ``authorize`` (the checkout window succeeded) and may
make the issuer decline (``decline_with``) or the API fail (``outage``).
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx

SECRET_KEY = "test_sk_fake0123456789abcdefghijk"
API_BASE = "https://toss.fake"


@dataclass
class FakeToss:
    """The fake's state; ``transport()`` serves it to an httpx client."""

    secret_key: str = SECRET_KEY
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    declines: dict[str, str] = field(default_factory=dict)
    outage: bool = False
    calls: list[tuple[str, str]] = field(default_factory=list)

    def transport(self) -> httpx.MockTransport:
        """An httpx transport answering as this fake."""
        return httpx.MockTransport(self.handle)

    # --- the player's side ------------------------------------------------------------------------
    def authorize(self, payment_key: str, card_number: str = "43301234****123*") -> None:
        """The player completed Toss' checkout window: the payment awaits the merchant's confirm."""
        payment = self.payments[payment_key]
        payment["status"] = "IN_PROGRESS"
        payment["card"] = {"issuerCode": "4V", "number": card_number, "installmentPlanMonths": 0}

    def decline_with(self, payment_key: str, code: str = "REJECT_CARD_PAYMENT") -> None:
        """The issuer will refuse the confirm."""
        self.declines[payment_key] = code

    # --- the API ------------------------------------------------------------------------------------
    @staticmethod
    def _error(status: int, code: str, message: str) -> httpx.Response:
        return httpx.Response(status, json={"code": code, "message": message})

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Route one API call."""
        self.calls.append((request.method, request.url.path))
        if self.outage:
            return self._error(500, "FAILED_INTERNAL_SYSTEM_PROCESSING", "내부 시스템 처리 작업이 실패했습니다.")
        expected = "Basic " + base64.b64encode(f"{self.secret_key}:".encode()).decode()
        if request.headers.get("authorization") != expected:
            return self._error(401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.")
        body = json.loads(request.content) if request.content else {}
        parts = request.url.path.strip("/").split("/")
        if request.method == "POST" and parts == ["v1", "payments"]:
            return self._create(body)
        if request.method == "POST" and parts == ["v1", "payments", "confirm"]:
            return self._confirm(body)
        if request.method == "GET" and len(parts) == 4 and parts[2] == "orders":
            found = [p for p in self.payments.values() if p["orderId"] == parts[3]]
            return httpx.Response(200, json=found[-1]) if found else self._not_found()
        if request.method == "GET" and len(parts) == 3:
            payment = self.payments.get(parts[2])
            return httpx.Response(200, json=payment) if payment else self._not_found()
        if request.method == "POST" and len(parts) == 4 and parts[3] == "cancel":
            return self._cancel(parts[2], body)
        return self._error(404, "NOT_FOUND", "요청한 리소스를 찾을 수 없습니다.")

    def _not_found(self) -> httpx.Response:
        return self._error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")

    def _create(self, body: dict[str, Any]) -> httpx.Response:
        key = "tgen_" + secrets.token_hex(12)
        payment = {
            "paymentKey": key,
            "orderId": body["orderId"],
            "orderName": body["orderName"],
            "status": "READY",
            "method": body["method"],
            "totalAmount": body["amount"],
            "balanceAmount": body["amount"],
            "approvedAt": None,
            "card": None,
            "cancels": None,
            "failure": None,
            "successUrl": body["successUrl"],
            "failUrl": body["failUrl"],
            "checkout": {"url": f"https://pay.toss.fake/v1/payments/{key}/checkout"},
        }
        self.payments[key] = payment
        return httpx.Response(200, json=payment)

    def _confirm(self, body: dict[str, Any]) -> httpx.Response:
        payment = self.payments.get(body.get("paymentKey", ""))
        if payment is None or payment["orderId"] != body.get("orderId"):
            return self._not_found()
        if payment["status"] == "DONE":
            return self._error(400, "ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다.")
        if payment["status"] == "READY":
            return self._error(
                404, "NOT_FOUND_PAYMENT_SESSION", "결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다."
            )
        if body.get("amount") != payment["totalAmount"]:
            return self._error(400, "INVALID_REQUEST", "결제 금액이 일치하지 않습니다.")
        code = self.declines.get(payment["paymentKey"])
        if code:
            payment["status"] = "ABORTED"
            payment["failure"] = {"code": code, "message": "카드사에서 거절했습니다."}
            return self._error(403, code, "카드사에서 결제를 거절했습니다.")
        payment["status"] = "DONE"
        payment["approvedAt"] = "2026-11-28T10:00:00+09:00"
        return httpx.Response(200, json=payment)

    def _cancel(self, key: str, body: dict[str, Any]) -> httpx.Response:
        payment = self.payments.get(key)
        if payment is None:
            return self._not_found()
        if payment["status"] == "CANCELED":
            return self._error(400, "ALREADY_CANCELED_PAYMENT", "이미 취소된 결제 입니다.")
        if payment["status"] != "DONE" or not body.get("cancelReason"):
            return self._error(403, "NOT_CANCELABLE_PAYMENT", "취소 할 수 없는 결제 입니다.")
        amount = body.get("cancelAmount", payment["balanceAmount"])
        payment["balanceAmount"] -= amount
        payment["status"] = "CANCELED" if payment["balanceAmount"] == 0 else "PARTIAL_CANCELED"
        payment["cancels"] = [{"cancelAmount": amount, "cancelReason": body["cancelReason"]}]
        return httpx.Response(200, json=payment)
