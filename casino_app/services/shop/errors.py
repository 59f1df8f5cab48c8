"""The shop's typed errors (each code has a Korean and an English message in ``i18n/*/shop.py``)."""

from __future__ import annotations

from casino_app.core.errors import Conflict, Forbidden, NotFound, RateLimited, ValidationFailed


class ProductUnavailable(NotFound):
    """No such product, or it is inactive or past its sunset date."""

    code = "PRODUCT_UNAVAILABLE"


class OrderNotFound(NotFound):
    """No such order for this player (another player's order is "not found" too)."""

    code = "ORDER_NOT_FOUND"


class ReceiptNotFound(NotFound):
    """No such receipt for this player."""

    code = "RECEIPT_NOT_FOUND"


class RankRequired(Forbidden):
    """The product needs a higher rank (``details.required``)."""

    code = "RANK_REQUIRED"


class AgeVerificationRequired(Forbidden):
    """Only players verified as Korean adults may pay."""

    code = "AGE_VERIFICATION_REQUIRED"


class PurchaseLimitReached(Forbidden):
    """The purchase would exceed a limit (``details``: period, limit, spent, amount); nothing was charged."""

    code = "PURCHASE_LIMIT"


class PaymentVelocity(RateLimited):
    """Too many payment attempts or cards in five minutes; blocked before any charge."""

    code = "PAYMENT_VELOCITY"


class OrderNotRefundable(Conflict):
    """The order is not paid (or was refunded already)."""

    code = "ORDER_NOT_REFUNDABLE"


class WithdrawalWindowClosed(Conflict):
    """More than 7 days have passed since the order was paid."""

    code = "WITHDRAWAL_WINDOW_CLOSED"


class PurchaseUsed(Conflict):
    """The order's gold (or items) were used since the purchase: no withdrawal (staff may still refund)."""

    code = "PURCHASE_USED"


class PaymentRefMismatch(Conflict):
    """The payment the browser names is not the one the order was opened with."""

    code = "PAYMENT_REF_MISMATCH"


class SkuTaken(Conflict):
    """Another product already has this SKU."""

    code = "SKU_TAKEN"


class ProductInvalid(ValidationFailed):
    """A product field breaks a catalog rule (``details.field``)."""

    code = "PRODUCT_INVALID"


class LimitInvalid(ValidationFailed):
    """A purchase limit must be a whole number of won between 1,000 and the operator's cap, or none."""

    code = "LIMIT_INVALID"


class LimitedBlocked(Conflict):
    """A limited-package buy refused by the package's or the promo code's rules (the code names the reason).

    ``POST /api/shop/limited/buy`` answers it as ``200 {"success": false, "reason": <code>}`` (the seed's
    contract); it is a 409 wherever else it might surface.
    """

    code = "LIMITED_BLOCKED"
