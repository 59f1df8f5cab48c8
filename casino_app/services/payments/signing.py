"""Webhook signatures: HMAC-SHA256 over ``"<timestamp>." + raw body``, time-boxed, with rotating secrets.

The header is ``X-CC-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]``. The
signer uses the first secret of ``PAYMENT_WEBHOOK_SECRETS``; the verifier
accepts a ``v1`` made with any listed secret, so a secret is rotated without
downtime: put the new one first (deliveries are signed with it, old in-flight
ones still verify), then drop the old one. A timestamp more than
``PAYMENT_WEBHOOK_TOLERANCE_SECONDS`` (±5 minutes) from the business clock is
stale. Digests are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets as secrets_module
from collections.abc import Mapping, Sequence

from casino_app.core import clock, local_secret
from casino_app.services.payments.port import WebhookRejected
from casino_app.settings import get_settings

HEADER = "X-CC-Signature"
SCHEME = "v1"
MAX_HEADER_LENGTH = 1_000


def webhook_secrets() -> list[bytes]:
    """The active secrets, signing one first (``PAYMENT_WEBHOOK_SECRETS``, else a local development secret)."""
    settings = get_settings()
    if settings.payment_webhook_secrets is not None:
        parts = [p.strip() for p in settings.payment_webhook_secrets.get_secret_value().split(",") if p.strip()]
        if parts:
            return [part.encode("utf-8") for part in parts]
    path = settings.absolute(settings.data_dir) / "payment_webhook_secret"
    return [local_secret.persisted(path, lambda: secrets_module.token_urlsafe(32).encode("ascii"))]


def digest(secret: bytes, timestamp: int, raw_body: bytes) -> str:
    """The hex HMAC-SHA256 of ``f"{timestamp}."`` followed by the raw body."""
    return hmac.new(secret, f"{timestamp}.".encode() + raw_body, hashlib.sha256).hexdigest()


def sign(raw_body: bytes, *, timestamp: int | None = None, secrets: Sequence[bytes] | None = None) -> str:
    """The ``X-CC-Signature`` value for ``raw_body``, signed with the first secret at ``timestamp`` (now)."""
    keys = list(secrets) if secrets is not None else webhook_secrets()
    when = int(clock.now().timestamp()) if timestamp is None else timestamp
    return f"t={when},{SCHEME}={digest(keys[0], when, raw_body)}"


def header_value(headers: Mapping[str, str]) -> str | None:
    """The signature header from ``headers``, whatever its case."""
    for name, value in headers.items():
        if name.lower() == HEADER.lower():
            return value
    return None


def _parse(header: str) -> tuple[int, list[str]]:
    if len(header) > MAX_HEADER_LENGTH:
        raise WebhookRejected("WEBHOOK_SIGNATURE", "signature header too long")
    timestamp: int | None = None
    signatures: list[str] = []
    for item in header.split(","):
        key, sep, value = item.strip().partition("=")
        if not sep:
            raise WebhookRejected("WEBHOOK_SIGNATURE", "malformed signature header")
        if key == "t":
            if timestamp is not None or not value.isascii() or not value.isdigit() or len(value) > 12:
                raise WebhookRejected("WEBHOOK_SIGNATURE", "malformed timestamp")
            timestamp = int(value)
        elif key == SCHEME:
            if len(value) != 64 or not all(c in "0123456789abcdef" for c in value):
                raise WebhookRejected("WEBHOOK_SIGNATURE", "malformed v1 signature")
            signatures.append(value)
        # other schemes are ignored, as providers add new ones
    if timestamp is None or not signatures:
        raise WebhookRejected("WEBHOOK_SIGNATURE", "signature header lacks t= or v1=")
    return timestamp, signatures


def verify(headers: Mapping[str, str], raw_body: bytes, *, secrets: Sequence[bytes] | None = None) -> int:
    """Check the signature of a delivery; return its signed timestamp.

    Raises ``WebhookRejected("WEBHOOK_SIGNATURE")`` for a missing, malformed or
    wrong signature and ``WebhookRejected("WEBHOOK_STALE")`` for a correctly
    signed delivery outside the tolerance window (a replay of an old capture).
    """
    header = header_value(headers)
    if not header:
        raise WebhookRejected("WEBHOOK_SIGNATURE", "missing signature header")
    timestamp, signatures = _parse(header)
    keys = list(secrets) if secrets is not None else webhook_secrets()
    expected = [digest(key, timestamp, raw_body) for key in keys]
    matched = False
    for candidate in signatures:
        for wanted in expected:  # no early exit: the time spent does not tell which secret matched
            matched |= hmac.compare_digest(candidate.encode("ascii"), wanted.encode("ascii"))
    if not matched:
        raise WebhookRejected("WEBHOOK_SIGNATURE", "signature does not match")
    tolerance = get_settings().payment_webhook_tolerance_seconds
    if abs(clock.now().timestamp() - timestamp) > tolerance:
        raise WebhookRejected("WEBHOOK_STALE", "signature timestamp outside the allowed window")
    return timestamp
