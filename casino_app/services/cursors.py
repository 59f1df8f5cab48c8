"""Opaque keyset-pagination cursors: ``<kind letter><last id>`` in URL-safe base64."""

from __future__ import annotations

import base64
import binascii

from casino_app.core.errors import ValidationFailed


def encode(kind: str, last_id: int) -> str:
    """The cursor for the page after row ``last_id`` of a listing of ``kind`` (one letter)."""
    return base64.urlsafe_b64encode(f"{kind}{last_id}".encode()).decode().rstrip("=")


def decode(kind: str, cursor: str) -> int:
    """The row id in a ``kind`` cursor (422 ``CURSOR_INVALID`` for anything else)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        value = int(raw[len(kind) :]) if raw.startswith(kind) else 0
    except (binascii.Error, UnicodeDecodeError, ValueError):
        value = 0
    if value <= 0:
        raise ValidationFailed(code="CURSOR_INVALID", details={"field": "cursor"})
    return value
