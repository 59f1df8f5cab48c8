"""Payment providers' endpoints: signed status webhooks, and the sandbox provider's hosted checkout page.

``POST /api/payments/webhooks/{provider}`` reads the raw body (the signature
covers its exact bytes), verifies it and processes each event id once.
``/api/payments/sandbox/checkout/{payment_ref}`` is the embedded provider's
page (not served in production, where the sandbox is disabled).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from casino_app.api import sandbox_page
from casino_app.api.schemas import ERRORS, ResponseModel, errors
from casino_app.services import payments
from casino_app.services.payments import sandbox, signing, webhooks

router = APIRouter(prefix="/api/payments", tags=["payments"])

ProviderName = Annotated[str, Path(pattern="^[a-z][a-z0-9_]{1,19}$", description="sandbox | toss")]
PaymentRef = Annotated[str, Path(pattern=sandbox.PAYMENT_REF_PATTERN, description="The sandbox payment id")]
TestCard = Literal["visa-4242", "master-5454", "bc-9410", "shinhan-1234"]


class WebhookAck(ResponseModel):
    """The event was accepted; ``duplicate`` when its ``event_id`` had already been processed (a no-op)."""

    received: bool
    duplicate: bool


_WEBHOOK_BODY: dict[str, Any] = {
    "parameters": [
        {
            "name": signing.HEADER,
            "in": "header",
            "required": True,
            "description": "t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.' + raw body>[,v1=<hex>]",
            "schema": {"type": "string", "maxLength": signing.MAX_HEADER_LENGTH},
        }
    ],
    "requestBody": {
        "required": True,
        "description": "The provider's event, exactly as signed",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
}


@router.post(
    "/webhooks/{provider}",
    summary="Receive a payment provider's signed webhook",
    openapi_extra=_WEBHOOK_BODY,
    responses={
        **errors(400, 401, 404),
        400: {**ERRORS[400], "description": "WEBHOOK_PAYLOAD: signed, but not a payment event"},
        401: {**ERRORS[401], "description": "WEBHOOK_SIGNATURE (missing/wrong) or WEBHOOK_STALE (±5 min)"},
        404: {**ERRORS[404], "description": "PAYMENT_PROVIDER_UNKNOWN"},
    },
)
async def receive_webhook(provider: ProviderName, request: Request) -> WebhookAck:
    """Verify the HMAC signature and time window, record the event id, settle the order — once per event."""
    raw_body = await request.body()
    receipt = await run_in_threadpool(webhooks.receive, provider, dict(request.headers), raw_body)
    return WebhookAck(received=True, duplicate=receipt.duplicate)


_HTML = {"description": "The checkout page", "content": {"text/html": {"schema": {"type": "string"}}}}


def _json_errors(*statuses: int, **descriptions: str) -> dict[int | str, dict[str, Any]]:
    """Envelope responses stated as JSON explicitly (the routes' own media type is HTML or a redirect)."""
    envelope = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}
    return {
        status: {"description": descriptions.get(f"s{status}", ERRORS[status]["description"]), "content": envelope}
        for status in sorted({*statuses, 422})
    }


@router.get(
    "/sandbox/checkout/{payment_ref}",
    summary="The sandbox provider's checkout page",
    response_class=HTMLResponse,
    responses={200: _HTML, **_json_errors(404, s404="PAYMENT_NOT_FOUND, or PAYMENT_PROVIDER_UNKNOWN (disabled)")},
)
def sandbox_checkout_page(
    payment_ref: PaymentRef, lang: Annotated[Literal["ko", "en"], Query(description="ko first, or en")] = "ko"
) -> HTMLResponse:
    """Order, product and amount from the provider's record, a test card selector and the four outcomes."""
    payments.gateway(sandbox.NAME)  # 404 where the sandbox is disabled
    return HTMLResponse(sandbox_page.render(sandbox.find(payment_ref), lang))


@router.post(
    "/sandbox/checkout/{payment_ref}",
    summary="Decide a sandbox payment (then the provider's webhook is delivered)",
    status_code=303,
    response_class=RedirectResponse,
    responses={
        303: {"description": "Back to the shop's result page (the order's return URL)"},
        **_json_errors(404, 409, s404="PAYMENT_NOT_FOUND or PAYMENT_PROVIDER_UNKNOWN", s409="PAYMENT_ALREADY_DECIDED"),
    },
)
async def sandbox_checkout_decide(
    payment_ref: PaymentRef,
    decision: Annotated[sandbox.Decision, Form(description="approve | decline | pending | timeout")],
    card: Annotated[TestCard, Form(description="The test card (sets the card fingerprint)")],
) -> RedirectResponse:
    """Record the outcome at the provider (only from pending), deliver its signed webhook, return to the shop."""
    payments.gateway(sandbox.NAME)
    outcome = await run_in_threadpool(sandbox.decide, payment_ref, decision, card)
    if outcome.webhook_body is not None:
        await sandbox.deliver(outcome.webhook_body)
    return RedirectResponse(outcome.payment.return_url, status_code=303)
