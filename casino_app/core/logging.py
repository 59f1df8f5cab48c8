"""Structured JSON logging with request/user ids and redaction of secrets.

Every record is one JSON object per line on stderr — ours and Reflex's (its
``reflex`` logger tree is routed through the same handler). A filter adds
``request_id`` and ``user_id`` from the request context, and scrubs
passwords, tokens, Reflex client tokens, session cookies, secrets and phone
numbers — by key in ``extra``, by pattern in messages and in exception
tracebacks — and escapes control characters, so a log line can be neither
forged nor used to leak a credential.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import time
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from casino_app.core.context import request_id_var, user_id_var

REDACTED = "[REDACTED]"
_SENSITIVE_KEY = re.compile(r"pass(word)?|secret|token|authorization|cookie|phone|api[_-]?key|seed", re.IGNORECASE)
_SENSITIVE_VALUE = [
    # JSON Web Tokens (three base64url segments, header starts with eyJ)
    (re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}"), REDACTED),
    # Authorization header values
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1" + REDACTED),
    # Korean mobile numbers, with or without separators or +82
    (re.compile(r"(?<!\d)(?:\+?82[- ]?0?1[016789]|01[016789])[- .]?\d{3,4}[- .]?\d{4}(?!\d)"), REDACTED),
    # key=value pairs that name a secret
    (re.compile(r"(?i)\b(password|passwd|secret|token|refresh_token|access_token)(\s*[=:]\s*)\S+"), r"\1\2" + REDACTED),
    # quoted keys in dict/JSON reprs (Reflex logs whole events): 'password': '...', "ticket": "..."
    (
        re.compile(
            r"""(?i)(['"](?:password\w*|passwd|secret|\w*token|ticket|handoff)['"]\s*:\s*)(['"])(?:(?!\2).)*\2"""
        ),
        r"\1\2" + REDACTED + r"\2",
    ),
    # Reflex client tokens (UUIDs) after the word token, in any quoting: "token <uuid>", token='<uuid>'
    (re.compile(r"(?i)(token\W{1,6})[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), r"\1" + REDACTED),
    # the browser session cookie and the hash the edge puts in its place
    (re.compile(r"(cc_web(?:_sha256)?=)[^;'\"\s]+"), r"\1" + REDACTED),
    # opaque refresh tokens, web session cookies and handoff tickets; streamers' overlay tokens
    (re.compile(r"cc(?:rt|ov)_[A-Za-z0-9_-]{8,}"), REDACTED),
]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Loggers of the libraries that see raw client input (event payloads, socket frames): their own
# handlers are replaced by ours, so what they log is redacted and escaped too.
# ``engineio.server`` and ``socketio.server`` are named too: a level set here stops them from adding a raw
# StreamHandler of their own when the socket server starts.
_LIBRARY_LOGGERS = ("reflex", "engineio", "engineio.server", "socketio", "socketio.server", "granian", "uvicorn")
# Reflex names tabs by UUID client tokens in many messages; in library records every UUID is hidden.
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


def redact_text(text: str) -> str:
    """Replace tokens, bearer credentials, secrets and phone numbers in ``text``."""
    for pattern, replacement in _SENSITIVE_VALUE:
        text = pattern.sub(replacement, text)
    return text


def escape_controls(text: str) -> str:
    """Show control characters (newlines, terminal escapes) as ``\\xNN`` so one record stays one line."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def redact_value(key: str, value: Any) -> Any:
    """Redact ``value`` entirely when ``key`` names a secret, else scrub nested strings."""
    if _SENSITIVE_KEY.search(key):
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(key, v) for v in value]
    return value


class ContextAndRedactionFilter(logging.Filter):
    """Attach request/user ids; scrub the message, its args and every extra field."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Mutate the record in place; never drops it."""
        record.request_id = request_id_var.get()
        record.user_id = user_id_var.get()
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not kill logging
            message = str(record.msg)
        message = redact_text(message)
        if record.name.startswith(_LIBRARY_LOGGERS):
            message = _UUID.sub(REDACTED, message)
        record.msg = escape_controls(message)
        record.args = None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            text = redact_text(record.exc_text)
            if record.name.startswith(_LIBRARY_LOGGERS):
                text = _UUID.sub(REDACTED, text)
            # A traceback keeps its line breaks; any other control character (terminal escapes) is shown.
            record.exc_text = "\n".join(escape_controls(line) for line in text.split("\n"))
        for key, value in list(record.__dict__.items()):
            if key not in _RESERVED and key not in {"request_id", "user_id"}:
                record.__dict__[key] = redact_value(key, value)
        return True


def _formatter(fmt: str) -> logging.Formatter:
    if fmt == "console":
        return logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    return JsonFormatter(
        "%(levelname)s %(name)s %(message)s",
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="ts",
        json_ensure_ascii=False,
    )


# Reflex's CLI marks its processes so its own sinks re-attach themselves; ours replace them.
_REFLEX_MANAGED_MARKER = "REFLEX_MANAGED_LOGGING"


def configure_logging(level: str | None = None, fmt: str | None = None) -> None:
    """Install the JSON handler on the ``casino_app`` and ``reflex`` logger trees (idempotent).

    Reflex records go through the same redaction and formatter, at WARNING or
    above unless ``LOG_LEVEL`` is DEBUG (its INFO lines are per-request noise).
    """
    from casino_app.settings import get_settings

    settings = get_settings()
    handler = logging.StreamHandler(sys.stderr)
    handler._cc_handler = True  # type: ignore[attr-defined]
    handler.addFilter(ContextAndRedactionFilter())
    handler.setFormatter(_formatter(fmt or settings.log_format))
    chosen = level or settings.log_level
    os.environ.pop(_REFLEX_MANAGED_MARKER, None)
    quiet = "DEBUG" if chosen == "DEBUG" else "WARNING"
    for name, logger_level in (("casino_app", chosen), *((library, quiet) for library in _LIBRARY_LOGGERS)):
        logger = logging.getLogger(name)
        for old in list(logger.handlers):
            if getattr(old, "_cc_handler", False) or name != "casino_app":
                logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(logger_level)
        logger.propagate = False


_frontend_log = logging.getLogger("casino_app.frontend")
_FRONTEND_MAX_CHARS = 1000
_FRONTEND_PER_MINUTE = 30
_frontend_window = {"start": 0.0, "count": 0}
_frontend_lock = threading.Lock()


def log_frontend_exception(exception: Exception) -> None:
    """Reflex's frontend-exception handler: anyone's browser can send these, so treat them as hostile.

    Length-bounded, redacted and control-escaped (no forged lines, no terminal
    escapes), and at most ``_FRONTEND_PER_MINUTE`` per process per minute.
    """
    now = time.monotonic()
    with _frontend_lock:
        if now - _frontend_window["start"] >= 60:
            suppressed = max(0, _frontend_window["count"] - _FRONTEND_PER_MINUTE)
            _frontend_window["start"], _frontend_window["count"] = now, 0
            if suppressed:
                _frontend_log.warning("frontend exception reports suppressed in the last minute: %d", suppressed)
        _frontend_window["count"] += 1
        if _frontend_window["count"] > _FRONTEND_PER_MINUTE:
            return
    text = str(exception)
    clipped = text[:_FRONTEND_MAX_CHARS] + ("…" if len(text) > _FRONTEND_MAX_CHARS else "")
    _frontend_log.warning("frontend exception: %s", escape_controls(redact_text(clipped)))
