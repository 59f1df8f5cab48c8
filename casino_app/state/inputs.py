"""Parsing of event-handler arguments: the browser can send any JSON, so nothing is trusted to be typed."""

from __future__ import annotations

import re
import uuid

_DIGITS = re.compile(r"[0-9]{1,19}")
INT_MAX = 2**31 - 1  # PostgreSQL integer
BIGINT_MAX = 2**63 - 1  # PostgreSQL bigint (ids, nonces)


def as_int(value: object, *, maximum: int = INT_MAX) -> int | None:
    """An integer in ``0..maximum`` from an int or ASCII-digit string; ``None`` for anything else.

    The default bound fits an ``integer`` column; pass ``BIGINT_MAX`` for ids.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, int) and 0 <= value <= maximum:
        return value
    return None


def as_uuid(value: object) -> uuid.UUID | None:
    """A UUID from its string form; ``None`` for anything else."""
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
