"""The payment errors a client may see (codes have Korean and English messages in the catalogs)."""

from __future__ import annotations

from casino_app.core.errors import AppError, BadRequest, Conflict, NotFound, Unauthorized


class PaymentProviderUnknown(NotFound):
    """No enabled payment provider has this name."""

    code = "PAYMENT_PROVIDER_UNKNOWN"


class PaymentNotFound(NotFound):
    """The provider knows no such payment."""

    code = "PAYMENT_NOT_FOUND"


class PaymentAlreadyDecided(Conflict):
    """The sandbox payment is no longer pending: it cannot be decided again."""

    code = "PAYMENT_ALREADY_DECIDED"


class PaymentGatewayError(AppError):
    """The provider failed or answered something unexpected; ``details.provider_code`` names its error."""

    code = "PAYMENT_GATEWAY_ERROR"
    status = 502


class WebhookSignatureInvalid(Unauthorized):
    """The webhook's signature is missing, malformed or wrong."""

    code = "WEBHOOK_SIGNATURE"


class WebhookStale(Unauthorized):
    """The webhook's signed timestamp is outside the allowed window."""

    code = "WEBHOOK_STALE"


class WebhookPayloadInvalid(BadRequest):
    """A correctly signed webhook whose body is not a payment event this app understands."""

    code = "WEBHOOK_PAYLOAD"


class PaymentNotRefundable(Conflict):
    """Only an approved payment can be refunded (and only for its whole amount)."""

    code = "PAYMENT_NOT_REFUNDABLE"


WEBHOOK_ERRORS: dict[str, type[AppError]] = {
    "WEBHOOK_SIGNATURE": WebhookSignatureInvalid,
    "WEBHOOK_STALE": WebhookStale,
    "WEBHOOK_PAYLOAD": WebhookPayloadInvalid,
}
