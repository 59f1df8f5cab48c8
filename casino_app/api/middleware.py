"""ASGI middleware at the edge: request id + access log + metrics, and a body-size cap."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from casino_app.core import metrics
from casino_app.core.context import request_id_var, user_id_var
from casino_app.i18n import error_message, normalize_locale

access_log = logging.getLogger("casino_app.access")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_INSTRUMENTED_PREFIXES = ("/api", "/metrics")
# Metric labels come from a closed set: any other method token a client invents is "other",
# so requests cannot mint new time series.
_KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def method_label(method: str) -> str:
    """The request method as a metric label: a standard method, else ``other``."""
    return method if method in _KNOWN_METHODS else "other"


def _route_label(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    if path and path != "":
        return str(path)
    return "unmatched"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class RequestContextMiddleware:
    """Assign a request id, time the request, log it as JSON and count it in Prometheus."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap HTTP requests under /api and /metrics; pass everything else through."""
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(_INSTRUMENTED_PREFIXES):
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        rid_token = request_id_var.set(request_id)
        uid_token = user_id_var.set(None)
        status = 500
        start = time.perf_counter()

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_wrapper(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            # Render here, inside the request context, so the 500 carries the request id.
            access_log.exception("unhandled error on %s %s", method_label(scope.get("method", "")), path)
            if started:
                raise
            from casino_app.api.errors import envelope

            locale = normalize_locale(_header(scope, b"accept-language"))
            response = envelope(500, "INTERNAL_ERROR", error_message("INTERNAL_ERROR", locale))
            await response(scope, receive, tracking_send)
        finally:
            elapsed = time.perf_counter() - start
            route = _route_label(scope)
            method = method_label(scope.get("method", "GET"))
            metrics.HTTP_REQUESTS.labels(method, route, str(status)).inc()
            metrics.HTTP_LATENCY.labels(method, route).observe(elapsed)
            metrics.refresh_process_gauges()
            access_log.info(
                "%s %s %s",
                method,
                route,
                status,
                extra={"status": status, "duration_ms": round(elapsed * 1000, 2), "path": path, "method": method},
            )
            request_id_var.reset(rid_token)
            user_id_var.reset(uid_token)


# Exact paths allowed a larger body than ``max_request_body_bytes`` (an upload route registers its own cap).
LARGER_BODIES: dict[str, int] = {}


class BodyLimitMiddleware:
    """Reject /api request bodies above ``max_bytes`` (or the path's ``LARGER_BODIES`` cap) with a 413 envelope."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check Content-Length up front and count streamed bytes."""
        if scope["type"] != "http" or not scope.get("path", "").startswith("/api"):
            await self.app(scope, receive, send)
            return
        limit = max(self.max_bytes, LARGER_BODIES.get(scope["path"], 0))
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._reject(scope, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised while the route reads its body; the error handlers render the 413.
                    raise BodyTooLargeError
            return message

        await self.app(scope, limited_receive, send)

    async def _reject(self, scope: Scope, send: Send) -> None:
        from casino_app.api.errors import envelope

        locale = normalize_locale(_header(scope, b"accept-language"))
        response = envelope(413, "PAYLOAD_TOO_LARGE", error_message("PAYLOAD_TOO_LARGE", locale))

        async def empty_receive() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, empty_receive, send)


class BodyTooLargeError(HTTPException):
    """A streamed request body went over the limit."""

    def __init__(self) -> None:
        super().__init__(status_code=413)
