"""Structured JSON logging with request/user ids and redaction of secrets.

Every record is one JSON object per line on stderr. A filter adds
``request_id`` and ``user_id`` from the request context, and scrubs
passwords, tokens, secrets and phone numbers — by key in ``extra`` and by
pattern in messages — so nothing sensitive reaches a log sink.
"""

from __future__ import annotations

import logging
import re
import sys
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
]
_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


def redact_text(text: str) -> str:
    """Replace tokens, bearer credentials, secrets and phone numbers in ``text``."""
    for pattern, replacement in _SENSITIVE_VALUE:
        text = pattern.sub(replacement, text)
    return text


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
        record.msg = redact_text(message)
        record.args = None
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


def configure_logging(level: str | None = None, fmt: str | None = None) -> None:
    """Install the JSON handler on the ``casino_app`` logger tree (idempotent)."""
    from casino_app.settings import get_settings

    settings = get_settings()
    logger = logging.getLogger("casino_app")
    for handler in list(logger.handlers):
        if getattr(handler, "_cc_handler", False):
            logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._cc_handler = True  # type: ignore[attr-defined]
    handler.addFilter(ContextAndRedactionFilter())
    handler.setFormatter(_formatter(fmt or settings.log_format))
    logger.addHandler(handler)
    logger.setLevel(level or settings.log_level)
    logger.propagate = False
