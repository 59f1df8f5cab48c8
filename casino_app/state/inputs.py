"""Parsing of event-handler arguments: the browser can send any JSON, so nothing is trusted to be typed."""

from __future__ import annotations

import re
import uuid

_DIGITS = re.compile(r"[0-9]{1,18}")


def as_int(value: object) -> int | None:
    """A non-negative integer below 10**18 from an int or ASCII-digit string; ``None`` for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 10**18 else None
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        return int(value.strip())
    return None


def as_uuid(value: object) -> uuid.UUID | None:
    """A UUID from its string form; ``None`` for anything else."""
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
