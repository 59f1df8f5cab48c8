"""Typed ledger failures."""

from __future__ import annotations

from casino_app.core.errors import Conflict, NotFound


class InsufficientFunds(Conflict):
    """A debit would take a user account below zero; nothing was posted."""

    code = "INSUFFICIENT_FUNDS"


class IdempotencyConflict(Conflict):
    """The idempotency key was already used for a different request."""

    code = "IDEMPOTENCY_CONFLICT"


class UnknownAccount(NotFound):
    """No such ledger account."""

    code = "UNKNOWN_ACCOUNT"
