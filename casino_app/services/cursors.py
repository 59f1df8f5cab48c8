"""Opaque keyset-pagination cursors: ``<kind letter><last id>`` in URL-safe base64."""

from __future__ import annotations

import base64
import binascii

from casino_app.core.errors import ValidationFailed

# Row ids are PostgreSQL bigints; a larger value would overflow in the query (a 500).
MAX_ID = 2**63 - 1
_MAX_DIGITS = len(str(MAX_ID))


def encode(kind: str, last_id: int) -> str:
    """The cursor for the page after row ``last_id`` of a listing of ``kind`` (one letter)."""
    return base64.urlsafe_b64encode(f"{kind}{last_id}".encode()).decode().rstrip("=")


def decode(kind: str, cursor: str) -> int:
    """The row id in a ``kind`` cursor (422 ``CURSOR_INVALID`` for anything else).

    Only ASCII digits count: ``int()`` would also take other scripts' digits,
    signs, spaces and underscores, none of which ``encode`` ever writes.
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    digits = raw[len(kind) :] if raw.startswith(kind) else ""
    value = int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= _MAX_DIGITS else 0
    if not 0 < value <= MAX_ID:
        raise ValidationFailed(code="CURSOR_INVALID", details={"field": "cursor"})
    return value
