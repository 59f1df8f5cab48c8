"""Typed application errors: one stable code, an HTTP status and a translated message.

Services raise these; the REST layer renders them as the error envelope
``{"error": {"code", "message", "details"}}`` and the Reflex UI shows the
Korean message for the same code.
"""

from __future__ import annotations

from typing import Any, ClassVar


class AppError(Exception):
    """Base of every expected failure a client may see."""

    code: ClassVar[str] = "INTERNAL_ERROR"
    status: ClassVar[int] = 500

    def __init__(
        self,
        message: str | None = None,
        *,
        details: dict[str, Any] | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.error_code = code or self.code
        self.details = details or {}
        self.headers = headers or {}
        self.explicit_message = message
        super().__init__(message or self.error_code)

    def message(self, locale: str = "ko") -> str:
        """The human message in ``locale`` (catalog text for the code, else the explicit one)."""
        from casino_app.i18n import error_message

        return error_message(self.error_code, locale, fallback=self.explicit_message, **self.details)


class BadRequest(AppError):
    """The request is malformed in a way validation cannot express."""

    code = "BAD_REQUEST"
    status = 400


class Unauthorized(AppError):
    """No valid credentials."""

    code = "UNAUTHORIZED"
    status = 401


class Forbidden(AppError):
    """Authenticated but not allowed."""

    code = "FORBIDDEN"
    status = 403


class NotFound(AppError):
    """The object does not exist (or is not the caller's)."""

    code = "NOT_FOUND"
    status = 404


class Conflict(AppError):
    """The request conflicts with current state."""

    code = "CONFLICT"
    status = 409


class ValidationFailed(AppError):
    """Input is well-formed but breaks a business rule on a field."""

    code = "VALIDATION_ERROR"
    status = 422


class RateLimited(AppError):
    """Too many requests; ``retry_after`` seconds until the next may pass."""

    code = "RATE_LIMITED"
    status = 429

    def __init__(self, retry_after: int, message: str | None = None, **kwargs: Any) -> None:
        headers = {"Retry-After": str(max(1, int(retry_after)))}
        details = {"retry_after": max(1, int(retry_after)), **kwargs.pop("details", {})}
        super().__init__(message, details=details, headers=headers, **kwargs)


class ServiceUnavailable(AppError):
    """A dependency is down."""

    code = "SERVICE_UNAVAILABLE"
    status = 503
