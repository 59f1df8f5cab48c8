"""The one error envelope for every 4xx/5xx: ``{"error": {"code", "message", "details"}}``."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from casino_app.core.context import request_id_var
from casino_app.core.errors import AppError
from casino_app.i18n import error_message, field_message, normalize_locale

logger = logging.getLogger("casino_app.api")

_STATUS_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
    503: "SERVICE_UNAVAILABLE",
}


def locale_of(request: Request) -> str:
    """The response language: ``Accept-Language`` when supported, Korean otherwise."""
    return normalize_locale(request.headers.get("accept-language"))


def envelope(
    status: int,
    code: str,
    message: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Build the error response every failure uses."""
    body: dict[str, Any] = {"error": {"code": code, "message": message, "details": details or {}}}
    request_id = request_id_var.get()
    if request_id:
        body["error"]["request_id"] = request_id
    return JSONResponse(body, status_code=status, headers=headers)


def _field_errors(exc: RequestValidationError, locale: str) -> list[dict[str, Any]]:
    fields = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        fields.append(
            {
                "field": ".".join(loc[1:] if loc and loc[0] in {"body", "query", "path", "header"} else loc),
                "location": loc[0] if loc else "",
                "type": err.get("type", "invalid"),
                "message": field_message(err.get("type", ""), locale, fallback=err.get("msg", "")),
            }
        )
    return fields


async def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    if exc.status >= 500:
        logger.error("request failed: %s", exc.error_code, extra={"details": exc.details})
    return envelope(exc.status, exc.error_code, exc.message(locale_of(request)), exc.details, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = _field_errors(exc, locale_of(request))
    code = "MALFORMED_JSON" if any(f["type"] == "json_invalid" for f in fields) else "VALIDATION_ERROR"
    return envelope(422, code, error_message(code, locale_of(request)), {"fields": fields})


# FastAPI's wording when a body cannot even be decoded (e.g. invalid UTF-8).
_UNPARSABLE_BODY = "There was an error parsing the body"


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == _UNPARSABLE_BODY:
        # Undecodable bytes are malformed JSON too: one answer for every malformed body.
        fields = [{"field": "", "location": "body", "type": "json_invalid", "message": _UNPARSABLE_BODY}]
        return envelope(422, "MALFORMED_JSON", error_message("MALFORMED_JSON", locale_of(request)), {"fields": fields})
    code = _STATUS_CODES.get(exc.status_code, "INTERNAL_ERROR" if exc.status_code >= 500 else "BAD_REQUEST")
    message = error_message(code, locale_of(request))
    if code == "BAD_REQUEST" and exc.status_code not in _STATUS_CODES:
        message = HTTPStatus(exc.status_code).phrase
    return envelope(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return envelope(500, "INTERNAL_ERROR", error_message("INTERNAL_ERROR", locale_of(request)))


def install_error_handlers(api: FastAPI) -> None:
    """Route every failure through ``envelope``; no stack trace ever reaches a client."""
    api.add_exception_handler(AppError, _app_error)
    api.add_exception_handler(RequestValidationError, _validation_error)
    api.add_exception_handler(StarletteHTTPException, _http_error)
    api.add_exception_handler(Exception, _unhandled)
